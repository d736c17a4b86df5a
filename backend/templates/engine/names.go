package engine

import (
	"strings"
	"unicode/utf8"
)

// field is what a variable reads from the render context.
type field uint8

const (
	fieldName field = iota + 1
	fieldFirstName
	fieldLastName
	fieldPhone
	fieldEmail
	fieldCompany
	fieldDate
	fieldTime
	fieldCustom
)

type builtin struct {
	name  string
	field field
}

// builtins lists the built-in variables in the order the UI offers them; the
// order also decides which suggestion wins a tie.
func builtins() [8]builtin {
	return [...]builtin{
		{"name", fieldName},
		{"first_name", fieldFirstName},
		{"last_name", fieldLastName},
		{"phone", fieldPhone},
		{"email", fieldEmail},
		{"company", fieldCompany},
		{"date", fieldDate},
		{"time", fieldTime},
	}
}

const customPrefix = "custom."

// canonical splits the text between {{ and the first | into a field and, for
// custom fields, the key. Spaces around the name and around the dot of
// custom.<key> are ignored and the result is lowercased; the key keeps its
// inner spaces ("custom.date of birth"). ok is false when the text is no
// variable at all; then canon is the lowercased text, for suggestions.
func canonical(raw string) (f field, canon string, key string, ok bool) {
	lower := strings.ToLower(strings.TrimSpace(raw))
	for _, b := range builtins() {
		if lower == b.name {
			return b.field, b.name, "", true
		}
	}
	if rest, found := strings.CutPrefix(lower, "custom"); found {
		if rest, found = strings.CutPrefix(strings.TrimSpace(rest), "."); found {
			key = strings.TrimSpace(rest)
			return fieldCustom, customPrefix + key, key, true
		}
	}
	return 0, lower, "", false
}

// customSet holds the custom-field keys of the contact book, lowercased, in
// the order given. A nil set accepts every key.
type customSet []string

func newCustomSet(keys []string) customSet {
	if keys == nil {
		return nil
	}
	set := customSet{}
	for _, k := range keys {
		k = strings.ToLower(strings.TrimSpace(k))
		if k != "" && !set.has(k) {
			set = append(set, k)
		}
	}
	return set
}

func (s customSet) has(lowerKey string) bool {
	for _, k := range s {
		if k == lowerKey {
			return true
		}
	}
	return false
}

// suggest returns the known variable closest to the unknown canonical name,
// or "" when none is close enough to be a likely typo. A bare custom key
// ({{city}} when the book has "city") suggests {{custom.city}}.
func suggest(unknown string, custom customSet) string {
	if custom.has(unknown) {
		return customPrefix + unknown
	}
	best, bestDist := "", -1
	length, typos := utf8.RuneCountInString(unknown), maxTypos(unknown)
	try := func(candidate string) {
		if diff := utf8.RuneCountInString(candidate) - length; diff > typos || -diff > typos {
			return // too different in length to be within reach
		}
		d := editDistance(unknown, candidate)
		if d <= typos && (bestDist < 0 || d < bestDist) {
			best, bestDist = candidate, d
		}
	}
	for _, b := range builtins() {
		try(b.name)
	}
	for _, k := range custom {
		try(customPrefix + k)
	}
	return best
}

// maxTypos is how many edits still look like a typo rather than another word:
// one for short names (so "nam" finds "name" but "age" finds nothing), two
// for longer ones ("frist_nme" finds "first_name").
func maxTypos(s string) int {
	if utf8.RuneCountInString(s) <= 4 {
		return 1
	}
	return 2
}

// editDistance is the optimal-string-alignment distance between a and b in
// runes: insertions, deletions, substitutions and swaps of neighbours each
// cost one, so the common "frist" for "first" is a single typo.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows suffice: the swap looks two rows back.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
