package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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
		// 150 characters of two bytes each would be 300 bytes: Linux takes 255.
		{strings.Repeat("é", 200) + ".csv", strings.Repeat("é", 125) + ".csv"},
		{strings.Repeat("Ж", 200), strings.Repeat("Ж", 127)},
		{strings.Repeat("名", 200) + ".xlsx", strings.Repeat("名", 83) + ".xlsx"},
		{strings.Repeat("😀", 100) + ".vcf", strings.Repeat("😀", 62) + ".vcf"},
		{"CON" + strings.Repeat(" ", 300) + "Ж.csv", "_CON.csv"},
		{strings.Repeat(" ", 300) + "Ж.csv", ""},
	} {
		got := safeName(tc.in)
		if got != tc.want {
			t.Errorf("safeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got == "" {
			continue
		}
		if !utf8.ValidString(got) || len(got) > maxNameBytes {
			t.Errorf("safeName(%q) = %q: %d bytes, valid UTF-8 %v", tc.in, got, len(got), utf8.ValidString(got))
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

// A long name in Cyrillic is stored under the name the answer gives, and
// that file holds what was sent.
func TestUpload_LongCyrillicNameIsStoredUnderTheAnsweredPath(t *testing.T) {
	dir := t.TempDir()
	srv := serveOn(t, Options{Token: token, Log: discardLog(), UploadDir: filepath.Join(dir, "uploads")})
	name := strings.Repeat("Контакты", 25) + ".csv"
	if n := utf8.RuneCountInString(name); n != 204 {
		t.Fatalf("the name has %d characters", n)
	}
	status, path := send(t, srv, url.QueryEscape(name), strings.NewReader("имя,телефон\n"))
	if status != http.StatusOK {
		t.Fatalf("upload: %d %s", status, path)
	}
	if !utf8.ValidString(path) || strings.ContainsRune(path, utf8.RuneError) {
		t.Errorf("the answered path is not clean text: %q", path)
	}
	if base := filepath.Base(path); !strings.HasPrefix(base, "Контакты") || !strings.HasSuffix(base, ".csv") {
		t.Errorf("the stored name %q lost its start or its extension", base)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the answered path: %v", err)
	}
	if string(got) != "имя,телефон\n" {
		t.Errorf("stored %q", got)
	}
}
