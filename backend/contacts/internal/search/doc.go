// Package search is the contact book's full-text search: the document each
// contact is indexed by, the FTS5 query a user's words become, the index's
// declaration, its upkeep as contacts are written, and the index an import
// into an empty book builds beside the book and then puts in its place.
// It writes the search tables (contacts_fts, the view contacts_search,
// contacts_fts_held) and reads, of the rest of the book, only which
// contacts exist.
package search

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"herald/backend/store"
)

// The full-text index holds one document per contact (store migration 7):
// its name, email, company and tag names, with a run of letters and a run
// of digits always apart ("lena.fischer123" is indexed as "lena fischer
// 123").
//
// Splitting letters from digits keeps prefix searches fast: without it every
// email such as fischer1 … fischer999999 is a term of its own, and "fischer*"
// has to merge thousands of them. Tag filters read the tags' bitmaps
// (internal/tagset), not the index: the documents carry no token per tag
// (store migration 11).
//
// The index reads its documents through the view contacts_search, which
// calls DocSQL below with a contact's name, email, company and tag list
// (docFunction).
const DocSQL = "herald_search_doc"

// SQLFunctions are the SQL functions the search tables call: the view
// contacts_search makes its documents with DocSQL.
func SQLFunctions() []store.Function {
	return []store.Function{{Name: DocSQL, Args: -1, Deterministic: true, Fn: docFunction}}
}

// docFunction is herald_search_doc. It takes any number of arguments: the
// view of store migration 7 passed tag ids as a fifth, which is ignored.
func docFunction(args []driver.Value) (driver.Value, error) {
	if len(args) < 4 {
		return nil, fmt.Errorf("%s: want name, email, company and tags", DocSQL)
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
	return Doc(text(args[0]), text(args[1]), text(args[2]), tags), nil
}

// Doc is the full-text document of a contact. The same contact always
// gives the same document: removing it from the index needs exactly the
// text it was added with.
func Doc(name, email, company string, tags []string) string {
	b := make([]byte, 0, len(name)+len(email)+len(company)+8*len(tags)+16)
	for _, s := range []string{name, email, company} {
		b = appendSplit(b, s)
		b = append(b, ' ')
	}
	for _, t := range tags {
		b = appendSplit(b, t)
		b = append(b, ' ')
	}
	return string(b)
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

// appendSplit appends s to b with a space wherever a letter meets a digit.
// Invalid UTF-8 is written as U+FFFD, as a strings.Builder's WriteRune
// wrote it when the index was first built: a document must stay the same
// text for as long as the index holds it.
func appendSplit(b []byte, s string) []byte {
	prev := 0
	for i := 0; i < len(s); {
		c := s[i]
		k, size := 0, 1
		if c < utf8.RuneSelf {
			k = runeKind(rune(c))
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = utf8.AppendRune(b, r)
				prev = 0
				i++
				continue
			}
			if unicode.Is(unicode.Mn, r) {
				// A combining mark belongs to the letter before it.
				b = append(b, s[i:i+n]...)
				i += n
				continue
			}
			k, size = runeKind(r), n
		}
		if k != 0 && prev != 0 && k != prev {
			b = append(b, ' ')
		}
		b = append(b, s[i:i+size]...)
		prev = k
		i += size
	}
	return b
}

// splitWord cuts a word where letters meet digits, as the index does.
func splitWord(w string) []string {
	return strings.Fields(string(appendSplit(nil, w)))
}
