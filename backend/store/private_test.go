//go:build unix

package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func checkMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v", filepath.Base(path), err)
		return
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s is %v, want %v", filepath.Base(path), got, want)
	}
}

// The database is created 0600 before SQLite opens it; SQLite gives the
// -wal and -shm files it creates the database file's mode.
func TestOpen_NewDatabaseAndItsWALArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		checkMode(t, p, PrivateFile)
	}
}

// A database an older Herald left readable by everyone is narrowed when it
// opens, with the -wal and -shm files another connection holds open.
func TestOpen_NarrowsAnOpenDatabaseLeftReadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	first, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(first)
	files := []string{path, path + "-wal", path + "-shm"}
	for _, p := range files {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(again)
	for _, p := range files {
		checkMode(t, p, PrivateFile)
	}
}

func TestPrivate_NarrowsFoldersAndFilesAndNeverWidens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "kept.txt")
	if err := os.WriteFile(readOnly, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, readOnly, filepath.Join(dir, "missing")} {
		if err := Private(p); err != nil {
			t.Fatal(err)
		}
	}
	checkMode(t, dir, PrivateDir)
	checkMode(t, readOnly, 0o400)
}
