package sheet

import (
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

func TestExportName_IsValidOnWindows(t *testing.T) {
	exports := filepath.Join(t.TempDir(), "exports")
	abs := filepath.Join(t.TempDir(), "chosen in the dialog.csv")
	for _, tc := range []struct {
		name string
		want string // the target's file name, "" when refused
		says string // part of the refusal
	}{
		{"contacts-20261202-090000.csv", "contacts-20261202-090000.csv", ""},
		{"  campaign-7-20261202-090000.xlsx ", "campaign-7-20261202-090000.xlsx", ""},
		{"José Álvarez.csv", "José Álvarez.csv", ""},
		{abs, abs, ""},
		// A repeating campaign's run is named "Name · 2 Dec 2026 09:00".
		{"Name · 2 Dec 2026 09:00.csv", "", `cannot contain ":"`},
		{"report 09:00.xlsx", "", `cannot contain ":"`},
		{`C:report.csv`, "", `cannot contain ":"`},
		{`..\report.csv`, "", `cannot contain "\\"`},
		{`sub\report.csv`, "", `cannot contain "\\"`},
		{"sub/report.csv", "", `cannot contain "/"`},
		{"what?.csv", "", `cannot contain "?"`},
		{"CON.csv", "", "device"},
		{"nul.xlsx", "", "device"},
		{"COM1.csv", "", "device"},
		{"LPT9.csv", "", "device"},
		{"report..", "", "dot or a space"},
		{"tab\t.csv", "", "control character"},
		{strings.Repeat("x", 256) + ".csv", "", "too long"},
		{"   ", "", "Choose a file"},
	} {
		got, err := Target(tc.name, exports)
		if tc.want == "" {
			if err == nil || apperr.KindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Target(%q) = %q, %v; want a message for the user saying %s", tc.name, got, err, tc.says)
			}
			continue
		}
		if err != nil {
			t.Errorf("Target(%q): %v", tc.name, err)
			continue
		}
		if filepath.IsAbs(tc.name) {
			if got != tc.want {
				t.Errorf("Target(%q) = %q, want the dialog's path as it is", tc.name, got)
			}
		} else if got != filepath.Join(exports, tc.want) {
			t.Errorf("Target(%q) = %q, want %q in the exports folder", tc.name, got, tc.want)
		}
	}
	if _, err := Target("contacts.csv", ""); err == nil {
		t.Error("a bare name without an exports folder was taken")
	}
}

func TestCSVExport_IsUTF8WithBOMAndCRLFSoExcelOnWindowsReadsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	w, err := Create(path, 1)
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
	p, err := importer.PreviewFile(path, importer.Options{})
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
