package jsontext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Value is one scalar of a row that Rows reads: the text of a string, or
// of a number, true or false as written; Null for null.
type Value struct {
	Text   string
	String bool
	Null   bool
}

// Rows reads s, a JSON array of arrays of scalars (what SQLite's
// json_group_array(json_array(...)) gives), and calls row with each inner
// array in turn. The slice row gets is reused for the next one.
//
// Reading a batch of rows as one text spares the database driver's
// per-column cost, which is most of a lookup's.
func Rows(s string, row func([]Value) error) error {
	p := parser{s: s}
	if !p.take('[') {
		return p.fail("an array")
	}
	var vals []Value
	for first := true; !p.take(']'); first = false {
		if !first && !p.take(',') {
			return p.fail("',' or ']'")
		}
		if !p.take('[') {
			return p.fail("a row")
		}
		vals = vals[:0]
		for inner := true; !p.take(']'); inner = false {
			if !inner && !p.take(',') {
				return p.fail("',' or ']' in a row")
			}
			v, err := p.value()
			if err != nil {
				return err
			}
			vals = append(vals, v)
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	p.space()
	if p.i != len(p.s) {
		return p.fail("the end")
	}
	return nil
}

type parser struct {
	s string
	i int
}

func (p *parser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '\t') {
		p.i++
	}
}

// take skips spaces and c, if c is next.
func (p *parser) take(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *parser) fail(want string) error {
	return fmt.Errorf("json rows: want %s at offset %d", want, p.i)
}

func (p *parser) value() (Value, error) {
	p.space()
	if p.i >= len(p.s) {
		return Value{}, p.fail("a value")
	}
	switch c := p.s[p.i]; {
	case c == '"':
		text, err := p.str()
		return Value{Text: text, String: true}, err
	case c == 'n' && strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return Value{Null: true}, nil
	case c == 't' && strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return Value{Text: "true"}, nil
	case c == 'f' && strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return Value{Text: "false"}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		if !p.number() {
			return Value{}, p.fail("a number")
		}
		return Value{Text: p.s[start:p.i]}, nil
	}
	return Value{}, p.fail("a scalar")
}

// number reads a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() bool {
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	p.skip('-')
	if p.skip('0') {
		if p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			return false
		}
	} else if digits() == 0 {
		return false
	}
	if p.skip('.') && digits() == 0 {
		return false
	}
	if p.skip('e') || p.skip('E') {
		if !p.skip('+') {
			p.skip('-')
		}
		return digits() > 0
	}
	return true
}

// skip passes c if it is next, without skipping spaces.
func (p *parser) skip(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string; the text is a slice of s when it has no escape.
func (p *parser) str() (string, error) {
	p.i++ // the opening quote
	start := p.i
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], nil
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return "", p.fail("no control character in a string")
		default:
			p.i++
		}
	}
	return "", p.fail("the end of a string")
}

// escaped reads the rest of a string from its first escape, at p.i.
func (p *parser) escaped(start int) (string, error) {
	b := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c < 0x20:
			return "", p.fail("no control character in a string")
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.fail("four hex digits")
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if strings.HasPrefix(p.s[p.i:], `\u`) {
					save := p.i
					p.i += 2
					if next, ok := p.hex4(); ok {
						if dec := utf16.DecodeRune(r, next); dec != utf8.RuneError {
							r2 = dec
						} else {
							p.i = save
						}
					} else {
						return "", p.fail("four hex digits")
					}
				}
				r = r2
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", p.fail("an escape")
		}
	}
	return "", p.fail("the end of a string")
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}
