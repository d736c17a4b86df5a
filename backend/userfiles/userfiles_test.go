package userfiles

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/apperr"
)

func TestTarget_TakesNamesValidOnWindows(t *testing.T) {
	exports := filepath.Join(t.TempDir(), "exports")
	abs := filepath.Join(t.TempDir(), "chosen in the dialog.csv")
	desktop := Desktop(exports)
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
		got, replace, err := desktop.Target(tc.name)
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
			if got != tc.want || !replace {
				t.Errorf("Target(%q) = %q, %v; want the dialog's path as it is, which may replace a file", tc.name, got, replace)
			}
		} else if got != filepath.Join(exports, tc.want) || replace {
			t.Errorf("Target(%q) = %q, %v; want %q in the exports folder, never replacing", tc.name, got, replace, tc.want)
		}
	}
	if _, _, err := Desktop("").Target("contacts.csv"); err == nil {
		t.Error("a bare name without an exports folder was taken")
	}
}

func TestTarget_InABrowserWritesOnlyNewFilesOfTheExportsFolder(t *testing.T) {
	exports := filepath.Join(t.TempDir(), "exports")
	browser := Browser(t.TempDir(), exports)
	for _, name := range []string{"/etc/cron.d/x.csv", filepath.Join(t.TempDir(), "x.csv"), "../x.csv", "sub/x.csv", `..\x.csv`} {
		if _, _, err := browser.Target(name); apperr.KindOf(err) != apperr.KindInvalid {
			t.Errorf("Target(%q) = %v, want a refusal", name, err)
		}
	}
	got, replace, err := browser.Target("contacts.csv")
	if err != nil || got != filepath.Join(exports, "contacts.csv") || replace {
		t.Fatalf("Target(contacts.csv) = %q, %v, %v", got, replace, err)
	}
	if err := os.WriteFile(got, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := browser.Target("contacts.csv"); apperr.KindOf(err) != apperr.KindConflict || !strings.Contains(err.Error(), "already a file named contacts.csv") {
		t.Errorf("Target over an existing export = %v, want a conflict in plain words", err)
	}
}

func TestSource_InABrowserReadsOnlyUploads(t *testing.T) {
	root := t.TempDir()
	uploads := filepath.Join(root, "uploads")
	outside := filepath.Join(root, "secret.csv")
	upload := filepath.Join(uploads, "a1b2", "clientes.csv")
	for _, p := range []string{outside, upload} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("Name,Phone\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(uploads, "a1b2", "link.csv")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	dirLink := filepath.Join(uploads, "out")
	if err := os.Symlink(root, dirLink); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	relative, _ := filepath.Rel(wd, upload)
	browser := Browser(uploads, filepath.Join(root, "exports"))
	for _, path := range []string{"/etc/passwd", outside, relative, "clientes.csv", link,
		filepath.Join(dirLink, "secret.csv"), filepath.Join(uploads, "..", "secret.csv"), uploads, "/dev/zero"} {
		got, err := browser.Source(path)
		if apperr.KindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), "reads only files sent to it") {
			t.Errorf("Source(%q) = %q, %v; want the browser-mode refusal", path, got, err)
		}
	}
	if got, err := browser.Source(upload); err != nil || got != mustResolve(t, upload) {
		t.Errorf("Source(upload) = %q, %v", got, err)
	}
	if _, err := browser.Source(filepath.Join(uploads, "gone", "x.csv")); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("Source(a swept upload) = %v, want not found", err)
	}
	if _, err := browser.Source(filepath.Join(uploads, "a1b2")); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("Source(a folder of uploads) = %v, want a refusal", err)
	}
}

func TestSource_OnTheDesktopTakesAnyRegularFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	desktop := Desktop(t.TempDir())
	if got, err := desktop.Source(file); err != nil || got != file {
		t.Errorf("Source(%q) = %q, %v", file, got, err)
	}
	for _, path := range []string{"/dev/zero", t.TempDir()} {
		if _, err := desktop.Source(path); apperr.KindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), "not a file Herald can read") {
			t.Errorf("Source(%q) = %v, want a refusal of what is not a regular file", path, err)
		}
	}
	if _, err := desktop.Source(filepath.Join(t.TempDir(), "gone.csv")); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("Source(a missing file) = %v, want not found", err)
	}
}

func mustResolve(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
