package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
)

// The XML scan of the parts excelize streams (the worksheets and the shared
// strings table): checkWorkbook runs it before excelize opens the workbook,
// because excelize's XML decoder holds a whole token, row or shared string
// in memory however large it is.

// scanPart reads one streamed part as excelize's XML decoder will and
// checks that no token, row or shared string is larger than maxXMLChunk,
// that elements nest at most maxXMLDepth deep, that the shared strings
// table has at most maxSharedStrings strings, and that the XML is UTF-8
// (another encoding could hide markup from this scan).
func scanPart(ctx context.Context, zf *zip.File, buf []byte) error {
	sc := newXMLScan(zf.Name)
	return readPart(ctx, zf, buf, func(p []byte, _ byte) error { return sc.feed(p) })
}

// xmlScan is a streaming lexer of just enough XML to measure tokens,
// nesting and the stretches excelize decodes at once. It follows what
// encoding/xml does with well-formed input; where the input is not
// well-formed, encoding/xml stops with an error, and excelize with it.
type xmlScan struct {
	part string
	sst  bool   // the shared strings table: chunks are <si> elements
	unit string // "si" or "row"

	off   int64 // bytes read so far
	state int
	tok   int64 // where the current token started
	depth int

	chunk      int64 // where the current chunk started, -1: none
	chunkDepth int   // the depth of the chunk's first element's parent
	chunks     int

	// the tag being read
	name     []byte // its name, up to maxNameScan bytes
	nameDone bool
	end      bool // </name>
	quote    byte // in an attribute value quoted with this
	last     byte // last byte outside spaces, to tell <a/> from <a>

	mark []byte  // after <!, to tell a comment from CDATA
	win  [3]byte // the last three bytes of a comment or CDATA
	pi   []byte  // a processing instruction, up to maxDeclaration bytes
}

const (
	// maxNameScan: longer names match none the scan looks for.
	maxNameScan = 64
	// maxDeclaration bounds an <?xml …?> declaration: it is ~50 bytes.
	maxDeclaration = 1 << 10
)

const (
	xText    = iota
	xLT      // after <
	xTag     // in a start or end tag
	xBang    // after <!
	xComment // <!-- … -->
	xCDATA   // <![CDATA[ … ]]>
	xPI      // <? … ?>
)

