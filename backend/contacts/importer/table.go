package importer

import (
	"context"
	"errors"
	"io"
	"strings"
)

// rowReader yields the rows of a CSV file or a sheet; io.EOF at the end.
type rowReader interface {
	next() (row, error)
}

// table is a source for CSV and xlsx: it finds the header row, buffers the
// first rows for the preview and the suggested mapping, and maps each row
// to a draft.
type table struct {
	ctx     context.Context // checked before each row
	rows    rowReader
	meta    Preview // Format, Encoding, Delimiter, Sheets, Sheet
	headers []string
	named   int   // how many headers come from the file (0: no header row)
	head    []row // first data rows, handed out again by next
	plan    plan
	prog    func() (int64, int64)
	closer  func() error
}

// newTable reads the header row and the first data rows of rows.
func newTable(ctx context.Context, rows rowReader, meta Preview, mapping []string) (*table, error) {
	t := &table{ctx: ctx, rows: rows, meta: meta}
	first, err := t.nextNonEmpty()
	if errors.Is(err, io.EOF) {
		return t, t.compile(mapping) // an empty file: no columns, no rows
	}
	if err != nil {
		return nil, err
	}
	if first.broken != "" {
		return nil, problemf("the first row (line %d), which should name the columns, cannot be read: %s", first.line, first.broken)
	}
	if hasPhoneCell(first.cells) {
		t.head = append(t.head, first) // no header row: it is data
	} else {
		for _, h := range first.cells {
			t.headers = append(t.headers, strings.TrimSpace(h))
		}
		t.named = len(t.headers)
	}
	for len(t.head) < previewRows {
		r, err := t.nextNonEmpty()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		t.head = append(t.head, r)
	}
	for _, r := range t.head {
		for len(t.headers) < len(r.cells) {
			t.headers = append(t.headers, columnName(len(t.headers)))
		}
	}
	return t, t.compile(mapping)
}

func (t *table) compile(mapping []string) error {
	if len(mapping) == 0 {
		mapping = suggestMapping(t.headers, t.named, t.sample())
	}
	t.plan = compilePlan(t.headers, mapping)
	return nil
}

// nextNonEmpty skips rows whose cells are all blank.
func (t *table) nextNonEmpty() (row, error) {
	for {
		if err := t.ctx.Err(); err != nil {
			return row{}, err
		}
		r, err := t.rows.next()
		if err != nil || r.broken != "" || !blank(r.cells) {
			return r, err
		}
	}
}

func (t *table) sample() [][]string {
	var out [][]string
	for _, r := range t.head {
		if r.broken == "" {
			out = append(out, r.cells)
		}
	}
	return out
}

func (t *table) preview() (Preview, error) {
	p := t.meta
	p.Headers = nonNil(t.headers)
	p.Mapping = suggestMapping(t.headers, t.named, t.sample())
	p.Targets = targets(t.headers[:t.named])
	p.Rows = [][]string{}
	for _, r := range t.head {
		cells := make([]string, len(t.headers))
		copy(cells, r.cells)
		p.Rows = append(p.Rows, shortenAll(cells))
	}
	if p.Sheets == nil {
		p.Sheets = []string{}
	}
	return p, nil
}

func (t *table) next() (draft, error) {
	var r row
	if len(t.head) > 0 {
		r, t.head = t.head[0], t.head[1:]
	} else {
		var err error
		if r, err = t.nextNonEmpty(); err != nil {
			return draft{}, err
		}
	}
	return t.plan.draft(r), nil
}

