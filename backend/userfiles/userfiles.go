// Package userfiles decides which files Herald reads and writes on the
// user's behalf: contact files to import, media to attach, exports.
//
// In the window every path comes from a native file dialog that the person
// at the computer drives, so any file they pick is theirs to use, and the
// save dialog has already asked before replacing a file. A browser talking to
// `herald serve` is only as trusted as its token, and the paths it sends are
// text it made up: there Herald reads only files that were uploaded to it and
// writes exports only into its exports folder, by bare name.
package userfiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"herald/backend/apperr"
	"herald/backend/winpath"
)

// Access is the rule for one Herald: the desktop's or the browser mode's.
type Access struct {
	// confined is set in browser mode.
	confined bool
	// uploads is the only folder a confined Access reads from.
	uploads string
	// exports is where an export named without a folder goes.
	exports string
}

// Desktop is the window's rule: any file the user picked, exports by bare
// name into exports.
func Desktop(exports string) *Access {
	return &Access{exports: exports}
}

// Browser is `herald serve`'s rule: read only under uploads, write only into
// exports.
func Browser(uploads, exports string) *Access {
	return &Access{confined: true, uploads: uploads, exports: exports}
}

// Exports is the folder exports named without a folder go to.
func (a *Access) Exports() string { return a.exports }

// Confined reports whether this is the browser mode's rule.
func (a *Access) Confined() bool { return a.confined }

// Source returns the file to read for path, or an error in plain words: the
// file must exist and be a regular file (a device such as /dev/zero never
// ends, and a FIFO blocks), and in browser mode it must be an upload, after
// following symbolic links.
func (a *Access) Source(path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", apperr.Invalid("Choose a file first.")
	}
	name := filepath.Base(path)
	if a.confined {
		resolved, err := a.upload(path)
		if err != nil {
			return "", err
		}
		path = resolved
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", apperr.NotFound("There is no file %s: it may have been moved or deleted. Choose it again.", name)
	}
	if err != nil {
		return "", apperr.Invalid("Herald cannot open %s: %s.", name, plainFSError(err))
	}
	if !st.Mode().IsRegular() {
		return "", apperr.Invalid("%s is not a file Herald can read (it is a folder, a device or a pipe). Choose a file.", name)
	}
	return path, nil
}

// upload resolves path and checks that it lies inside the uploads folder.
// The lexical check comes first, so that the answer for a path elsewhere
// never says whether such a file exists.
func (a *Access) upload(path string) (string, error) {
	refused := apperr.Invalid("Herald in a browser reads only files sent to it: choose the file again to upload it.")
	if a.uploads == "" || !filepath.IsAbs(path) || !inside(a.uploads, filepath.Clean(path)) {
		return "", refused
	}
	root, err := filepath.EvalSymlinks(a.uploads)
	if err != nil {
		return "", refused
	}
	resolved, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", apperr.NotFound("There is no uploaded file %s any more: uploads are kept for a day. Choose the file again.", filepath.Base(path))
	}
	if err != nil || !inside(root, resolved) {
		return "", refused
	}
	return resolved, nil
}

// inside reports whether path lies strictly inside dir (both clean).
func inside(dir, path string) bool {
	rel, err := filepath.Rel(filepath.Clean(dir), path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Target is where an export named name is written, and whether it may
// replace a file already there. A full path, which only the desktop's save
// dialog gives, is used as it is and may replace a file: the dialog asked.
// A bare name is a file of the exports folder (created when missing) that
// must not exist yet. Browser mode takes bare names only.
func (a *Access) Target(name string) (path string, replace bool, err error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false, apperr.Invalid("Choose a file to export to.")
	}
	if filepath.IsAbs(name) || strings.ContainsAny(name, `/\`) {
		if a.confined {
			return "", false, apperr.Invalid("Herald in a browser writes exports only into its exports folder: give a file name without a folder.")
		}
		if filepath.IsAbs(name) {
			return name, true, nil
		}
	}
	if err := winpath.CheckName(name); err != nil {
		return "", false, apperr.Invalid("Herald cannot export to that name. %s", err)
	}
	if a.exports == "" {
		return "", false, apperr.Invalid("Choose a folder to export to.")
	}
	if err := os.MkdirAll(a.exports, 0o700); err != nil {
		return "", false, fmt.Errorf("create exports folder: %w", err)
	}
	path = filepath.Join(a.exports, name)
	if _, err := os.Lstat(path); err == nil {
		return "", false, Exists(name)
	}
	return path, false, nil
}

// Exists is the refusal to replace the file name that is already there.
func Exists(name string) error {
	return apperr.Conflict("There is already a file named %s in the exports folder. Export again to make a new one.", name)
}

// plainFSError says what went wrong opening a file without Go's wording.
func plainFSError(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "Herald is not allowed to read it"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err.Error()
		}
		return err.Error()
	}
}
