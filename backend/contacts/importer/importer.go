// Package importer reads the contact files people really have — CSV and TSV
// in any common encoding and delimiter, Google and Outlook exports, vCard and
// Excel — and turns each row or card into a Record with an E.164 phone
// number. It knows nothing about the database: the contacts service decides
// what to do with each Record.
package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Field targets a column can map to. A custom field is CustomPrefix followed
// by its key (the header text, trimmed).
const (
	Ignore    = ""
	Name      = "name"
	FirstName = "first_name"
	LastName  = "last_name"
	Phone     = "phone"
	Email     = "email"
	Company   = "company"
	Tags      = "tags"
	Notes     = "notes"
	OptedOut  = "opted_out"

	CustomPrefix = "custom:"
)

// Formats, encodings and delimiters that Options accepts and Preview reports.
const (
	FormatCSV   = "csv"
	FormatVCard = "vcard"
	FormatXLSX  = "xlsx"

	EncodingUTF8    = "utf-8"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	Encoding1252    = "windows-1252"
)

// previewRows is how many data rows a Preview shows.
const previewRows = 20

// standardTargets are the fixed choices of a column, in the order the UI
// lists them.
func standardTargets() []string {
	return []string{Ignore, Name, FirstName, LastName, Phone, Email, Company, Tags, Notes, OptedOut}
}

// Options say how to read a file. The zero value detects everything.
type Options struct {
	Format    string   `json:"format"`    // "" = detect; "csv", "vcard", "xlsx"
	Encoding  string   `json:"encoding"`  // "" = detect; "utf-8", "utf-16le", "utf-16be", "windows-1252"
	Delimiter string   `json:"delimiter"` // "" = detect; ",", ";", "\t", "|"
	Sheet     string   `json:"sheet"`     // xlsx: "" = first sheet
	Mapping   []string `json:"mapping"`   // one target per column; nil/empty = the suggested mapping
	// DefaultCountry is the region (ISO 3166, e.g. "US") for numbers written
	// without a country code. The service sets it from its settings.
	DefaultCountry string `json:"-"`
}

// Preview is what a file looks like before importing it: what was detected,
// the columns with a suggested mapping, and the first rows.
type Preview struct {
	Format    string   `json:"format"`
	Encoding  string   `json:"encoding"`  // "" for xlsx
	Delimiter string   `json:"delimiter"` // "" for vcard and xlsx
	Sheets    []string `json:"sheets"`    // xlsx sheet names, else []
	Sheet     string   `json:"sheet"`
	// Headers are the column headers, "Column 1"… when the file has no
	// header row. For vCard they are empty and Mapping is nil: vCard fields
	// map themselves, and each row of Rows is VCardColumns.
	Headers []string   `json:"headers"`
	Mapping []string   `json:"mapping"` // suggested target per column
	Rows    [][]string `json:"rows"`    // first data rows, each as long as Headers
	Targets []string   `json:"targets"` // every target a column may take, custom ones included
}

// VCardColumns name the cells of a vCard preview row.
func VCardColumns() [6]string {
	return [6]string{"Name", "Phone", "Email", "Company", "Tags", "Notes"}
}

// Record is one contact read from a file.
type Record struct {
	// Line is where the record starts as a text editor shows it: the header
	// is line 1; for vCard the BEGIN:VCARD line; for xlsx the row number.
	Line  int
	Name  string
	Phone string // E.164 when Problem == "": the number for WhatsApp
	// OtherPhones are the record's other numbers, each once.
	OtherPhones []OtherPhone
	// RawPhone is the first phone number as the file has it, so that a
	// problem can name the row as the person knows it.
	RawPhone string
	Email    string
	Company  string
	Notes    string
	Tags     []string
	Custom   map[string]string
	OptedOut bool
	// Skip is true when the row has no phone number at all. Empty rows are
	// dropped without a Record.
	Skip bool
	// Problem says in a sentence or two why the row was skipped or failed,
	// and what to do; "" for a good row.
	Problem string
	// Note says, for a good row with several numbers, which one was chosen
	// for WhatsApp and over which.
	Note string
}

