package importer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// vcardSource reads vCard 2.1, 3.0 and 4.0 files card by card.
type vcardSource struct {
	ctx   context.Context
	text  *textFile
	lines *lineReader
	back  []numberedLine // lines pushed back, read again first (last first)
}

func openVCard(ctx context.Context, f *os.File, opts Options) (source, error) {
	text, err := openText(ctx, f, opts.Encoding)
	if err != nil {
		return nil, err
	}
	return &vcardSource{ctx: ctx, text: text, lines: newLineReader(text.r)}, nil
}

func (v *vcardSource) progress() (int64, int64) { return v.text.progress() }
func (v *vcardSource) close() error             { return v.text.close() }

// preview shows the first cards; vCard fields map themselves, so there are
// no headers and no mapping.
func (v *vcardSource) preview() (Preview, error) {
	p := Preview{Format: FormatVCard, Encoding: v.text.enc, Sheets: []string{}, Headers: []string{},
		Rows: [][]string{}, Targets: standardTargets()}
	for len(p.Rows) < previewRows {
		d, err := v.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		num := ""
		for _, c := range d.phones {
			if num == "" || c.mobile {
				num = c.raw
				if c.mobile {
					break
				}
			}
		}
		r := d.rec
		p.Rows = append(p.Rows, shortenAll([]string{r.Name, num, r.Email, r.Company, strings.Join(r.Tags, ", "), r.Notes}))
	}
	return p, nil
}

func (v *vcardSource) readLine() (numberedLine, error) {
	if n := len(v.back); n > 0 {
		l := v.back[n-1]
		v.back = v.back[:n-1]
		return l, nil
	}
	return v.lines.readLine()
}

func (v *vcardSource) unread(l numberedLine) { v.back = append(v.back, l) }

// property is one logical line of a card.
type property struct {
	n    int    // its first physical line
	text string // unfolded; only the start when tooLong or binary
	// tooLong: longer than maxRecordBytes once unfolded.
	tooLong bool
	// binary: a photo, logo, sound or key, or a value in base64. Such a
	// value is never contact text and may be megabytes folded over
	// thousands of lines: its lines are read and dropped.
	binary bool
}

// logicalLine reads one property line, undoing line folding (continuation
// lines start with a space or tab) and quoted-printable soft line breaks
// (a line ending in "="), in time linear in its length.
func (v *vcardSource) logicalLine() (property, error) {
	l, err := v.readLine()
	if err != nil {
		return property{}, err
	}
	p := property{n: l.n, text: l.text, tooLong: l.tooLong, binary: isBinaryProperty(l.text)}
	qp := !p.binary && isQuotedPrintable(l.text)
	endsEq := !l.tooLong && strings.HasSuffix(l.text, "=") // a soft line break follows
	var buf []byte                                         // the unfolded line, once it has more than one piece
	for {
		next, err := v.readLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return property{}, err
		}
		var piece string
		soft := false
		switch {
		case next.text != "" && (next.text[0] == ' ' || next.text[0] == '\t'):
			piece = next.text[1:]
		case qp && endsEq:
			piece, soft = strings.TrimLeft(next.text, " \t"), true
		default:
			v.unread(next)
			return p.done(buf), nil
		}
		if piece != "" || next.tooLong {
			endsEq = !next.tooLong && strings.HasSuffix(piece, "=")
		}
		if p.binary || p.tooLong {
			continue // read and dropped
		}
		size := len(p.text)
		if buf != nil {
			size = len(buf)
		}
		if next.tooLong || size+len(piece) > maxRecordBytes {
			p.tooLong = true
			continue
		}
		if buf == nil {
			buf = append(make([]byte, 0, 2*(len(p.text)+len(piece))), p.text...)
		}
		if soft {
			buf = buf[:len(buf)-1]
		}
		buf = append(buf, piece...)
	}
	return p.done(buf), nil
}

// done sets the unfolded text from buf, when the line had several pieces.
func (p property) done(buf []byte) property {
	if buf != nil && !p.tooLong && !p.binary {
		p.text = string(buf)
	}
	return p
}

