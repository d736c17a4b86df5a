// Package usertext cleans what people type or import before it is stored.
//
// A NUL cuts text short in SQLite: its JSON functions, through which
// contacts are written in batches, end a string at an escaped NUL, so
// "Ana\x00 Lopez" was stored as "Ana" and the rest lost for good, and C
// code that SQLite hands text to may do the same. The other C0 control
// characters are invisible, mean nothing in a name or a message, and reach
// Herald only from pasted or exported files. Every service removes them
// where it tidies its input, so that no field is cut and no one has to find
// the invisible character a refusal would point at; tab, line feed and
// carriage return are text and stay.
package usertext

import "strings"

// Clean returns s without NUL and the other C0 control characters except
// tab, line feed and carriage return. It returns s itself when there is
// nothing to remove: an import cleans every field of a million rows.
func Clean(s string) string {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return cleanFrom(s, i)
		}
	}
	return s
}

// cleanFrom is Clean for s whose first control character is at i. It goes
// byte by byte, so that everything else stays as it was, invalid UTF-8
// included (the template check refuses that in plain words).
func cleanFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s) - 1)
	b.WriteString(s[:i])
	for j := i + 1; j < len(s); j++ {
		if !isControl(s[j]) {
			b.WriteByte(s[j])
		}
	}
	return b.String()
}

// isControl tells whether c is a C0 control character Clean removes. A byte
// below 0x20 is never part of a longer UTF-8 sequence, so a byte test finds
// exactly these characters.
func isControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r'
}

// CleanAll returns ss with each string cleaned: ss itself when none has
// anything to remove, else a copy, so that the caller's slice is left alone.
func CleanAll(ss []string) []string {
	for i, s := range ss {
		if c := Clean(s); c != s {
			out := make([]string, len(ss))
			copy(out, ss[:i])
			out[i] = c
			for j := i + 1; j < len(ss); j++ {
				out[j] = Clean(ss[j])
			}
			return out
		}
	}
	return ss
}
