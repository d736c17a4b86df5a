package main

import (
	"strings"

	"herald/backend/winpath"
)

// webviewDataPath is the folder WebView2 keeps its profile and cache in on
// Windows, given %LocalAppData% (os.UserCacheDir there) and the data
// folder: %LocalAppData%\Herald\WebView2, exactly the folder the
// uninstaller deletes (build/windows/installer). Wails' default,
// %AppData%\herald.exe, would sit beside the user's data in
// %AppData%\Herald, roam with the profile and outlive an uninstall. The
// cache must never be inside the data folder (backups copy that folder
// whole) nor hold it (the uninstaller would delete the user's data): with
// a --data folder there, the cache moves beside it, and "" (Wails' default)
// is the last resort when every candidate overlaps the data folder.
func webviewDataPath(localAppData, dataDir string) string {
	if strings.TrimSpace(localAppData) == "" {
		return ""
	}
	for _, p := range []string{
		winpath.Join(localAppData, "Herald", "WebView2"),
		winpath.Join(localAppData, "Herald-WebView2"),
	} {
		if !winpath.Overlap(p, dataDir) {
			return p
		}
	}
	return ""
}
