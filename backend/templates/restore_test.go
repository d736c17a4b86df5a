package templates

import (
	"path/filepath"
	"testing"
)

func TestMediaIn_KeepsTheFileNameWhateverTheSystemThatStoredIt(t *testing.T) {
	dir := filepath.Join("data", "media")
	for stored, name := range map[string]string{
		`C:\Users\Ana\AppData\Roaming\Herald\media\menu-123.jpg`: "menu-123.jpg",
		"/home/ana/.config/Herald/media/menu-456.png":            "menu-456.png",
		"menu-789.pdf": "menu-789.pdf",
	} {
		if got := MediaIn(dir, stored); got != filepath.Join(dir, name) {
			t.Errorf("MediaIn(%q) = %q", stored, got)
		}
	}
}
