package contacts

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"herald/backend/apperr"
	"herald/backend/sheet"
)

// Export writes the contacts matching q (all of them for an empty query) to
// path, as CSV or Excel by its extension, and says how many rows it wrote.
// Paging and sort in q are ignored: an export has every match, oldest first.
// A bare file name goes to the exports folder and never replaces a file.
func (s *Service) Export(path string, q Query) (int64, error) {
	if err := s.awaitReady(); err != nil {
		return 0, err
	}
	path, replace, err := s.files.Target(path)
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
	out, err := sheet.Create(path, 1, replace)
	if errors.Is(err, sheet.ErrFormat) {
		return 0, apperr.Invalid("Export to a .csv or .xlsx file.")
	}
	if err != nil {
		return 0, err
	}
	ctx, done := s.exports.Start(s.ctx())
	defer done()
	n, err := s.writeExport(ctx, out, f, keys)
	if err != nil {
		out.Abort()
		if ctx.Err() != nil {
			return 0, apperr.Conflict("The export was cancelled; no file was written.")
		}
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := out.Commit(); err != nil {
		return 0, err
	}
	s.record("exported", fmt.Sprintf("Exported %s to %s", plural(n, "contact"), filepath.Base(path)))
	return n, nil
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

// CancelExport stops the exports in progress; each writes no file.
func (s *Service) CancelExport() {
	s.exports.CancelAll()
}

func (s *Service) writeExport(ctx context.Context, out *sheet.Writer, f *filter, keys []string) (int64, error) {
	header := []string{"Name", "Phone", "Other phones", "Email", "Company", "Tags", "Notes", "Opted out", "Opted out at", "Opted out reason", "Created", "Updated"}
	for _, k := range keys {
		header = append(header, k)
	}
	if err := out.Write(header); err != nil {
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
	// The parts run in id order, so last carries over from one to the next.
	parts := f.parts(1000)
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		var rows []row
		args := append(append([]any{}, parts[0]...), last)
		if err := s.db.WithContext(ctx).Raw("SELECT * FROM contacts"+where+" ORDER BY id LIMIT 1000", args...).Scan(&rows).Error; err != nil {
			return n, err
		}
		if len(rows) == 0 && len(parts) > 1 {
			parts = parts[1:]
			continue
		}
		if len(rows) == 0 {
			return n, nil
		}
		for _, r := range rows {
			c := r.contact()
			cells := []string{c.Name, c.Phone, otherPhonesCell(c.OtherPhones), c.Email, c.Company, strings.Join(c.Tags, ", "), c.Notes,
				yesNo(c.OptedOut), formatTime(c.OptedOutAt), c.OptedOutReason, formatTime(&c.CreatedAt), formatTime(&c.UpdatedAt)}
			for _, k := range keys {
				cells = append(cells, c.CustomFields[k])
			}
			if err := out.Write(cells); err != nil {
				return n, err
			}
			n++
			last = r.ID
		}
	}
}

// otherPhonesCell writes a contact's other numbers in one cell:
// "Work: +441632960001; +441632960002".
func otherPhonesCell(list []OtherPhone) string {
	parts := make([]string, len(list))
	for i, p := range list {
		parts[i] = p.Number
		if p.Label != "" {
			parts[i] = p.Label + ": " + p.Number
		}
	}
	return strings.Join(parts, "; ")
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
