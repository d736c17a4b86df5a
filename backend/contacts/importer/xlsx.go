package importer

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/xuri/excelize/v2"
)

// sheetRows reads one worksheet row by row with two excelize streams over
// the same sheet: one with number formats applied (dates and text as shown)
// and one with raw values, used for long integers. Excel shows a phone
// number typed as a number in "General" or scientific format as 4.92E+12;
// the raw value keeps its digits.
type sheetRows struct {
	shown, raw *excelize.Rows
	n          atomic.Int64 // rows read, for progress
}

func (s *sheetRows) next() (row, error) {
	if !s.shown.Next() || !s.raw.Next() {
		if err := s.shown.Error(); err != nil {
			return row{}, fmt.Errorf("read the sheet: %w", err)
		}
		return row{}, io.EOF
	}
	line := int(s.n.Add(1))
	shown, err := s.shown.Columns()
	if err != nil {
		return row{}, fmt.Errorf("read row %d: %w", line, err)
	}
	raw, err := s.raw.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return row{}, fmt.Errorf("read row %d: %w", line, err)
	}
	for i := range shown {
		if i < len(raw) {
			if digits, ok := longInteger(raw[i]); ok {
				shown[i] = digits
			}
		}
	}
	return row{line: line, cells: shown}, nil
}

// longInteger returns the digits of a raw numeric cell that holds an
// integer of 7 digits or more: phone numbers, never dates or amounts that
// want their format.
func longInteger(raw string) (string, bool) {
	if raw == "" || strings.ContainsAny(raw, " ,") {
		return "", false
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || f < 1e6 || f >= 1e15 || f != float64(int64(f)) {
		return "", false
	}
	return strconv.FormatInt(int64(f), 10), true
}

// openXLSX opens the first sheet of a workbook (or opts.Sheet) as a table.
func openXLSX(path string, opts Options) (source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("stat: %w", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("open the workbook: %w", err)
	}
	src, err := sheetTable(f, opts, st.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

func sheetTable(f *excelize.File, opts Options, size int64) (source, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("the workbook has no sheets")
	}
	sheet := opts.Sheet
	if sheet == "" {
		sheet = sheets[0]
	} else if !containsFold(sheets, sheet) {
		return nil, fmt.Errorf("the workbook has no sheet named %q", sheet)
	}
	shown, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	raw, err := f.Rows(sheet)
	if err != nil {
		shown.Close()
		return nil, fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	rows := &sheetRows{shown: shown, raw: raw}
	// The dimension ("A1:F1000") gives the row count for progress reports.
	total := int64(0)
	if dim, err := f.GetSheetDimension(sheet); err == nil {
		if _, end, ok := strings.Cut(dim, ":"); ok {
			if _, r, err := excelize.CellNameToCoordinates(end); err == nil {
				total = int64(r)
			}
		}
	}
	meta := Preview{Format: FormatXLSX, Sheets: sheets, Sheet: sheet}
	t, err := newTable(rows, meta, opts.Mapping)
	if err != nil {
		shown.Close()
		raw.Close()
		return nil, fmt.Errorf("read the header row: %w", err)
	}
	t.prog = func() (int64, int64) {
		if total <= 0 {
			return 0, size
		}
		return min(size, rows.n.Load()*size/total), size
	}
	t.closer = func() error {
		shown.Close()
		raw.Close()
		return f.Close()
	}
	return t, nil
}
