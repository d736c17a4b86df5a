//go:build unix

package sheet

import (
	"os"
	"path/filepath"
	"testing"
)

// An export is written to a private temporary file and linked or renamed
// into place, so it stays readable by its owner only, also where it
// replaces a file others could read.
func TestCommit_LeavesTheFileReadableByItsOwnerOnly(t *testing.T) {
	for _, name := range []string{"new.csv", "new.xlsx", "replaced.csv"} {
		path := filepath.Join(t.TempDir(), name)
		replace := name == "replaced.csv"
		if replace {
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		w, err := Create(path, -1, replace)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write([]string{"Name"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v", name, st.Mode().Perm(), err)
		}
	}
}