func (t *table) progress() (int64, int64) { return t.prog() }
func (t *table) close() error             { return t.closer() }

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func hasPhoneCell(cells []string) bool {
	for _, c := range cells {
		if phoneLike(c) {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// plan is a compiled mapping: what each column feeds.
type plan struct {
	targets []string
	keys    []string // custom field key per column
	mobile  []bool   // the header says the column holds mobile numbers
	label   []int    // column holding this phone column's label, or -1
	names   []string // a phone column's label from its header: "Business Phone", "Phone 2"
}

// compilePlan prepares a mapping for use on every row. Google exports pair
// "Phone 1 - Label" (or "- Type") with "Phone 1 - Value"; the label then
// says, row by row, which number is the mobile one.
func compilePlan(headers, mapping []string) plan {
	p := plan{targets: mapping}
	n := len(mapping)
	p.keys, p.mobile, p.label, p.names = make([]string, n), make([]bool, n), make([]int, n), make([]string, n)
	labels := map[string]int{}
	for i, h := range headers {
		if w := words(h); len(w) == 3 && w[0] == "phone" && (w[2] == "label" || w[2] == "type") {
			labels[w[1]] = i
		}
	}
	for i, t := range mapping {
		p.label[i] = -1
		if strings.HasPrefix(t, CustomPrefix) {
			p.keys[i] = strings.TrimSpace(t[len(CustomPrefix):])
		}
		if i >= len(headers) || t != Phone {
			continue
		}
		p.mobile[i] = isMobile(headers[i])
		p.names[i] = phoneLabel(headers[i])
		if w := words(headers[i]); len(w) == 3 && w[0] == "phone" && w[2] == "value" {
			if l, ok := labels[w[1]]; ok {
				p.label[i] = l
			}
		}
	}
	return p
}

// phoneLabel is a phone column's header as the label of its numbers:
// Google's "Phone 2 - Value" is "Phone 2".
func phoneLabel(header string) string {
	h := strings.TrimSpace(header)
	if w := words(h); len(w) > 1 && w[len(w)-1] == "value" {
		if i := strings.LastIndexAny(h, "-–:"); i > 0 {
			return strings.TrimSpace(h[:i])
		}
	}
	return h
}

// isMobile reports whether a header or a phone label names a mobile number.
func isMobile(s string) bool {
	k := squash(s)
	for _, w := range mobileWords() {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// draft maps one row's cells to a draft record.
func (p plan) draft(r row) draft {
	d := draft{rec: Record{Line: r.line}, broken: r.broken}
	if r.broken != "" {
		return d
	}
	var first, last, names, notes []string
	var tags tagList
	for i, t := range p.targets {
		if i >= len(r.cells) || t == Ignore {
			continue
		}
		v := strings.TrimSpace(r.cells[i])
		if v == "" {
			continue
		}
		switch t {
		case Name:
			names = append(names, v)
		case FirstName:
			first = append(first, v)
		case LastName:
			last = append(last, v)
		case Phone:
			mobile, label := p.mobile[i], p.names[i]
			if l := p.label[i]; l >= 0 && l < len(r.cells) {
				mobile = mobile || isMobile(r.cells[l])
				if cell := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r.cells[l]), "* ")); cell != "" {
					label = cell
				}
			}
			// Google puts several numbers of one label in one cell.
			for _, num := range strings.Split(v, ":::") {
				d.phones = append(d.phones, candidate{raw: strings.TrimSpace(num), label: label, mobile: mobile})
			}
		case Email:
			if d.rec.Email == "" {
				d.rec.Email = strings.TrimSpace(strings.Split(v, ":::")[0])
			}
		case Company:
			if d.rec.Company == "" {
				d.rec.Company = v
			}
		case Notes:
			notes = append(notes, v)
		case Tags:
			tags.add(v)
		case OptedOut:
			d.rec.OptedOut = d.rec.OptedOut || truthy(v)
		default:
			if d.rec.Custom == nil {
				d.rec.Custom = map[string]string{}
			}
			d.rec.Custom[p.keys[i]] = v
		}
	}
	d.rec.Notes, d.rec.Tags = strings.Join(notes, "\n"), tags.list
	if len(names) > 0 {
		d.rec.Name = names[0]
	} else {
		d.rec.Name = strings.Join(append(first, last...), " ")
	}
	return d
}
