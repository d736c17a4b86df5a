package importer

import (
	"strings"
	"unicode"
)

// draft is a record before its phone numbers are normalised. Readers build
// drafts; the worker pool turns them into Records, because parsing numbers
// is the slow part of an import.
type draft struct {
	rec    Record      // everything but the phone numbers, Skip and Problem
	phones []candidate // in file order
	broken string      // set when the row could not be read at all
}

// candidate is one phone number found in a record.
type candidate struct {
	raw    string
	label  string // what the file calls the number ("Work", "Business Phone"), "" when nothing
	mobile bool   // labelled mobile/cell: preferred over the others
}

// finish normalises the draft's phone numbers and returns the Record (see
// choosePhone for which number becomes the contact's).
func finish(d draft, region string) Record {
	r := d.rec
	if d.broken != "" {
		r.Problem = sentence(d.broken)
		return r
	}
	choosePhone(&r, d.phones, region)
	return r
}

// splitTags splits a tags cell on commas, semicolons and Google's " ::: ",
// trims each tag, and drops empty ones, duplicates (ignoring case) and
// Google's "* myContacts" system label. Other Google system labels such as
// "* starred" keep their name without the "* ".
func splitTags(dst []string, cell string) []string {
	l := tagList{list: dst}
	l.add(cell)
	return l.list
}

// tagList collects a record's tags as splitTags does, in time linear in
// their number: a cell of 100,000 tags must not compare each with all.
type tagList struct {
	list []string
	seen map[string]struct{} // foldKey of each tag, once there are many
}

// tagsScanned is how many tags tagList compares one by one before it
// indexes them.
const tagsScanned = 16

func (l *tagList) add(cell string) {
	fields := strings.FieldsFunc(strings.ReplaceAll(cell, ":::", ";"), func(r rune) bool {
		return r == ',' || r == ';'
	})
	for _, t := range fields {
		t = strings.TrimSpace(t)
		if strings.HasPrefix(t, "* ") {
			t = strings.TrimSpace(t[2:])
			if strings.EqualFold(t, "myContacts") {
				continue
			}
		}
		if t == "" || l.has(t) {
			continue
		}
		l.list = append(l.list, t)
		if l.seen != nil {
			l.seen[foldKey(t)] = struct{}{}
		}
	}
}

func (l *tagList) has(t string) bool {
	if l.seen == nil {
		if len(l.list) < tagsScanned {
			return containsFold(l.list, t)
		}
		l.seen = make(map[string]struct{}, 2*len(l.list))
		for _, x := range l.list {
			l.seen[foldKey(x)] = struct{}{}
		}
	}
	_, ok := l.seen[foldKey(t)]
	return ok
}

// foldKey maps s to a key that two strings share exactly when
// strings.EqualFold says they are equal: each rune becomes the smallest
// rune of its case-folding orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// truthy reports whether an opted-out cell says yes, in the languages of our
// users. Anything else, including an empty cell, means not opted out.
func truthy(cell string) bool {
	switch strings.ToLower(strings.TrimSpace(foldAccents(cell))) {
	case "1", "x", "y", "yes", "true", "si", "s", "sim", "oui", "o", "ja", "j", "wahr", "verdadero", "verdadeiro", "vrai",
		"opted out", "opted-out", "unsubscribed", "optout", "opt-out", "✓", "✔":
		return true
	}
	return false
}
