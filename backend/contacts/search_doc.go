package contacts

import (
	"database/sql/driver"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	sqlite "github.com/glebarez/go-sqlite"
)

// The full-text index holds one document per contact (store migration 7):
// its name, email, company and tag names, with a run of letters and a run
// of digits always apart ("lena.fischer123" is indexed as "lena fischer
// 123"), and one token per tag it carries ("tag17" for tag id 17).
//
// Splitting letters from digits keeps prefix searches fast: without it every
// email such as fischer1 … fischer999999 is a term of its own, and "fischer*"
// has to merge tens of thousands of them (430 ms at a million contacts
// instead of 30). A tag token mixes letters and digits, which no split word
// can, so it matches only its tag and lets a search and its tag filter run
// as one full-text query.
//
// The index reads its documents through the view contacts_search, which
// calls searchDocSQL below; the function is registered with the driver for
// every connection this process opens.
const searchDocSQL = "herald_search_doc"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(searchDocSQL, 5, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
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
		var tagIDs []int64
		for _, f := range strings.Fields(strings.ReplaceAll(text(args[4]), ",", " ")) {
			if id, err := strconv.ParseInt(f, 10, 64); err == nil {
				tagIDs = append(tagIDs, id)
			}
		}
		return searchDoc(text(args[0]), text(args[1]), text(args[2]), tags, tagIDs), nil
	})
}

// searchDoc is the full-text document of a contact. Tag ids are sorted, so
// that the same contact always gives the same document: removing it from the
// index needs exactly the text it was added with.
func searchDoc(name, email, company string, tags []string, tagIDs []int64) string {
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
	ids := slices.Clone(tagIDs)
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		b.WriteString(tagToken(id))
		b.WriteByte(' ')
	}
	return b.String()
}

// tagToken is the index token of a tag.
func tagToken(id int64) string { return "tag" + strconv.FormatInt(id, 10) }

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
