package web

import (
	"strings"
	"testing"

	"herald/backend/winpath"
)

func TestUploadName_IsValidOnWindows(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"contacts.csv", "contacts.csv"},
		{"José Álvarez clientes.xlsx", "José Álvarez clientes.xlsx"},
		{`C:\Users\José Álvarez\Desktop\list.csv`, "list.csv"},
		{"/home/ana/list.csv", "list.csv"},
		{"../../etc/passwd", "passwd"},
		{`..\..\Windows\win.ini`, "win.ini"},
		{"Name · 2 Dec 2026 09:00.csv", "Name · 2 Dec 2026 09_00.csv"},
		{`what?*<>|".csv`, "what______.csv"},
		{"CON.csv", "_CON.csv"},
		{"nul", "_nul"},
		{"lpt1.vcf", "_lpt1.vcf"},
		{"list.csv.", "list.csv"},
		{"list.csv   ", "list.csv"},
		{"line\r\nbreak.csv", "line__break.csv"},
		{".hidden.csv", ""},
		{"..", ""},
		{".", ""},
		{"", ""},
		{"/", ""},
		{strings.Repeat("é", 200) + ".csv", strings.Repeat("é", 146) + ".csv"},
	} {
		got := safeName(tc.in)
		if got != tc.want {
			t.Errorf("safeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got == "" {
			continue
		}
		if err := winpath.CheckName(got); err != nil {
			t.Errorf("safeName(%q) = %q, which Windows refuses: %v", tc.in, got, err)
		}
		// The download handler takes only names that safeName keeps as they are.
		if again := safeName(got); again != got {
			t.Errorf("safeName(%q) = %q, then %q", tc.in, got, again)
		}
	}
}
