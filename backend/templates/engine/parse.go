package engine

import (
	"slices"
	"strings"
)

// maxNesting bounds spintax depth: no message needs more, and the bound keeps
// the recursive parser and renderer safe from pathological input.
const maxNesting = 32

// hintLength is the longest piece of the user's text quoted back inside a
// problem message; longer pieces get a general message instead.
const hintLength = 40

type nodeKind uint8

const (
	nodeText nodeKind = iota + 1
	nodeVar
	nodeGroup
)

// node is one piece of a compiled body: literal text, a variable or a
// spintax group.
type node struct {
	kind        nodeKind
	field       field
	hasFallback bool
	text        string // literal text, or a variable's fallback
	name        string // a variable's canonical name, for MissingError
	key         string // a custom variable's lowercased key
	group       *group
}

// group is a spintax group. id numbers groups in the order they open, so that
// each group draws its own pick from the recipient's seed.
type group struct {
	id      uint64
	options [][]node
}

// parser turns a body into nodes, recording problems and carrying on after
// each one, so that the user sees every mistake at once.
type parser struct {
	src      []rune
	pos      int
	custom   customSet
	problems []Problem
	vars     []string
	groups   uint64
}

func newParser(body string, customFields []string) *parser {
	return &parser{src: []rune(body), custom: newCustomSet(customFields)}
}

func (p *parser) problem(start, end int, msg string) {
	p.problems = append(p.problems, Problem{Start: start, End: end, Message: msg})
}

func (p *parser) parseTop() []node {
	nodes, _ := p.parseSeq(0)
	return nodes
}

// isEscapable reports the characters a backslash makes literal.
func isEscapable(r rune) bool { return r == '{' || r == '}' || r == '|' || r == '\\' }

// parseSeq parses text, variables and groups until the end of the body or,
// inside a group (depth > 0), until the | or } that ends the option, which
// it returns without consuming. At the top level | is ordinary text.
func (p *parser) parseSeq(depth int) ([]node, rune) {
	var nodes []node
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			nodes = append(nodes, node{kind: nodeText, text: text.String()})
			text.Reset()
		}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src) && isEscapable(p.src[p.pos+1]):
			text.WriteRune(p.src[p.pos+1])
			p.pos += 2
		case c == '{':
			flush()
			var n node
			var ok bool
			if p.startsVariable() {
				n, ok = p.parseVariable()
			} else {
				n, ok = p.parseGroup(depth)
			}
			if ok {
				nodes = append(nodes, n)
			}
		case (c == '|' || c == '}') && depth > 0:
			flush()
			return nodes, c
		case c == '}':
			p.strayClose()
		default:
			text.WriteRune(c)
			p.pos++
		}
	}
	flush()
	return nodes, 0
}

// startsVariable reports whether the { at pos opens a variable. In a run of
// three or more braces only the last two open the variable, so
// {{{first_name}}|Hi} is spintax whose first option is a variable. And
// {{Hi|Hello} there|Hey} is spintax nested at the start of an option: the
// first } comes alone and "Hi" names no variable. {{first_name|there} stays
// a variable, missing a brace.
func (p *parser) startsVariable() bool {
	src, i := p.src, p.pos+2
	if i > len(src) || src[p.pos+1] != '{' || (i < len(src) && src[i] == '{') {
		return false
	}
	bar := -1
	for ; i < len(src); i++ {
		c := src[i]
		if c == '\\' && i+1 < len(src) && isEscapable(src[i+1]) {
			i++
			continue
		}
		if c == '{' || c == '\n' {
			return true
		}
		if c == '}' {
			break
		}
		if c == '|' && bar < 0 {
			bar = i
		}
	}
	if i >= len(src) || bar < 0 || (i+1 < len(src) && src[i+1] == '}') {
		return true
	}
	_, _, _, isName := canonical(string(src[p.pos+2 : bar]))
	return isName
}

// parseVariable parses {{name}} or {{name|fallback}} at pos. It returns
// ok=false, having recorded a problem, when the variable is broken, unknown
// or unclosed; parsing then resumes after what was consumed.
func (p *parser) parseVariable() (node, bool) {
	start := p.pos
	p.pos += 2
	var name, fallback strings.Builder
	cur := &name
	inFallback, braces, depth := false, false, 0
	for {
		if p.pos >= len(p.src) || p.src[p.pos] == '\n' {
			p.unclosedVariable(start, false)
			return node{}, false
		}
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src) && isEscapable(p.src[p.pos+1]):
			cur.WriteRune(p.src[p.pos+1])
			p.pos += 2
			continue
		case c == '{':
			braces = true
			depth++
		case c == '}' && depth > 0:
			depth--
		case c == '}':
			if p.pos+1 < len(p.src) && p.src[p.pos+1] == '}' {
				p.pos += 2
				return p.finishVariable(start, name.String(), fallback.String(), inFallback, braces)
			}
			p.pos++
			p.unclosedVariable(start, true)
			return node{}, false
		case c == '|' && !inFallback:
			inFallback = true
			cur = &fallback
		default:
			cur.WriteRune(c)
		}
		p.pos++
	}
}

