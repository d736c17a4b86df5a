package main

import (
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