func newXMLScan(part string) *xmlScan {
	sst := strings.EqualFold(strings.ReplaceAll(part, `\`, "/"), "xl/sharedStrings.xml")
	unit := "row"
	if sst {
		unit = "si"
	}
	return &xmlScan{part: part, sst: sst, unit: unit, chunk: -1}
}

func (x *xmlScan) feed(p []byte) error {
	for i := 0; i < len(p); i++ {
		if x.state == xTag && x.quote != 0 {
			// Skip an attribute value at once.
			k := bytes.IndexByte(p[i:], x.quote)
			if k < 0 {
				x.off += int64(len(p) - i)
				x.last = p[len(p)-1]
				return x.checkSizes()
			}
			x.off += int64(k + 1)
			i += k
			x.last, x.quote = x.quote, 0
			if err := x.checkSizes(); err != nil {
				return err
			}
			continue
		}
		if x.state == xTag && x.nameDone {
			// Skip to the next quote or '>', noting the last byte that is
			// not a space ('/' before '>' closes the element).
			j := i
			for j < len(p) && !tagStop(p[j]) {
				j++
			}
			for k := j - 1; k >= i; k-- {
				if !isSpace(p[k]) {
					x.last = p[k]
					break
				}
			}
			x.off += int64(j - i)
			i = j
			if i == len(p) {
				return x.checkSizes()
			}
		}
		c := p[i]
		if x.state == xText {
			// Skip to the next tag at once.
			k := bytes.IndexByte(p[i:], '<')
			if k < 0 {
				k = len(p) - i
			}
			x.off += int64(k)
			i += k
			if err := x.checkSizes(); err != nil {
				return err
			}
			if i == len(p) {
				return nil
			}
			x.off++
			x.state, x.tok = xLT, x.off-1
			continue
		}
		x.off++
		switch x.state {
		case xLT:
			switch c {
			case '/':
				x.startTag(true)
			case '!':
				x.state, x.mark = xBang, x.mark[:0]
			case '?':
				x.state, x.pi, x.last = xPI, x.pi[:0], 0
			default:
				x.startTag(false)
				x.name = append(x.name, c)
				x.last = c
			}
		case xTag:
			if err := x.tagByte(c); err != nil {
				return err
			}
		case xBang:
			x.mark = append(x.mark, c)
			switch m := string(x.mark); {
			case m == "--":
				x.state, x.win = xComment, [3]byte{}
			case m == "[CDATA[":
				x.state, x.win = xCDATA, [3]byte{}
			case !strings.HasPrefix("--", m) && !strings.HasPrefix("[CDATA[", m):
				return refuse("%s has an XML directive (<!%s…), which workbooks do not have", x.part, m)
			}
		case xComment, xCDATA:
			x.win = [3]byte{x.win[1], x.win[2], c}
			if (x.state == xComment && x.win == [3]byte{'-', '-', '>'}) || (x.state == xCDATA && x.win == [3]byte{']', ']', '>'}) {
				x.state, x.tok = xText, x.off
			}
		case xPI:
			if len(x.pi) <= maxDeclaration {
				x.pi = append(x.pi, c)
			}
			if c == '>' && x.last == '?' {
				if err := x.procInst(); err != nil {
					return err
				}
				x.state, x.tok = xText, x.off
			}
			x.last = c
		}
		if err := x.checkSizes(); err != nil {
			return err
		}
	}
	return nil
}

// tagStop are the bytes that matter in a tag once its name is read.
func tagStop(c byte) bool { return c == '"' || c == '\'' || c == '>' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// checkSizes checks the token and the chunk being read.
func (x *xmlScan) checkSizes() error {
	if x.off-x.tok <= maxXMLChunk && (x.chunk < 0 || x.off-x.chunk <= maxXMLChunk) {
		return nil // inlined: the common case
	}
	return x.sizeError()
}

func (x *xmlScan) sizeError() error {
	if x.off-x.tok > maxXMLChunk {
		return refuse("%s has an XML token of more than %s", x.part, sizeWords(maxXMLChunk))
	}
	if x.chunk >= 0 && x.off-x.chunk > maxXMLChunk {
		what := "a row"
		if x.sst {
			what = "a shared string (the text of a cell)"
		}
		return refuse("%s has %s of more than %s (the %s)", x.part, what, sizeWords(maxXMLChunk), ordinal(x.chunks))
	}
	return nil
}

func (x *xmlScan) startTag(end bool) {
	x.state, x.end = xTag, end
	x.name, x.nameDone, x.quote, x.last = x.name[:0], false, 0, 0
}

// tagByte reads one byte of a tag; at its '>' it tracks the element.
func (x *xmlScan) tagByte(c byte) error {
	if x.quote != 0 {
		if c == x.quote {
			x.quote = 0
		}
		x.last = c
		return nil
	}
	switch c {
	case '"', '\'':
		x.quote, x.nameDone = c, true
	case ' ', '\t', '\r', '\n':
		x.nameDone = true
		return nil
	case '/', '=':
		x.nameDone = true
	case '>':
		begin := x.tok
		x.state, x.tok = xText, x.off
		return x.element(begin, x.last == '/')
	default:
		if !x.nameDone && len(x.name) <= maxNameScan {
			x.name = append(x.name, c)
		}
	}
	x.last = c
	return nil
}

// element tracks nesting and chunks at the end of a tag that began at
// offset begin.
func (x *xmlScan) element(begin int64, selfClosing bool) error {
	local := x.name
	if i := bytes.LastIndexByte(local, ':'); i >= 0 {
		local = local[i+1:]
	}
	if x.end {
		x.depth--
		// For excelize a row goes on until the next row or the end of
		// sheetData; a shared string until its end tag.
		if x.chunk >= 0 && x.depth <= x.chunkDepth && (x.sst || (string(local) == "sheetData" && x.depth < x.chunkDepth)) {
			x.chunk = -1
		}
		return nil
	}
	if string(local) == x.unit && (x.chunk < 0 || (!x.sst && x.depth <= x.chunkDepth)) {
		x.chunk, x.chunkDepth = begin, x.depth
		if x.chunks++; x.sst && x.chunks > maxSharedStrings {
			return refuse("its shared strings table has more than %s strings", countWords(maxSharedStrings))
		}
		if selfClosing && x.sst {
			x.chunk = -1
		}
	}
	if !selfClosing {
		if x.depth++; x.depth > maxXMLDepth {
			return refuse("%s nests XML elements more than %d deep", x.part, maxXMLDepth)
		}
	}
	return nil
}

// procInst refuses an XML declaration of another encoding than UTF-8, the
// only one spreadsheet programs write.
func (x *xmlScan) procInst() error {
	pi := string(x.pi)
	target, content := pi, ""
	if i := strings.IndexAny(pi, " \t\r\n?"); i >= 0 {
		target, content = pi[:i], pi[i:]
	}
	if target != "xml" {
		return nil
	}
	if len(x.pi) > maxDeclaration {
		return refuse("%s has an XML declaration of more than %s", x.part, sizeWords(maxDeclaration))
	}
	content = strings.TrimSuffix(content, "?>")
	if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		return refuse("%s is written in %q, where spreadsheet programs write UTF-8", x.part, enc)
	}
	return nil
}

// procInstParam is encoding/xml's procInst: the value of param in the
// content of a processing instruction, as the decoder reads it.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// ordinal writes 1 as "1st", 2 as "2nd" and so on.
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
