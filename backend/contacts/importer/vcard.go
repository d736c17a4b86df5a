package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// vcardSource reads vCard 2.1, 3.0 and 4.0 files card by card.
type vcardSource struct {
	text  *textFile
	lines *csvScanner // used only for its numbered, push-back line reading
}

func openVCard(f *os.File, opts Options) (source, error) {
	text, err := openText(f, opts.Encoding)
	if err != nil {
		return nil, err
	}
	return &vcardSource{text: text, lines: newCSVScanner(text.r, 0)}, nil
}

func (v *vcardSource) progress() (int64, int64) { return v.text.progress() }
func (v *vcardSource) close() error             { return v.text.close() }

// preview shows the first cards; vCard fields map themselves, so there are
// no headers and no mapping.
func (v *vcardSource) preview() (Preview, error) {
	p := Preview{Format: FormatVCard, Encoding: v.text.enc, Sheets: []string{}, Headers: []string{},
		Rows: [][]string{}, Targets: append([]string(nil), standardTargets[:]...)}
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
		p.Rows = append(p.Rows, []string{r.Name, num, r.Email, r.Company, strings.Join(r.Tags, ", "), r.Notes})
	}
	return p, nil
}

// logicalLine reads one property line, undoing line folding (continuation
// lines start with a space or tab) and quoted-printable soft line breaks
// (a line ending in "=").
func (v *vcardSource) logicalLine() (numberedLine, error) {
	l, err := v.lines.readLine()
	if err != nil {
		return l, err
	}
	qp := isQuotedPrintable(l.text)
	for {
		next, err := v.lines.readLine()
		if errors.Is(err, io.EOF) {
			return l, nil
		}
		if err != nil {
			return l, err
		}
		switch {
		case next.text != "" && (next.text[0] == ' ' || next.text[0] == '\t'):
			l.text += next.text[1:]
		case qp && strings.HasSuffix(l.text, "="):
			l.text = l.text[:len(l.text)-1] + strings.TrimLeft(next.text, " \t")
		default:
			v.lines.pending = append([]numberedLine{next}, v.lines.pending...)
			return l, nil
		}
	}
}

func isQuotedPrintable(line string) bool {
	colon := strings.IndexByte(line, ':')
	return colon > 0 && strings.Contains(strings.ToUpper(line[:colon]), "QUOTED-PRINTABLE")
}

// next returns the next card as a draft. A card that is not closed before
// the next BEGIN:VCARD or the end of the file still counts.
func (v *vcardSource) next() (draft, error) {
	var (
		d      draft
		open   bool
		nName  string
		gotAny bool
	)
	emit := func() draft {
		if d.rec.Name == "" {
			d.rec.Name = nName
		}
		return d
	}
	for {
		l, err := v.logicalLine()
		if errors.Is(err, io.EOF) && open {
			return emit(), nil
		}
		if err != nil {
			return draft{}, err
		}
		name, params, value := splitProperty(l.text)
		switch {
		case name == "BEGIN" && strings.EqualFold(strings.TrimSpace(value), "VCARD"):
			if open && gotAny {
				v.lines.pending = append([]numberedLine{l}, v.lines.pending...)
				return emit(), nil
			}
			open, d = true, draft{rec: Record{Line: l.n}}
			continue
		case !open:
			continue
		case name == "END":
			return emit(), nil
		}
		gotAny = true
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
			d.phones = append(d.phones, candidate{raw: strings.TrimSpace(unescape(value)), mobile: params.mobile})
		case "EMAIL":
			if d.rec.Email == "" {
				d.rec.Email = strings.TrimSpace(unescape(value))
			}
		case "ORG":
			if d.rec.Company == "" {
				d.rec.Company = strings.TrimSpace(splitEscaped(value, ';')[0])
			}
		case "NOTE":
			d.rec.Notes = joinNonEmpty(d.rec.Notes, strings.TrimSpace(unescape(value)), "\n")
		case "CATEGORIES":
			for _, c := range splitEscaped(value, ',') {
				d.rec.Tags = splitTags(d.rec.Tags, c)
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
				switch strings.TrimSpace(t) {
				case "CELL", "MOBILE", "IPHONE", "WHATSAPP":
					p.mobile = true
				case "QUOTED-PRINTABLE":
					p.qp = true
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
