package contacts

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// What a JSON parser reads from appendJSONString is what it reads from
// json.Marshal, for any string, valid UTF-8 or not.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ slash`, "tab\tnew\nline\r\x00\x1f", "<b>&amp;</b>", "Zoë 日本 😀", "\xff\xfe broken \xc3", "\u2028\u2029"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want string
		if err := json.Unmarshal(appendJSONString(nil, s), &got); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, appendJSONString(nil, s), err)
		}
		std, _ := json.Marshal(s)
		if err := json.Unmarshal(std, &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("%q reads back as %q, json.Marshal's as %q", s, got, want)
		}
		var list []string
		if err := json.Unmarshal(appendJSONStrings(nil, []string{s, "x", s}), &list); err != nil || len(list) != 3 || list[0] != want || list[2] != want {
			t.Fatalf("list of %q reads back as %q (%v)", s, list, err)
		}
	})
}

// searchDocV11 is searchDoc as store migration 11 first built the index
// with it. A document must stay the same text for as long as an index holds
// it (removing an entry takes exactly the text it was added with), so
// searchDoc, however it is made faster, must give what this gives.
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
		got, want := searchDoc(name, email, tag, []string{tag, name}), searchDocV11(name, email, tag, []string{tag, name})
		if got != want {
			t.Fatalf("document %q, the index holds %q", got, want)
		}
	})
}

// The two ways CleanTags cleans a list agree, whatever its length.
func FuzzCleanTags(f *testing.F) {
	for _, s := range []string{"vip,VIP, Lead ,lead", "  a  b ,A B,\ta\u00a0b", "Straße,STRASSE,ǅ,ǆ,Ǆ", "K,\u212a,k", "σ,Σ,ς", ",,, ,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		tags := strings.Split(list, ",")
		if few, many := cleanFewTags(tags), cleanManyTags(tags); !slices.Equal(few, many) {
			t.Fatalf("%q is cleaned to %q pair by pair, to %q through a map", tags, few, many)
		}
	})
}
