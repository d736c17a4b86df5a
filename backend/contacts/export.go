package contacts

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"herald/backend/apperr"
)

// sheetWriter is one export format.
type sheetWriter interface {
	write(cells []string) error
	close() error
}

// Export writes the contacts matching q (all of them for an empty query) to
// path, as CSV or Excel by its extension, and says how many rows it wrote.
// Paging and sort in q are ignored: an export has every match, oldest first.
func (s *Service) Export(path string, q Query) (int64, error) {
	path, err := s.exportPath(path)
	if err != nil {
		return 0, err
	}
	q.Offset, q.Limit, q.Sort, q.Desc = 0, 0, "", false
	f, err := s.buildFilter(q)
	if err != nil {
		return 0, err
	}
	keys, err := s.customKeys(f)
	if err != nil {
		return 0, err
	}
	// Write beside the target and rename at the end, so a failed export
	// never leaves half a file where the user expects a whole one.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".herald-export-*")
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	var out sheetWriter
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		out = &csvSheet{f: tmp, w: csv.NewWriter(tmp)}
	case ".xlsx":
		out, err = newXLSXSheet(tmp)
		if err != nil {
			tmp.Close()
			return 0, err
		}
	default:
		tmp.Close()
		return 0, apperr.Invalid("Export to a .csv or .xlsx file.")
	}
	n, err := s.writeExport(out, f, keys)
	if cerr := out.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	s.record("exported", fmt.Sprintf("Exported %s to %s", plural(n, "contact"), filepath.Base(path)))
	return n, nil
}

func (s *Service) exportPath(path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", apperr.Invalid("Choose a file to export to.")
	}
	if filepath.Base(path) == path {
		if s.exportDir == "" {
			return "", apperr.Invalid("Choose a folder to export to.")
		}
		if err := os.MkdirAll(s.exportDir, 0o700); err != nil {
			return "", fmt.Errorf("create exports folder: %w", err)
		}
		path = filepath.Join(s.exportDir, path)
	}
	return path, nil
}

// customKeys lists the custom fields the matching contacts use, each one a
// column of the export.
func (s *Service) customKeys(f *filter) ([]string, error) {
	keys := []string{}
	err := s.db.Raw(`SELECT DISTINCT j.key FROM (SELECT custom_fields FROM contacts`+f.clause()+`) AS c,
		json_each(c.custom_fields) AS j`, f.args...).Scan(&keys).Error
	if err != nil {
		return nil, fmt.Errorf("list custom fields: %w", err)
	}
	sort.Strings(keys)
	return keys, nil
}

func (s *Service) writeExport(out sheetWriter, f *filter, keys []string) (int64, error) {
	header := []string{"Name", "Phone", "Email", "Company", "Tags", "Notes", "Opted out", "Opted out at", "Opted out reason", "Created", "Updated"}
	for _, k := range keys {
		header = append(header, k)
	}
	if err := out.write(neutralise(header, -1)); err != nil {
		return 0, err
	}
	var n int64
	var last int64
	where := f.clause()
	if where == "" {
		where = " WHERE id > ?"
	} else {
		where += " AND id > ?"
	}
	for {
		var rows []row
		args := append(append([]any{}, f.args...), last)
		if err := s.db.Raw("SELECT * FROM contacts"+where+" ORDER BY id LIMIT 1000", args...).Scan(&rows).Error; err != nil {
			return n, err
		}
		if len(rows) == 0 {
			return n, nil
		}
		for _, r := range rows {
			c := r.contact()
			cells := []string{c.Name, c.Phone, c.Email, c.Company, strings.Join(c.Tags, ", "), c.Notes,
				yesNo(c.OptedOut), formatTime(c.OptedOutAt), c.OptedOutReason, formatTime(&c.CreatedAt), formatTime(&c.UpdatedAt)}
			for _, k := range keys {
				cells = append(cells, c.CustomFields[k])
			}
			if err := out.write(neutralise(cells, 1)); err != nil {
				return n, err
			}
			n++
			last = r.ID
		}
	}
}

// neutralise stops a spreadsheet from running a cell as a formula: cells
// that begin with = + - @ tab or carriage return get a leading apostrophe.
// The column keep (the phone, always E.164 digits) is left as it is, so it
// stays a number people can dial.
func neutralise(cells []string, keep int) []string {
	for i, c := range cells {
		if i == keep || c == "" {
			continue
		}
		if strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

type csvSheet struct {
	f *os.File
	w *csv.Writer
}

func (c *csvSheet) write(cells []string) error { return c.w.Write(cells) }

func (c *csvSheet) close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		c.f.Close()
		return err
	}
	return c.f.Close()
}

type xlsxSheet struct {
	f    *os.File
	book *excelize.File
	sw   *excelize.StreamWriter
	row  int
}

func newXLSXSheet(f *os.File) (*xlsxSheet, error) {
	book := excelize.NewFile()
	sw, err := book.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, fmt.Errorf("start workbook: %w", err)
	}
	return &xlsxSheet{f: f, book: book, sw: sw}, nil
}

func (x *xlsxSheet) write(cells []string) error {
	x.row++
	vals := make([]any, len(cells))
	for i, c := range cells {
		// Strings stay strings: a phone number must not become 4.47E+11.
		vals[i] = excelize.Cell{Value: c}
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxSheet) close() error {
	if err := x.sw.Flush(); err != nil {
		x.f.Close()
		return err
	}
	if _, err := x.book.WriteTo(x.f); err != nil {
		x.f.Close()
		return err
	}
	x.book.Close()
	return x.f.Close()
}
