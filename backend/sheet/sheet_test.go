package sheet

import (
	"context"
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/apperr"
	"herald/backend/contacts/importer"
)

func TestCommit_NeverReplacesAFileUnlessAllowed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := Create(path, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"ours"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); apperr.KindOf(err) != apperr.KindConflict {
		t.Errorf("Commit over an existing file = %v, want a conflict", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "theirs" {
		t.Errorf("the existing file now holds %q", data)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".herald-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
	w, err = Create(path, -1, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]string{"ours"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("Commit allowed to replace: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "\ufeffours\r\n" {
		t.Errorf("the replaced file holds %q", data)
	}
}

func TestCSVExport_IsUTF8WithBOMAndCRLFSoExcelOnWindowsReadsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	w, err := Create(path, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][]string{{"Name", "Phone", "Notes"}, {"José Álvarez", "+34600000001", "two\nlines"}, {"=1+2", "+1", ""}} {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffName,Phone,Notes\r\nJosé Álvarez,+34600000001,\"two\r\nlines\"\r\n'=1+2,+1,\r\n"
	if string(data) != want {
		t.Errorf("export\n%q\nwant\n%q", data, want)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][2] != "two\nlines" {
		t.Errorf("read back %q: %v", rows, err)
	}
	// Herald's importer takes its own export back, mark and all.
	p, err := importer.PreviewFile(context.Background(), path, importer.Options{})
	if err != nil || p.Headers[0] != "Name" || len(p.Rows) != 2 || p.Rows[0][0] != "José Álvarez" {
		t.Errorf("the importer reads headers %q rows %q: %v", p.Headers, p.Rows, err)
	}
}

func TestCommit_SaysWhenTheFileIsOpenElsewhere(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&os.LinkError{Op: "rename", Old: `C:\x\.herald-export-1`, New: `C:\x\report.csv`, Err: fs.ErrPermission}, true},
		{&os.LinkError{Op: "rename", Err: fs.ErrNotExist}, false},
		{errors.New("disk full"), false},
	} {
		if got := inUse(tc.err); got != tc.want {
			t.Errorf("inUse(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
