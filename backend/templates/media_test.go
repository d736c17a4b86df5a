package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/apperr"
)

// pngHeader is enough of a PNG for content sniffing.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

// writeFile writes content to name in a temp folder and, when size is
// larger, extends it sparsely to size bytes.
func writeFile(t *testing.T, name string, content []byte, size int64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	if size > int64(len(content)) {
		if err := os.Truncate(path, size); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestAttachMedia_CopiesTheFileAndTypesIt(t *testing.T) {
	f := newService(t)
	tmpl := mustCreate(t, f.svc, Template{Name: "Promo", Body: "Hi"})
	for _, tc := range []struct {
		name    string
		content []byte
		kind    string
	}{
		{"Summer sale.PNG", pngHeader, MediaImage},
		{"clip.mp4", []byte("\x00\x00\x00\x18ftypmp42"), MediaVideo},
		{"note.opus", []byte("OggS"), MediaAudio},
		{"menu.pdf", []byte("%PDF-1.4\n"), MediaDocument},
		{"menu", []byte("%PDF-1.4\n"), MediaDocument},
	} {
		src := writeFile(t, tc.name, tc.content, 0)
		got, err := f.svc.AttachMedia(tmpl.ID, src)
		if err != nil || got.MediaType != tc.kind {
			t.Fatalf("attach %s: %+v %v", tc.name, got, err)
		}
		if filepath.Dir(got.MediaPath) != filepath.Join(f.dataDir, MediaDir) || got.MediaPath == src {
			t.Errorf("%s copied to %s", tc.name, got.MediaPath)
		}
		if data, err := os.ReadFile(got.MediaPath); err != nil || string(data) != string(tc.content) {
			t.Errorf("copy of %s: %q %v", tc.name, data, err)
		}
	}
	// Each attachment replaced the one before: one file left.
	if entries, _ := os.ReadDir(filepath.Join(f.dataDir, MediaDir)); len(entries) != 1 {
		t.Errorf("media folder holds %d files, want 1", len(entries))
	}
}

func TestAttachMedia_EnforcesWhatsAppLimitsWithAClearMessage(t *testing.T) {
	f := newService(t)
	tmpl := mustCreate(t, f.svc, Template{Name: "Promo", Body: "Hi"})
	for _, tc := range []struct {
		name    string
		content []byte
		size    int64
		msg     string
	}{
		{"big.jpg", []byte("\xff\xd8\xff\xe0"), 5<<20 + 1, "WhatsApp sends pictures of up to 5 MB"},
		{"long.mp4", nil, 16<<20 + 1, "videos of up to 16 MB"},
		{"talk.mp3", nil, 17 << 20, "“talk.mp3” is 17 MB; WhatsApp sends audio files of up to 16 MB"},
		{"huge.pdf", nil, 100<<20 + 1, "documents of up to 100 MB"},
		{"tool.exe", []byte("MZ"), 0, "WhatsApp cannot send a file like “tool.exe”"},
		{"fake.png", []byte("hello"), 0, "not a picture"},
		{"empty.pdf", nil, 0, "is empty"},
	} {
		src := writeFile(t, tc.name, tc.content, tc.size)
		_, err := f.svc.AttachMedia(tmpl.ID, src)
		if apperr.KindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
		}
	}
	if _, err := f.svc.AttachMedia(tmpl.ID, filepath.Join(t.TempDir(), "gone.png")); err == nil || !strings.Contains(err.Error(), "no file") {
		t.Errorf("missing file: %v", err)
	}
	// At the limit is fine.
	if got, err := f.svc.AttachMedia(tmpl.ID, writeFile(t, "max.jpg", []byte("\xff\xd8\xff\xe0"), 5<<20)); err != nil || got.MediaType != MediaImage {
		t.Errorf("5 MB picture: %+v %v", got, err)
	}
}

func TestMedia_RemoveDuplicateDeleteKeepFilesInStep(t *testing.T) {
	f := newService(t)
	tmpl := mustCreate(t, f.svc, Template{Name: "Promo"})
	if tmpl.Usable {
		t.Fatal("an empty template without media is usable")
	}
	withMedia, err := f.svc.AttachMedia(tmpl.ID, writeFile(t, "a.png", pngHeader, 0))
	if err != nil || !withMedia.Usable {
		t.Fatalf("media alone is a message: %+v %v", withMedia, err)
	}
	copied, err := f.svc.Duplicate(tmpl.ID)
	if err != nil || copied.MediaPath == withMedia.MediaPath || copied.MediaType != MediaImage {
		t.Fatalf("copy %+v %v", copied, err)
	}
	removed, err := f.svc.RemoveMedia(tmpl.ID)
	if err != nil || removed.MediaPath != "" || removed.MediaType != "" {
		t.Fatalf("removed %+v %v", removed, err)
	}
	if _, err := os.Stat(withMedia.MediaPath); !os.IsNotExist(err) {
		t.Errorf("removed media still on disk: %v", err)
	}
	if err := f.svc.Delete(copied.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(copied.MediaPath); !os.IsNotExist(err) {
		t.Errorf("deleted template's media still on disk: %v", err)
	}
	want := "created media attached duplicated media removed deleted"
	if got := strings.Join(activityActions(t, f), " "); got != want {
		t.Errorf("activity %q, want %q", got, want)
	}
}
