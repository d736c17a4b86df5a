//go:build unix

package contacts

import (
	"os"
	"path/filepath"
	"testing"

	"herald/backend/store"
)

// An import's problem report quotes contacts, and an export is the book:
// only their owner may read them.
func TestImportReportAndExportAreReadableByTheOwnerOnly(t *testing.T) {
	f := newService(t)
	res, err := f.svc.Import(writeFile(t, "bad.csv", "name,phone\nAna,07911 123402\nBad Number,12345\n"), ImportOptions{})
	if err != nil || res.Report == "" {
		t.Fatalf("import: %+v, %v", res, err)
	}
	export := filepath.Join(t.TempDir(), "book.xlsx")
	if _, err := f.svc.Export(export, Query{}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(f.svc.exportDir, res.Report), export} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != store.PrivateFile {
			t.Errorf("%s: %v, %v", filepath.Base(path), st.Mode().Perm(), err)
		}
	}
}
