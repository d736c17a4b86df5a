package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchQuery turns what a user typed into an FTS5 query: every word must
// match as a word or the start of one. Quotes and operators are stripped so
// that no input is an FTS syntax error.
func MatchQuery(search string) string {
	words := strings.FieldsFunc(search, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_' && !unicode.Is(unicode.Mn, r)
	})
	var terms []string
	for _, w := range words {
		// Letters and digits are apart in the index (Doc): a word
		// that mixes them is a phrase of its parts, the last one a prefix.
		parts := splitWord(w)
		if len(parts) == 0 {
			continue
		}
		phrase := `"` + strings.Join(parts, " ") + `"`
		// A single letter or digit matches as a whole word: as a prefix it
		// would match most of the book and make every keystroke slow. At
		// the end of a phrase too ("fischer1"): the index keeps prefixes
		// of two characters, not one (store migration 8).
		if utf8.RuneCountInString(parts[len(parts)-1]) == 1 {
			terms = append(terms, phrase)
			continue
		}
		terms = append(terms, phrase+"*")
	}
	return strings.Join(terms, " AND ")
}
