package store

import "strings"

// DefaultPageSize is the page a list returns when the caller names none.
const DefaultPageSize = 50

// Window clamps a requested page: a missing limit becomes DefaultPageSize,
// a large one maxLimit (so no request pulls a whole table at once), and a
// negative offset 0.
func Window(offset, limit, maxLimit int) (int, int) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	return max(offset, 0), min(limit, maxLimit)
}

// EscapeLike makes s match itself literally inside a LIKE pattern written
// with ESCAPE '\'.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
