package sheet

import (
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/apperr"
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
