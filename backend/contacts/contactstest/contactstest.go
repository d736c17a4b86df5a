// Package contactstest fills a contact book for other packages' tests and
// benchmarks, through the book's own import: they never write the contacts
// tables, whose layout is the contacts package's to change.
package contactstest

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"herald/backend/contacts"
	"herald/backend/contacts/importer"
)

// Import imports n contacts into s from a CSV file with columns mapped as
// mapping says (importer targets: "phone", "name", "custom:order" …), the
// i-th row being row(i). It fails tb unless every row makes a new contact.
func Import(tb testing.TB, s *contacts.Service, mapping []string, n int, row func(i int) []string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "contacts.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := csv.NewWriter(f)
	// The header row names each column after its target, so that nothing
	// is read as data.
	if err := w.Write(mapping); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		if err := w.Write(row(i)); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	res, err := s.Import(path, contacts.ImportOptions{Options: importer.Options{Format: importer.FormatCSV, Mapping: mapping}})
	if err != nil {
		tb.Fatal(err)
	}
	if res.Created != int64(n) {
		tb.Fatalf("import made %d contacts of %d rows (%d updated, %d skipped, %d failed: %v)",
			res.Created, n, res.Updated, res.Skipped, res.Failed, res.Errors[:min(len(res.Errors), 3)])
	}
}
