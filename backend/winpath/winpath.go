// Package winpath holds Windows' rules for file names and folders as plain
// string logic. Nothing here can run Windows, so the rules must be testable
// on any OS with Windows-shaped paths; and Herald applies the name rules on
// every OS, since a name Windows accepts is accepted everywhere else too and
// an export or upload then behaves the same wherever Herald runs.
package winpath

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxName is the longest file name NTFS stores, in UTF-16 code units.
const MaxName = 255

// forbidden are the characters Windows refuses in a file name (besides
// control characters).
const forbidden = `<>:"/\|?*`

// ErrName is the error every CheckName failure wraps.
var ErrName = errors.New("not a valid file name on Windows")

// nameError is a CheckName failure: a sentence for the user.
type nameError struct{ msg string }

func (e *nameError) Error() string        { return e.msg }
func (e *nameError) Is(target error) bool { return target == ErrName }

func invalid(format string, args ...any) error {
	return &nameError{msg: fmt.Sprintf(format, args...)}
}

// CheckName returns nil when name can be a file name on Windows, or an
// error (wrapping ErrName) that says in plain words what is wrong with it.
func CheckName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return invalid("The file name is empty.")
	case !utf8.ValidString(name):
		return invalid("The file name %q is not valid text.", name)
	}
	for _, r := range name {
		if r < ' ' || r == 0x7f {
			return invalid("The file name %q contains a control character.", name)
		}
		if strings.ContainsRune(forbidden, r) {
			return invalid("A file name cannot contain %q (Windows refuses %s in file names): %q.", string(r), spaced(forbidden), name)
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return invalid("A file name cannot end with a dot or a space (Windows drops them): %q.", name)
	}
	if IsReserved(name) {
		return invalid("%q is a name Windows keeps for a device, even with an extension: choose another name.", name)
	}
	if n := units(name); n > MaxName {
		return invalid("The file name is too long (%d characters; Windows takes at most %d).", n, MaxName)
	}
	return nil
}

func spaced(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}

// IsReserved reports whether name (a file name, not a path) is one of the
// names Windows keeps for devices: CON, PRN, AUX, NUL, COM0-9 and LPT0-9
// (also with ¹ ² ³), CONIN$ and CONOUT$, in any case, alone or followed by
// an extension (NUL.csv is the null device) or by spaces before the dot.
func IsReserved(name string) bool {
	stem := name
	if i := strings.IndexAny(stem, ".:"); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) >= 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) {
		switch stem[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// CleanName turns name into a file name CheckName accepts, at most max
// UTF-16 units long (MaxName when max is 0 or larger): forbidden and control
// characters become _, trailing dots and spaces go, a device name gets a
// leading _, and a long name is cut on a character boundary, keeping a short
// extension. It returns "" when nothing usable is left.
func CleanName(name string, max int) string {
	if max <= 0 || max > MaxName {
		max = MaxName
	}
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || strings.ContainsRune(forbidden, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimRight(name, ". ")
	if strings.TrimSpace(name) == "" {
		return ""
	}
	name = fit(name, max)
	if IsReserved(name) {
		name = fit("_"+name, max)
	}
	// A cut can leave only blanks, such as a no-break space, which no
	// name may be.
	if strings.TrimSpace(name) == "" {
		return ""
	}
	return name
}

// fit cuts name to max UTF-16 units on a character boundary, keeping a
// short extension, and drops the dots and spaces the cut leaves at the end
// of the stem.
func fit(name string, max int) string {
	if units(name) <= max {
		return name
	}
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 && units(name[i:]) <= 10 && units(name[i:]) < max {
		ext = name[i:]
	}
	return strings.TrimRight(cut(name[:len(name)-len(ext)], max-units(ext)), ". ") + ext
}

// units is s's length in UTF-16 code units, the measure of Windows' limits.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cut keeps the longest prefix of s of at most max UTF-16 units that ends
// on a character boundary.
func cut(s string, max int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > max {
			return s[:i]
		}
	}
	return s
}

// Join joins path elements with \ as filepath.Join does on Windows, so that
// a Windows path can be built and tested on any OS.
func Join(elem ...string) string {
	var parts []string
	for i, e := range elem {
		if e == "" {
			continue
		}
		if i > 0 {
			e = strings.TrimLeft(e, `\/`)
		}
		if i < len(elem)-1 {
			e = strings.TrimRight(e, `\/`)
		}
		parts = append(parts, e)
	}
	return strings.Join(parts, `\`)
}

// Overlap reports whether folders a and b are the same folder or one is
// inside the other, compared the way Windows compares them: letters in any
// case, \ and / both separators, repeated separators, . and .. resolved, and
// the dots and spaces Windows drops from the end of each name ignored. Both
// should be absolute; short 8.3 names and links are not resolved.
func Overlap(a, b string) bool {
	pa, pb := elements(a), elements(b)
	if len(pa) == 0 || len(pb) == 0 {
		return false
	}
	if len(pa) > len(pb) {
		pa, pb = pb, pa
	}
	for i := range pa {
		if !strings.EqualFold(pa[i], pb[i]) {
			return false
		}
	}
	return true
}

func elements(p string) []string {
	p = path.Clean("/" + strings.ReplaceAll(p, `\`, "/"))
	var out []string
	for _, e := range strings.Split(p, "/") {
		if e = strings.TrimRight(e, ". "); e != "" {
			out = append(out, e)
		}
	}
	return out
}
