//go:build unix

package core

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"herald/backend/contacts"
	"herald/backend/store"
	"herald/backend/templates"
)

func checkMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s is %v, want %v", path, got, want)
	}
}

// checkPrivate fails unless the data folder, the database with its -wal
// and -shm, and the log are readable by their owner only, and an export
// written into the folder is too.
func checkPrivate(t *testing.T, dir string) {
	t.Helper()
	c, err := New(Options{DataDir: dir, Mode: ModeDesktop})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	checkMode(t, dir, store.PrivateDir)
	db := filepath.Join(dir, DatabaseFile)
	for _, f := range []string{db, db + "-wal", db + "-shm", filepath.Join(dir, LogFile)} {
		checkMode(t, f, store.PrivateFile)
	}
	if _, err := c.Contacts.Create(contacts.Contact{Name: "Ana", Phone: "+14155550100"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Contacts.Export("book.csv", contacts.Query{}); err != nil {
		t.Fatal(err)
	}
	checkMode(t, filepath.Join(dir, ExportsDir), store.PrivateDir)
	checkMode(t, filepath.Join(dir, ExportsDir, "book.csv"), store.PrivateFile)
}

func TestNew_NewDataFolderIsPrivate(t *testing.T) {
	checkPrivate(t, filepath.Join(t.TempDir(), "Herald"))
}

// A data folder an older Herald left open to every user of the computer
// (or one given with --data) is narrowed at start.
func TestNew_NarrowsADataFolderLeftReadable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Herald")
	for _, sub := range []string{"", ExportsDir, UploadsDir, templates.MediaDir} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		// Mkdir's mode is cut by the umask; the test wants 0755 itself.
		if err := os.Chmod(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{DatabaseFile, LogFile, sessionFile} {
		// An empty file is a database SQLite takes as new.
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkPrivate(t, dir)
	for _, sub := range []string{UploadsDir, templates.MediaDir} {
		checkMode(t, filepath.Join(dir, sub), store.PrivateDir)
	}
	checkMode(t, filepath.Join(dir, sessionFile), store.PrivateFile)
}
