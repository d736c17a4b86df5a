package importer

import (
	"context"
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

// next returns the next row. A row over the limits of a text row (cell
// length, row length, number of cells) comes back broken; checkWorkbook
// has already made sure that excelize holds little memory to read it.
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
	if problem := checkCells(shown); problem != "" {
		return row{line: line, broken: problem}, nil
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
// f is the workbook, opened by open; the source closes it. The workbook is
// checked (checkWorkbook) before excelize sees it, and excelize is opened
// with limits that match.
func openXLSX(ctx context.Context, f *os.File, path string, opts Options) (source, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat: %w", err)
	}
	if err := checkWorkbook(ctx, f, st.Size()); err != nil {
		return nil, err
	}
	// excelize cannot be stopped while it unzips the workbook (up to
	// maxWorkbookBytes into temporary files): wait for it on the side, and
	// let it finish and clean up by itself if ctx ends first.
	type opened struct {
		book *excelize.File
		err  error
	}
	done := make(chan opened, 1)
	go func() {
		book, err := excelize.OpenFile(path, excelize.Options{
			UnzipSizeLimit:    maxWorkbookBytes,
			UnzipXMLSizeLimit: maxInMemoryXML,
		})
		done <- opened{book, err}
	}()
	var book *excelize.File
	select {
	case o := <-done:
		if o.err != nil {
			if o.book != nil {
				o.book.Close()
			}
			return nil, fmt.Errorf("open the workbook: %w", o.err)
		}
		book = o.book
	case <-ctx.Done():
		go func() {
			if o := <-done; o.book != nil {
				o.book.Close()
			}
		}()
		return nil, ctx.Err()
	}
	src, err := sheetTable(ctx, book, opts, st.Size())
	if err != nil {
		book.Close()
		return nil, err
	}
	closeBook := src.closer
	src.closer = func() error {
		err := closeBook()
		f.Close()
		return err
	}
	return src, nil
}

func sheetTable(ctx context.Context, f *excelize.File, opts Options, size int64) (*table, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, problemf("the workbook has no sheets")
	}
	sheet := opts.Sheet
	if sheet == "" {
		sheet = sheets[0]
	} else if !containsFold(sheets, sheet) {
		return nil, problemf("the workbook has no sheet named %q", sheet)
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
	t, err := newTable(ctx, rows, meta, opts.Mapping)
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