// finishVariable checks a closed variable spanning start..pos and returns its node.
func (p *parser) finishVariable(start int, raw, fallback string, hasFallback, braces bool) (node, bool) {
	end := p.pos
	if braces {
		p.problem(start, end, `A variable can't contain braces, and a fallback is plain text: write \{ or \} for a literal brace.`)
		return node{}, false
	}
	written := strings.TrimSpace(raw)
	if written == "" {
		p.problem(start, end, "Empty variable {{}}: put a name inside, like {{first_name}}.")
		return node{}, false
	}
	f, canon, key, ok := canonical(raw)
	switch {
	case ok && f == fieldCustom && key == "":
		p.problem(start, end, "The variable {{"+written+"}} needs the name of a custom field, like {{custom.city}}.")
		return node{}, false
	case !ok || (f == fieldCustom && p.custom != nil && !p.custom.has(key)):
		p.problem(start, end, unknownMessage(written, canon, p.custom))
		return node{}, false
	}
	if !slices.Contains(p.vars, canon) {
		p.vars = append(p.vars, canon)
	}
	return node{kind: nodeVar, field: f, name: canon, key: key, hasFallback: hasFallback, text: strings.TrimSpace(fallback)}, true
}

func unknownMessage(written, canon string, custom customSet) string {
	if r := []rune(written); len(r) > hintLength {
		written = string(r[:hintLength]) + "…"
	}
	msg := "Unknown variable {{" + written + "}}."
	if s := suggest(canon, custom); s != "" {
		return msg + " Did you mean {{" + s + "}}?"
	}
	if strings.HasPrefix(canon, customPrefix) {
		return msg + " There is no custom field with that name in the contact book."
	}
	return msg + " Use {{name}}, {{first_name}}, {{last_name}}, {{phone}}, {{email}}, {{company}}, {{date}}, {{time}} or {{custom.<field>}}."
}

// unclosedVariable reports a variable opened at start that does not end with
// }}; lone says it ended with a single } at pos-1 instead.
func (p *parser) unclosedVariable(start int, lone bool) {
	inner := p.src[start+2 : p.pos]
	if lone {
		inner = inner[:len(inner)-1]
		if len(inner) <= hintLength {
			p.problem(start, p.pos, "This variable is missing a closing brace: write {{"+string(inner)+"}}.")
			return
		}
	}
	p.problem(start, p.pos, "This variable is never closed: end it with }}.")
}

// parseGroup parses a spintax group {a|b|...} at pos.
func (p *parser) parseGroup(depth int) (node, bool) {
	start := p.pos
	p.pos++
	if depth >= maxNesting {
		p.problem(start, start+1, `Variations are nested too deeply here: simplify them, or write \{ for a literal brace.`)
		return node{}, false
	}
	g := &group{id: p.groups}
	p.groups++
	var empties []Problem
	optStart := p.pos
	for {
		nodes, stop := p.parseSeq(depth + 1)
		if stop == 0 {
			p.problem(start, start+1, `This { is never closed: write {Hi|Hello} to vary the words, or \{ for a literal brace.`)
			p.problems = append(p.problems, empties...)
			return node{}, false
		}
		if p.pos == optStart {
			// Point at the delimiters around the empty option: "||", "{|", "|}".
			empties = append(empties, Problem{Start: optStart - 1, End: p.pos + 1,
				Message: "Empty option: every option of a variation needs some text, like {Hi|Hello}."})
		}
		g.options = append(g.options, nodes)
		p.pos++ // the | or }
		if stop == '}' {
			break
		}
		optStart = p.pos
	}
	if len(g.options) == 1 {
		p.singleOption(start)
		return node{}, false
	}
	if len(empties) > 0 {
		p.problems = append(p.problems, empties...)
		return node{}, false
	}
	return node{kind: nodeGroup, group: g}, true
}

// singleOption reports braces holding no |, such as {} or {SAVE10}, which
// are neither a variable nor spintax.
func (p *parser) singleOption(start int) {
	inner := p.src[start+1 : p.pos-1]
	switch {
	case len(inner) == 0:
		p.problem(start, p.pos, `Empty braces {}: a variation needs at least two options separated by |, like {Hi|Hello}. Write \{\} for literal braces.`)
	case len(inner) <= hintLength && !slices.ContainsFunc(inner, isEscapable):
		w := string(inner)
		if _, _, _, isName := canonical(w); isName {
			p.problem(start, p.pos, "A variable needs double braces: write {{"+strings.TrimSpace(w)+"}}. To show the braces as they are, write \\{"+w+"\\}.")
			return
		}
		p.problem(start, p.pos, "A variation needs at least two options separated by |, like {"+w+"|Hello}. To show the braces as they are, write \\{"+w+"\\}.")
	default:
		p.problem(start, p.pos, `A variation needs at least two options separated by |, like {Hi|Hello}. Write \{ and \} for literal braces.`)
	}
}

// strayClose reports a run of } that closes nothing.
func (p *parser) strayClose() {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
	}
	if p.pos-start == 1 {
		p.problem(start, p.pos, `This } has no matching {: write \} for a literal brace.`)
		return
	}
	p.problem(start, p.pos, `These braces close a variable or variation that was never opened: check for a missing { or write \} for a literal brace.`)
}
