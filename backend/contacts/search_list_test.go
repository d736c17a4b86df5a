package contacts

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// refContact is what the brute-force reference knows of a contact.
type refContact struct {
	id       int64
	name     string
	phone    string
	tokens   []string
	tags     []string
	optedOut bool
}

// refTokens splits ASCII text the way the full-text index does: lower-cased
// runs of letters and runs of digits.
func refTokens(texts ...string) []string {
	var out []string
	for _, t := range texts {
		cur, kind := "", 0
		for _, r := range strings.ToLower(t) {
			k := 0
			switch {
			case r >= 'a' && r <= 'z':
				k = 1
			case r >= '0' && r <= '9':
				k = 2
			}
			if k != kind && cur != "" {
				out = append(out, cur)
				cur = ""
			}
			if k != 0 {
				cur += string(r)
			}
			kind = k
		}
		if cur != "" {
			out = append(out, cur)
		}
	}
	return out
}

// refWordMatches reports whether a word someone typed matches tokens: its
// parts in a row, every one whole but the last, which may be a prefix
// (unless it is a single character).
func refWordMatches(word string, tokens []string) bool {
	parts := refTokens(word)
	if len(parts) == 0 {
		return true
	}
	prefix := len([]rune(parts[len(parts)-1])) > 1
	for i := 0; i+len(parts) <= len(tokens); i++ {
		ok := true
		for j, p := range parts {
			t := tokens[i+j]
			last := j == len(parts)-1
			if !(t == p || last && prefix && strings.HasPrefix(t, p)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// refBook reads every contact for the reference.
func refBook(t *testing.T, s *Service) []refContact {
	t.Helper()
	var rows []row
	if err := s.db.Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var all []refContact
	for _, r := range rows {
		c := r.contact()
		all = append(all, refContact{id: c.ID, name: c.Name, phone: c.Phone, tags: c.Tags, optedOut: c.OptedOut,
			tokens: refTokens(append([]string{c.Name, c.Email, c.Company}, c.Tags...)...)})
	}
	return all
}

// refList is the page of q that a brute force over the book all gives.
func refList(s *Service, all []refContact, q Query) ([]int64, int64) {
	search := strings.TrimSpace(q.Search)
	prefixes := s.phonePrefixes(search)
	words := strings.FieldsFunc(search, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	var out []refContact
	for _, c := range all {
		ok := true
		if prefixes != nil {
			ok = false
			for _, p := range prefixes {
				ok = ok || strings.HasPrefix(c.phone, p)
			}
			if len(words) == 1 {
				ok = ok || refWordMatches(words[0], c.tokens)
			}
		} else {
			for _, w := range words {
				ok = ok && refWordMatches(w, c.tokens)
			}
		}
		for _, tag := range q.Tags {
			ok = ok && slices.ContainsFunc(c.tags, func(x string) bool { return strings.EqualFold(x, tag) })
		}
		if q.OptedOut != nil {
			ok = ok && c.optedOut == *q.OptedOut
		}
		if len(q.IDs) > 0 {
			ok = ok && slices.Contains(q.IDs, c.id)
		}
		if ok {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b refContact) int {
		var d int
		switch q.Sort {
		case "", "name":
			d = strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
			if d == 0 {
				d = int(a.id - b.id)
			}
		case "phone":
			d = strings.Compare(a.phone, b.phone)
		case "createdAt":
			d = int(a.id - b.id)
		}
		if q.Desc {
			d = -d
		}
		return d
	})
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	var ids []int64
	for i := q.Offset; i < len(out) && i < q.Offset+limit; i++ {
		ids = append(ids, out[i].id)
	}
	return ids, int64(len(out))
}

// buildDifferentialBook fills a book with contacts whose names, emails and
// companies share words, prefixes and numbers, with tags and opt-outs, and
// then edits it every way the UI can, so that the indexes have been kept in
// step through inserts, updates, deletes and tag changes.
func buildDifferentialBook(t *testing.T) *Service {
	// Buckets of the list orders small enough to be split many times over
	// while the book is built, and for deep pages to start at one.
	f := newService(t)
	f.svc.orders.Config.BucketSize = 8
	r := rand.New(rand.NewSource(7))
	first := []string{"Ana", "Anabel", "Ben", "Lena", "Fatima", "ana", "Zoe", "Chen", "Li"}
	last := []string{"Fischer", "Fisher", "Noor", "Souza", "Ross", "Lee"}
	tags := []string{"vip", "lead", "VIP customer", "batch 1", "batch 2", "x"}
	phones := r.Perm(900)
	var sb strings.Builder
	sb.WriteString("name,phone,email,company,tags,opted out\n")
	for i := range 300 {
		fn, ln := first[r.Intn(len(first))], last[r.Intn(len(last))]
		name := fn + " " + ln
		if i%3 == 0 {
			name = fmt.Sprintf("%s %d", name, r.Intn(120))
		}
		if i%17 == 0 {
			name = fn // ties on name
		}
		var ts []string
		for _, tg := range tags {
			if r.Intn(3) == 0 {
				ts = append(ts, tg)
			}
		}
		email := ""
		if i%2 == 0 {
			email = fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(fn), strings.ToLower(ln), r.Intn(200))
		}
		opted := ""
		if i%7 == 0 {
			opted = "yes"
		}
		fmt.Fprintf(&sb, "%s,+447911%06d,%s,%s Ltd,\"%s\",%s\n", name, 100000+phones[i], email, ln, strings.Join(ts, ","), opted)
	}
	path := writeFile(t, "book.csv", sb.String())
	if _, err := f.svc.Import(path, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Added %d Fischer%d", i, i*7), Phone: fmt.Sprintf("+447911%06d", 100000+phones[300+i]),
			Tags: []string{tags[i%len(tags)], tags[(i*5)%len(tags)]}, OptedOut: i%9 == 0})
	}
	page, err := f.svc.List(Query{Sort: "createdAt", Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var del []int64
	for i, c := range page.Items {
		switch i % 11 {
		case 1:
			c.Name, c.Tags = "Renamed "+c.Name+" 42", append(c.Tags, "lead", "new")
			if _, err := f.svc.Update(c); err != nil {
				t.Fatal(err)
			}
		case 4:
			del = append(del, c.ID)
		case 6:
			if _, err := f.svc.SetOptedOut([]int64{c.ID}, !c.OptedOut, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := f.svc.Delete(del); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RenameTag("batch 2", "Batch Two"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.MergeTags([]string{"x", "new"}, "lead"); err != nil {
		t.Fatal(err)
	}
	// The full-text index, the tags' bitmaps and the orders' buckets must
	// hold exactly the book.
	checkBookInStep(t, f.svc)
	return f.svc
}

// Every way List finds a page (search, tags, opt-out, selection; small and
// broad match sets; pages from either end) gives exactly the page a brute
// force over the whole book gives.
func TestList_MatchesABruteForceReference(t *testing.T) {
	start := time.Now()
	s := buildDifferentialBook(t)
	all := refBook(t, s)
	t.Logf("built in %v", time.Since(start))
	yes, no := true, false
	searches := []string{"", "ana", "an", "a", "fis", "fischer", "fischer1", "fischer12", "lena.fischer", "ANA fisch",
		"ltd", "vip", "batch", "two", "renamed 42", "42", "1", "souza 1", "added fischer", "example com", "zzz", "+44 7911 1",
		"07911 10", "noor ross"}
	tagSets := [][]string{nil, {"vip"}, {"lead"}, {"VIP", "lead"}, {"batch 1"}, {"Batch Two", "vip customer"}, {"nope"}}
	for _, small := range []bool{false, true} {
		if small {
			// Force the broad-set paths (walking an index) on this small book.
			// Every search walks, in runs short enough to need many.
			s.tuning.sortInSQL, s.orders.Config.FirstRun = 3, 3
		}
		r := rand.New(rand.NewSource(1))
		for _, search := range searches {
			for _, tags := range tagSets {
				for _, opted := range []*bool{nil, &yes, &no} {
					// Every sort both ways, each at a window picked at random
					// among the first, a middle, a late and a past-the-end page.
					for _, sort := range []string{"name", "phone", "createdAt"} {
						for _, desc := range []bool{false, true} {
							win := [][2]int{{0, 7}, {5, 3}, {40, 50}, {150, 20}, {330, 10}, {1, 1}}[r.Intn(6)]
							q := Query{Search: search, Tags: tags, OptedOut: opted, Sort: sort, Desc: desc, Offset: win[0], Limit: win[1]}
							compareWithReference(t, s, all, q)
							// And a page in the last quarter, which is read
							// from the other end.
							_, total := refList(s, all, q)
							q.Offset, q.Limit = int(total)*3/4, 4
							compareWithReference(t, s, all, q)
						}
					}
				}
			}
		}
	}
	// A selection of ids combines with the other filters.
	book, _ := s.List(Query{Sort: "createdAt", Limit: MaxLimit})
	var pick []int64
	for i, c := range book.Items {
		if i%3 == 0 {
			pick = append(pick, c.ID)
		}
	}
	for _, q := range []Query{{IDs: pick}, {IDs: pick, Search: "ana"}, {IDs: pick, Tags: []string{"vip"}, Desc: true}, {IDs: pick, OptedOut: &no, Sort: "phone"}} {
		compareWithReference(t, s, all, q)
	}
}

func compareWithReference(t *testing.T, s *Service, all []refContact, q Query) {
	t.Helper()
	page, err := s.List(q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	want, total := refList(s, all, q)
	var got []int64
	for _, c := range page.Items {
		got = append(got, c.ID)
	}
	if page.Total != total || !slices.Equal(got, want) {
		t.Fatalf("%s: total %d ids %v, want total %d ids %v", describeQuery(q), page.Total, got, total, want)
	}
}

func describeQuery(q Query) string {
	opted := "any"
	if q.OptedOut != nil {
		opted = fmt.Sprint(*q.OptedOut)
	}
	return fmt.Sprintf("search %q tags %q optedOut %s ids %d sort %q desc %v offset %d limit %d", q.Search, q.Tags, opted, len(q.IDs), q.Sort, q.Desc, q.Offset, q.Limit)
}
