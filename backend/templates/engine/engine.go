// Package engine turns a message template into the text one contact receives.
//
// A body is compiled once into a Template and then rendered for every
// recipient; compiling is where every mistake is found, so that a campaign
// never starts with a body that would send broken text. The package knows
// nothing of the database or the UI: the templates service feeds it bodies,
// custom-field keys and contacts.
//
// # Syntax
//
//   - Variables: {{name}}, {{first_name}}, {{last_name}}, {{phone}},
//     {{email}}, {{company}}, {{custom.<key>}}, {{date}}, {{time}}. Names are
//     case-insensitive and spaces inside the braces are ignored:
//     {{ First_Name }} and {{CUSTOM . City}} are fine.
//   - Fallbacks: {{first_name|there}} writes "there" when the contact has no
//     first name. Everything after the first | is the fallback, taken
//     literally (no variables or spintax in it; a later | is kept as text).
//     Spaces around the fallback are trimmed, spaces inside it are kept, so
//     {{first_name | dear friend }} falls back to "dear friend". An empty
//     fallback, {{company|}}, means "leave it out when empty".
//   - Spintax: {Hi|Hello|Hey} picks one option per recipient. Options may hold
//     text, variables and further spintax: {Hi {{first_name}}|Hello {there|you}}.
//     A group needs at least two options and no option may be empty.
//   - Escapes: \{ \} \| and \\ write a literal {, }, | and \. A backslash
//     before anything else is kept as it is. Inside a fallback the same four
//     escapes apply.
//   - Anything else, including WhatsApp formatting (*bold*, _italic_,
//     ~strike~, ```mono```), is plain text and passes through untouched.
//
// A brace pair without a | in it, such as {SAVE10}, is reported as a problem
// rather than kept as text: it is either a variable with one brace too few or
// spintax with an option missing, and guessing wrong would send a broken
// message. The problem tells the user to write \{SAVE10\} if the braces are
// meant literally.
package engine

import (
	"slices"
	"unicode/utf8"
)

// DefaultMaxLength is WhatsApp's limit on the text of one message.
const DefaultMaxLength = 4096

// Problem is something wrong with a template body, positioned in runes
// (Unicode code points) from 0; End is exclusive and Start < End, so there
// is always something to underline. The UI, whose strings are UTF-16, must convert: in
// JavaScript, Array.from(body) indexes code points as Problem does.
type Problem struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Message string `json:"message"`
}

// Options says what Compile checks a body against.
type Options struct {
	// CustomFields are the custom-field keys that exist in the contact book,
	// compared case-insensitively. {{custom.x}} with x not among them is an
	// unknown variable. nil means "don't check custom keys" (an empty non-nil
	// slice means "there are none").
	CustomFields []string
	// MaxLength is the longest text WhatsApp accepts, counted as WhatsApp's
	// apps count it (see TextLength); 0 or less means DefaultMaxLength.
	MaxLength int
}

// Template is a compiled body, ready to render for many contacts. It is
// immutable, so one Template may be rendered from many goroutines at once.
type Template struct {
	nodes     []node
	variables []string
	maxLength int
}

// Compile parses body once. When it reports no problems it returns a usable
// Template; when it reports any, it returns a nil Template, so a body with
// problems cannot be sent by mistake. Problems are ordered by position and
// all of them are reported, not just the first.
func Compile(body string, opts Options) (*Template, []Problem) {
	maxLength := opts.MaxLength
	if maxLength <= 0 {
		maxLength = DefaultMaxLength
	}
	p := newParser(body, opts.CustomFields)
	nodes := p.parseTop()
	if n := TextLength(body); n > maxLength {
		p.problems = append(p.problems, Problem{
			Start:   runeIndexAtLength(body, maxLength),
			End:     utf8.RuneCountInString(body),
			Message: "The message is " + thousands(n) + " characters long; WhatsApp allows " + thousands(maxLength) + ".",
		})
	}
	if len(p.problems) > 0 {
		slices.SortStableFunc(p.problems, func(a, b Problem) int { return a.Start - b.Start })
		return nil, p.problems
	}
	return &Template{nodes: nodes, variables: p.vars, maxLength: maxLength}, nil
}

// Validate returns the problems Compile would report for body, and an empty,
// non-nil slice when there are none, so that it encodes as [] in JSON.
func Validate(body string, opts Options) []Problem {
	_, problems := Compile(body, opts)
	if problems == nil {
		return []Problem{}
	}
	return problems
}

// Variables returns the distinct variables the template uses, in order of
// first use and in canonical form: lowercase, no spaces, e.g. "first_name",
// "custom.city". Variables inside every spintax option are included, whether
// or not a given contact's pick reaches them.
func (t *Template) Variables() []string {
	return slices.Clone(t.variables)
}

// TextLength counts s the way WhatsApp's limit does: in UTF-16 code units.
// WhatsApp's apps and the editor's own counter (JavaScript's String.length)
// count UTF-16, where an emoji such as 👋 is two units and 👋🏽 is four; counting
// runes instead would let through messages WhatsApp considers too long.
func TextLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// runeIndexAtLength returns the index, in runes, of the first rune of s that
// ends past limit UTF-16 units: where the text starts to be too long.
func runeIndexAtLength(s string, limit int) int {
	units, i := 0, 0
	for _, r := range s {
		units++
		if r >= 0x10000 {
			units++
		}
		if units > limit {
			return i
		}
		i++
	}
	return i
}

// thousands writes n with comma separators, as the UI shows counts: 4,096.
func thousands(n int) string {
	var digits [24]byte
	i := len(digits)
	for k := 0; ; k++ {
		if k > 0 && k%3 == 0 {
			i--
			digits[i] = ','
		}
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(digits[i:])
}
