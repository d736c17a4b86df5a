package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
)

// Herald's files hold a business's contacts and messages: only the user
// who runs it may read them.
const (
	PrivateFile fs.FileMode = 0o600
	PrivateDir  fs.FileMode = 0o700
)

// Private narrows the file or folder at path to its owner (PrivateFile or
// PrivateDir) when it lets anyone else in; a missing path is no error.
//
// On Windows it does nothing: there chmod only sets or clears the read-only
// flag, and access is the ACL's. The data folder lives under the user's
// profile (%AppData%), whose files inherit an ACL that gives only the user,
// SYSTEM and administrators access, so other users cannot read them.
func Private(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restrict access to %s: %w", path, err)
	}
	mode := PrivateFile
	if st.IsDir() {
		mode = PrivateDir
	}
	if st.Mode().Perm()&^mode == 0 {
		return nil
	}
	if err := os.Chmod(path, st.Mode().Perm()&mode); err != nil {
		return fmt.Errorf("restrict access to %s: %w", path, err)
	}
	return nil
}

// prepareFile creates the database file at path, empty and private, before
// SQLite opens it: SQLite would create it 0644 (less the umask), and its
// unix VFS gives the -wal and -shm files the database file's mode, so they
// follow. A database an older Herald made, and its -wal and -shm, are
// narrowed instead.
func prepareFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, PrivateFile)
	if err == nil {
		err = f.Close()
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		// Best effort: a file system without Unix modes (FAT on a USB
		// stick) refuses chmod, yet holds the database well; the data
		// folder's own mode keeps others out, and core logs what failed.
		_ = Private(p)
	}
	return nil
}
