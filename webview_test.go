package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"herald/backend/winpath"
)

func TestWebviewDataPath_IsNeverInsideTheDataFolder(t *testing.T) {
	const (
		local   = `C:\Users\José Álvarez\AppData\Local`
		roaming = `C:\Users\José Álvarez\AppData\Roaming`
		// The folder the uninstaller deletes: $LOCALAPPDATA\Herald\WebView2.
		uninstalled = local + `\Herald\WebView2`
	)
	for _, tc := range []struct {
		name, local, data, want string
	}{
		{"the default data folder", local, roaming + `\Herald`, uninstalled},
		{"a trailing separator", local + `\`, roaming + `\Herald`, uninstalled},
		{"data on another drive", local, `D:\Herald data`, uninstalled},
		{"a roaming profile on a share", local, `\\fs01\profiles\ana\AppData\Roaming\Herald`, uninstalled},
		{"data named like the cache but elsewhere", local, roaming + `\Herald\WebView2`, uninstalled},
		{"--data in Herald's LocalAppData folder", local, local + `\Herald`, local + `\Herald-WebView2`},
		{"the same, in another case and with /", local, `c:/users/JOSÉ ÁLVAREZ/appdata/local/herald/`, local + `\Herald-WebView2`},
		{"--data inside the cache folder", local, local + `\herald\webview2\data`, local + `\Herald-WebView2`},
		{"--data is LocalAppData itself", local, local, ""},
		{"--data is the whole profile", local, `C:\Users\José Álvarez`, ""},
		{"no LocalAppData", "", roaming + `\Herald`, ""},
	} {
		got := webviewDataPath(tc.local, tc.data)
		if got != tc.want {
			t.Errorf("%s: webviewDataPath(%q, %q) = %q, want %q", tc.name, tc.local, tc.data, got, tc.want)
		}
		if got != "" && winpath.Overlap(got, tc.data) {
			t.Errorf("%s: %q overlaps the data folder %q", tc.name, got, tc.data)
		}
	}
}

// The uninstaller deletes WebView2's cache by the path in the installer's
// script; it must be the folder the app puts it in.
func TestWebviewDataPath_IsTheFolderTheUninstallerDeletes(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("build", "windows", "installer", "herald.nsi"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^!define WEBVIEW_DIR "\$LOCALAPPDATA(\\[^"]+)"$`).FindSubmatch(script)
	if m == nil {
		t.Fatal(`herald.nsi has no !define WEBVIEW_DIR "$LOCALAPPDATA\…"`)
	}
	local := `C:\Users\José Álvarez\AppData\Local`
	got := webviewDataPath(local, `C:\Users\José Álvarez\AppData\Roaming\Herald`)
	if want := local + string(m[1]); got != want {
		t.Errorf("the app keeps WebView2's cache in %q, the uninstaller deletes %q", got, want)
	}
}
