package contacts

import (
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	sqlite "github.com/glebarez/go-sqlite"
)

// The full-text index holds one document per contact (store migration 7):
// its name, email, company and tag names, with a run of letters and a run
// of digits always apart ("lena.fischer123" is indexed as "lena fischer
// 123"), and one token per tag it carries (tagToken).
//
// Splitting letters from digits keeps prefix searches fast: without it every
// email such as fischer1 … fischer999999 is a term of its own, and "fischer*"
// has to merge tens of thousands of them (430 ms at a million contacts
// instead of 30). A tag token mixes letters and digits, which no split word
// can, so it matches only its tag and lets a search and its tag filter run
// as one full-text query.
//
// The index reads its documents through the view contacts_search, which
// calls searchDocSQL below with a contact's name, email, company and tag
// list; the function is registered with the driver for every connection
// this process opens. The tag tokens are made from the names, not from the
// tags table, because FTS5 reads its content with table-valued functions
// (json_each) forbidden, and a contact's tags are a JSON list.
const searchDocSQL = "herald_search_doc"

func init() {
	// Any number of arguments: the view of store migration 7 passed tag
	// ids as a fifth, which is ignored.
	sqlite.MustRegisterDeterministicScalarFunction(searchDocSQL, -1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if len(args) < 4 {
			return nil, fmt.Errorf("%s: want name, email, company and tags", searchDocSQL)
		}
		text := func(v driver.Value) string {
			switch x := v.(type) {
			case string:
				return x
			case []byte:
				return string(x)
			}
			return ""
		}
		var tags []string
		_ = json.Unmarshal([]byte(text(args[3])), &tags)
		return searchDoc(text(args[0]), text(args[1]), text(args[2]), tags), nil
	})
}

// searchDoc is the full-text document of a contact. Tag tokens are sorted,
// so that the same contact always gives the same document: removing it from
// the index needs exactly the text it was added with.
func searchDoc(name, email, company string, tags []string) string {
	var b strings.Builder
	b.Grow(len(name) + len(email) + len(company) + 16*len(tags))
	for _, s := range []string{name, email, company} {
		appendSplit(&b, s)
		b.WriteByte(' ')
	}
	for _, t := range tags {
		appendSplit(&b, t)
		b.WriteByte(' ')
	}
	tokens := make([]string, len(tags))
	for i, t := range tags {
		tokens[i] = tagToken(t)
	}
	slices.Sort(tokens)
	for _, t := range slices.Compact(tokens) {
		b.WriteString(t)
		b.WriteByte(' ')
	}
	return b.String()
}

// tagToken is the index token of the tag named name: "0x" and the name in
// hex, its ASCII letters in lower case, so that every spelling the tags
// table takes as the same (COLLATE NOCASE) gives the same token. A search
// cannot reach it: every word typed is split into runs of letters and of
// digits (ftsQuery), and no run is a prefix of a token that starts "0x"
// (a lone "0" is a whole word).
func tagToken(name string) string {
	b := []byte(name)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return "0x" + hex.EncodeToString(b)
}

// runeKind is 1 for a letter, 2 for a digit, 0 for anything else.
func runeKind(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return 2
	case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		return 1
	case r < utf8.RuneSelf:
		return 0
	case unicode.IsDigit(r):
		return 2
	case unicode.IsLetter(r):
		return 1
	}
	return 0
}

// appendSplit writes s with a space wherever a letter meets a digit.
func appendSplit(b *strings.Builder, s string) {
	prev := 0
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r) {
			// A combining mark belongs to the letter before it.
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
}

// splitWord cuts a word where letters meet digits, as the index does.
func splitWord(w string) []string {
	var b strings.Builder
	appendSplit(&b, w)
	return strings.Fields(b.String())
}
