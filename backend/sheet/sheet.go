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
	"herald/backend/winpath"
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
}

type format interface {
	write(cells []string) error
	close() error
}

// Target is the file an export named path goes to. A full path, as the
// desktop's save dialog gives, is used as it is. Anything else is the name
// of a file in exportsDir (created when missing), as the browser sends it;
// it must be a name Windows accepts, checked on every OS so that a name
// that works in one place works in all.
func Target(path, exportsDir string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", apperr.Invalid("Choose a file to export to.")
	}
	if filepath.IsAbs(path) {
		return path, nil
	}
	if err := winpath.CheckName(path); err != nil {
		return "", apperr.Invalid("Herald cannot export to that name. %s", err)
	}
	if exportsDir == "" {
		return "", apperr.Invalid("Choose a folder to export to.")
	}
	if err := os.MkdirAll(exportsDir, 0o700); err != nil {
		return "", fmt.Errorf("create exports folder: %w", err)
	}
	return filepath.Join(exportsDir, path), nil
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
// (-1 for none). Call Commit to finish, or Abort.
func Create(path string, keep int) (*Writer, error) {
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
	return &Writer{path: path, tmp: tmp, out: out, keep: keep}, nil
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
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		if inUse(err) {
			return apperr.Conflict("Herald could not replace %s: it is open in another program (Excel keeps the files it shows locked), or the folder is read-only. Close it there, or choose another name, and export again.", filepath.Base(w.path))
		}
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