// textProperty tells the properties next reads.
func textProperty(name string) bool {
	switch name {
	case "FN", "N", "TEL", "EMAIL", "ORG", "NOTE", "CATEGORIES":
		return true
	}
	return false
}

// binaryProperty tells the properties that hold photos, sounds and keys:
// never contact text.
func binaryProperty(name string) bool {
	switch name {
	case "PHOTO", "LOGO", "SOUND", "KEY":
		return true
	}
	return false
}

// isBinaryProperty tells from a property's first physical line whether
// its value is binary: by its name, or by ENCODING=B / BASE64.
func isBinaryProperty(line string) bool {
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return false // name or parameters folded: read it as text
	}
	name, params, _ := strings.Cut(line[:colon], ";")
	name = strings.ToUpper(strings.TrimSpace(name))
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		name = name[dot+1:]
	}
	if binaryProperty(name) {
		return true
	}
	for _, param := range strings.Split(params, ";") {
		if key, val, ok := strings.Cut(param, "="); ok && strings.EqualFold(strings.TrimSpace(key), "ENCODING") {
			val = strings.ToUpper(strings.Trim(strings.TrimSpace(val), `"`))
			if val == "B" || val == "BASE64" {
				return true
			}
		}
	}
	return false
}

func isQuotedPrintable(line string) bool {
	colon := strings.IndexByte(line, ':')
	return colon > 0 && strings.Contains(strings.ToUpper(line[:colon]), "QUOTED-PRINTABLE")
}

// next returns the next card as a draft. A card that is not closed before
// the next BEGIN:VCARD or the end of the file still counts. A card whose
// text (photos and keys left out) is longer than maxRecordBytes, or with a
// line that long, comes back broken, and reading goes on after it.
func (v *vcardSource) next() (draft, error) {
	var (
		d      draft
		open   bool
		nName  string
		gotAny bool
		size   int // bytes of the card's text lines
		notes  []string
		tags   tagList
	)
	emit := func() draft {
		if d.rec.Name == "" {
			d.rec.Name = nName
		}
		if d.broken != "" {
			// Keep what names the card in the import report, nothing more.
			return draft{rec: Record{Line: d.rec.Line, Name: d.rec.Name}, broken: d.broken}
		}
		d.rec.Notes, d.rec.Tags = strings.Join(notes, "\n"), tags.list
		return d
	}
	for {
		if err := v.ctx.Err(); err != nil {
			return draft{}, err
		}
		l, err := v.logicalLine()
		if errors.Is(err, io.EOF) && open {
			return emit(), nil
		}
		if err != nil {
			return draft{}, err
		}
		if l.binary {
			gotAny = gotAny || open
			continue
		}
		name, params, value := splitProperty(l.text)
		switch {
		case name == "BEGIN" && strings.EqualFold(strings.TrimSpace(value), "VCARD"):
			if open && gotAny {
				v.unread(numberedLine{n: l.n, text: l.text})
				return emit(), nil
			}
			open, d, size, notes, tags = true, draft{rec: Record{Line: l.n}}, 0, nil, tagList{}
			continue
		case !open:
			continue
		case name == "END":
			return emit(), nil
		}
		gotAny = true
		if d.broken != "" {
			continue // read to the end of the card without keeping it
		}
		switch size += len(l.text); {
		case l.tooLong:
			d.broken = problemLongLine(l.n)
		case size > maxRecordBytes:
			d.broken = problemLongCard()
		case len(value) > maxCellBytes && textProperty(name):
			d.broken = problemLongValue(l.n)
		}
		if d.broken != "" {
			continue
		}
		value = decodeValue(params, value)
		switch name {
		case "FN":
			if d.rec.Name == "" {
				d.rec.Name = strings.TrimSpace(unescape(value))
			}
		case "N":
			parts := splitEscaped(value, ';')
			var given []string
			for _, i := range []int{1, 2, 0} { // given, additional, family
				if i < len(parts) && strings.TrimSpace(parts[i]) != "" {
					given = append(given, strings.TrimSpace(parts[i]))
				}
			}
			nName = strings.Join(given, " ")
		case "TEL":
			d.phones = append(d.phones, candidate{raw: strings.TrimSpace(unescape(value)), label: params.label, mobile: params.mobile})
		case "EMAIL":
			if d.rec.Email == "" {
				d.rec.Email = strings.TrimSpace(unescape(value))
			}
		case "ORG":
			if d.rec.Company == "" {
				d.rec.Company = strings.TrimSpace(splitEscaped(value, ';')[0])
			}
		case "NOTE":
			if n := strings.TrimSpace(unescape(value)); n != "" {
				notes = append(notes, n)
			}
		case "CATEGORIES":
			for _, c := range splitEscaped(value, ',') {
				tags.add(c)
			}
		}
	}
}