// PreviewFile detects how the file at path is written and returns its
// columns, a suggested mapping and its first rows, each cell cut to
// previewCellRunes characters. Options that are set override detection.
// It stops soon after ctx ends and returns ctx's error.
func PreviewFile(ctx context.Context, path string, opts Options) (Preview, error) {
	src, err := open(ctx, path, opts)
	if err != nil {
		return Preview{}, err
	}
	defer src.close()
	p, err := src.preview()
	if err != nil {
		return Preview{}, fmt.Errorf("preview %s: %w", path, err)
	}
	return p, nil
}

// Read streams every record of the file at path to fn, in file order, from
// the calling goroutine. Phone numbers are normalised by a small pool of
// workers, with bounded buffers so memory does not grow with the file. Read
// stops early when ctx ends or fn returns an error, and returns that error.
// report, when not nil, is called with the bytes read so far and the file
// size, at most a few times a second and once at the end.
func Read(ctx context.Context, path string, opts Options, fn func(Record) error, report func(done, total int64)) error {
	return ReadPrepared(ctx, path, opts, func(r Record) Record { return r }, fn, report)
}

// ReadPrepared is Read with prepare applied to every record by the workers
// that normalise the phone numbers, and its results handed to fn: work on a
// record that does not depend on the records before it (checking it,
// encoding it for the database) runs there, in parallel, instead of on the
// caller's goroutine, which writes one record after another.
func ReadPrepared[T any](ctx context.Context, path string, opts Options, prepare func(Record) T, fn func(T) error, report func(done, total int64)) error {
	src, err := open(ctx, path, opts)
	if err != nil {
		return err
	}
	defer src.close()
	if err := run(ctx, src, opts.DefaultCountry, prepare, fn, report); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// source is one opened contact file.
type source interface {
	preview() (Preview, error)
	// drafts starts reading the records; next returns io.EOF at the end.
	next() (draft, error)
	// progress returns the bytes consumed so far and the total.
	progress() (done, total int64)
	close() error
}

// open detects the file's format and opens the matching source. The
// source checks ctx as it reads and fails with ctx's error once it ends.
func open(ctx context.Context, path string, opts Options) (source, error) {
	if err := checkOptions(opts); err != nil {
		return nil, err
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	format := opts.Format
	if format == "" {
		if format, err = detectFormat(ctx, f, path); err != nil {
			f.Close()
			return nil, err
		}
	}
	var src source
	switch format {
	case FormatXLSX:
		src, err = openXLSX(ctx, f, path, opts)
	case FormatVCard:
		src, err = openVCard(ctx, f, opts)
	default:
		src, err = openCSV(ctx, f, opts)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %s as %s: %w", path, format, err)
	}
	return src, nil
}

// openRegular opens a file for reading if it is a regular file. Devices
// (/dev/zero never ends), pipes and folders are refused: a contact file is
// a file saved on disk. The open does not wait for a pipe's writer, and the
// check is made on the opened file, so a link cannot swap it in between.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, fmt.Errorf("open contact file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open contact file: %w", err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, problemf("%s is not a regular file but %s: choose a contact file saved on disk", filepath.Base(path), fileKind(st.Mode()))
	}
	return f, nil
}

// fileKind names what a path that is not a regular file is.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// checkOptions rejects option values the UI should never send, so that a
// typo is an error instead of a silently wrong import.
func checkOptions(opts Options) error {
	switch opts.Format {
	case "", FormatCSV, FormatVCard, FormatXLSX:
	default:
		return problemf("unknown file format %q", opts.Format)
	}
	switch opts.Encoding {
	case "", EncodingUTF8, EncodingUTF16LE, EncodingUTF16BE, Encoding1252:
	default:
		return problemf("unknown text encoding %q", opts.Encoding)
	}
	switch opts.Delimiter {
	case "", ",", ";", "\t", "|":
	default:
		return problemf("unknown delimiter %q", opts.Delimiter)
	}
	for i, t := range opts.Mapping {
		if !validTarget(t) {
			return problemf("column %d: unknown field %q", i+1, t)
		}
	}
	return nil
}

func validTarget(t string) bool {
	if strings.HasPrefix(t, CustomPrefix) {
		return strings.TrimSpace(t[len(CustomPrefix):]) != ""
	}
	for _, s := range standardTargets() {
		if t == s {
			return true
		}
	}
	return false
}
