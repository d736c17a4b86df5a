//go:build unix

package templates

import (
	"os"
	"path/filepath"
	"testing"

	"herald/backend/store"
)

// Herald's copy of an attachment, and its media folder, are the owner's
// only, whatever the mode of the file it was copied from.
func TestAttachMedia_CopyIsReadableByTheOwnerOnly(t *testing.T) {
	f := newService(t)
	tmpl := mustCreate(t, f.svc, Template{Name: "Promo", Body: "Hi"})
	src := writeFile(t, "offer.png", pngHeader, 0)
	if err := os.Chmod(src, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.AttachMedia(tmpl.ID, src)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{got.MediaPath: store.PrivateFile, filepath.Dir(got.MediaPath): store.PrivateDir} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v, %v; want %v", path, st.Mode().Perm(), err, want)
		}
	}
}