// vparams are the parameters of a property that matter here.
type vparams struct {
	qp      bool   // ENCODING=QUOTED-PRINTABLE
	binary  bool   // ENCODING=B / BASE64: a photo or key, never text we want
	charset string // CHARSET, upper case
	mobile  bool   // TYPE=CELL (or cell, mobile, iphone) or the 2.1 bare CELL
	label   string // what the types say a number is: "Mobile", "Work", "Home"…
}

// vcardLabel names a vCard TEL type that says what a number is, "" for
// the others (VOICE, PREF…).
func vcardLabel(t string) string {
	switch t {
	case "CELL", "MOBILE":
		return "Mobile"
	case "IPHONE":
		return "iPhone"
	case "WHATSAPP":
		return "WhatsApp"
	case "WORK", "HOME", "MAIN", "FAX", "PAGER", "CAR", "OTHER":
		return t[:1] + strings.ToLower(t[1:])
	}
	return ""
}

// splitProperty splits "item1.TEL;TYPE=CELL:+1 555" into the upper-case
// name without its group ("TEL"), the parameters and the value.
func splitProperty(line string) (string, vparams, string) {
	var p vparams
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return "", p, ""
	}
	head, value := line[:colon], line[colon+1:]
	parts := strings.Split(head, ";")
	name := strings.ToUpper(strings.TrimSpace(parts[0]))
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		name = name[dot+1:]
	}
	for _, param := range parts[1:] {
		key, val, found := strings.Cut(param, "=")
		key = strings.ToUpper(strings.TrimSpace(key))
		if !found {
			key, val = "TYPE", key // vCard 2.1 writes bare types: TEL;CELL
		}
		val = strings.ToUpper(strings.Trim(strings.TrimSpace(val), `"`))
		switch key {
		case "ENCODING":
			p.qp = p.qp || val == "QUOTED-PRINTABLE"
			p.binary = p.binary || val == "B" || val == "BASE64"
		case "CHARSET":
			p.charset = val
		case "TYPE":
			for _, t := range strings.Split(val, ",") {
				t = strings.TrimSpace(t)
				switch t {
				case "CELL", "MOBILE", "IPHONE", "WHATSAPP":
					p.mobile = true
				case "QUOTED-PRINTABLE":
					p.qp = true
				}
				if p.label == "" {
					p.label = vcardLabel(t)
				}
			}
		}
	}
	return name, p, value
}

// decodeValue undoes quoted-printable and converts a Latin-1 charset.
func decodeValue(p vparams, value string) string {
	if p.binary {
		return ""
	}
	if !p.qp {
		return value
	}
	b := bytes.ReplaceAll(decodeQP(value), []byte("\r\n"), []byte("\n"))
	switch p.charset {
	case "ISO-8859-1", "ISO-8859-15", "LATIN1", "WINDOWS-1252", "CP1252":
		if out, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			return string(out)
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// decodeQP decodes "=XX" escapes; malformed ones are kept as written.
func decodeQP(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if b, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(b))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// unescape undoes vCard text escapes: \, \; \\ and \n.
func unescape(s string) string {
	if !strings.ContainsRune(s, '\\') {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitEscaped splits on sep where it is not escaped, and unescapes each
// part.
func splitEscaped(s string, sep byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			parts = append(parts, unescape(s[start:i]))
			start = i + 1
		}
	}
	return append(parts, unescape(s[start:]))
}
