package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// searchDocV11 is Doc as store migration 11 first built the index
// with it. A document must stay the same text for as long as an index holds
// it (removing an entry takes exactly the text it was added with), so
// Doc, however it is made faster, must give what this gives.
func searchDocV11(name, email, company string, tags []string) string {
	var b strings.Builder
	split := func(s string) {
		prev := 0
		for _, r := range s {
			if r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r) {
				b.WriteRune(r)
				continue
			}
			k := runeKind(r)
			if k != 0 && prev != 0 && k != prev {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			prev = k
		}
		b.WriteByte(' ')
	}
	for _, s := range append([]string{name, email, company}, tags...) {
		split(s)
	}
	return b.String()
}

func FuzzSearchDocStaysTheSame(f *testing.F) {
	for _, s := range []string{"lena.fischer123@example.com", "Zoë Ünal", "e\u0301te\u0301 12ab", "日本 太郎 ٣٤", "\xff\xfe1a\xc3", "x\u0301\u0301"} {
		f.Add(s, "a1b2", "VIP")
	}
	f.Fuzz(func(t *testing.T, name, email, tag string) {
		got, want := Doc(name, email, tag, []string{tag, name}), searchDocV11(name, email, tag, []string{tag, name})
		if got != want {
			t.Fatalf("document %q, the index holds %q", got, want)
		}
	})
}
