// Package sheet writes exports people open in a spreadsheet: CSV or Excel
// by the file's extension, with every cell safe from formula injection, and
// written beside the target then renamed, so a failed export never leaves
// half a file where the user expects a whole one.
package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"herald/backend/apperr"
	"herald/backend/userfiles"
)

// ErrFormat is returned for a file that is neither .csv nor .xlsx.
var ErrFormat = errors.New("export to a .csv or .xlsx file")

// Writer writes rows to a new file.
type Writer struct {
	path string
	tmp  *os.File
	out  format
	// keep is the column left as it is (-1 for none): a phone number in
	// E.164 starts with + and must stay a number people can dial.
	keep int
	// replace allows Commit to replace a file already at path.
	replace bool
}

type format interface {
	write(cells []string) error
	close() error
}

// NewCSV returns a CSV writer for a file people open in a spreadsheet,
// having written the UTF-8 byte-order mark to w. Excel on Windows reads a
// CSV without that mark in the ANSI code page, which garbles every accented
// name; lines end in CRLF as RFC 4180 says, which Windows tools expect and
// every CSV reader (Herald's importer too) takes.
func NewCSV(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw, nil
}

// Create starts writing path; keep is the column Neutralise leaves alone
// (-1 for none); replace allows replacing a file already at path. Call
// Commit to finish, or Abort.
func Create(path string, keep int, replace bool) (*Writer, error) {
	var out format
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, ErrFormat
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".herald-export-*")
	if err != nil {
		return nil, fmt.Errorf("export to %s: %w", path, err)
	}
	if ext == ".csv" {
		w, err := NewCSV(tmp)
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, fmt.Errorf("export to %s: %w", path, err)
		}
		out = &csvSheet{f: tmp, w: w}
	} else {
		book := excelize.NewFile()
		sw, err := book.NewStreamWriter("Sheet1")
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, fmt.Errorf("start workbook: %w", err)
		}
		out = &xlsxSheet{f: tmp, book: book, sw: sw}
	}
	return &Writer{path: path, tmp: tmp, out: out, keep: keep, replace: replace}, nil
}

// Write writes one row, neutralised. The header row is written with the
// same call (its keep column is a title, which needs no exception).
func (w *Writer) Write(cells []string) error {
	return w.out.write(Neutralise(cells, w.keep))
}

// Commit finishes the file and puts it in place.
func (w *Writer) Commit() error {
	defer os.Remove(w.tmp.Name())
	if err := w.out.close(); err != nil {
		return fmt.Errorf("export to %s: %w", w.path, err)
	}
	if !w.replace {
		return w.place()
	}
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		if inUse(err) {
			return apperr.Conflict("Herald could not replace %s: it is open in another program (Excel keeps the files it shows locked), or the folder is read-only. Close it there, or choose another name, and export again.", filepath.Base(w.path))
		}
		return fmt.Errorf("export to %s: %w", w.path, err)
	}
	return nil
}

// place puts the finished file at path only if nothing is there: a hard
// link fails when the name exists, with no moment at which a file that
// appeared meanwhile could be replaced. Where links are not supported
// (FAT drives, some network shares) it checks, then renames.
func (w *Writer) place() error {
	err := os.Link(w.tmp.Name(), w.path)
	if errors.Is(err, fs.ErrExist) {
		return userfiles.Exists(filepath.Base(w.path))
	}
	if err == nil {
		return nil
	}
	if _, serr := os.Lstat(w.path); serr == nil {
		return userfiles.Exists(filepath.Base(w.path))
	}
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		return fmt.Errorf("export to %s: %w", w.path, err)
	}
	return nil
}

// inUse reports whether err is the refusal to replace a file that another
// program holds open (Windows) or may not be written.
func inUse(err error) bool {
	return errors.Is(err, fs.ErrPermission) || sharingViolation(err)
}

// Abort drops the partial file.
func (w *Writer) Abort() {
	_ = w.out.close()
	os.Remove(w.tmp.Name())
}

// Neutralise stops a spreadsheet from running a cell as a formula: cells
// that begin with = + - @ tab or carriage return get a leading apostrophe.
// The column keep is left as it is.
func Neutralise(cells []string, keep int) []string {
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
