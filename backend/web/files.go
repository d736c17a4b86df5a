package web

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"herald/backend/winpath"
)

// maxUpload bounds a file sent from the browser; a million-row contact file
// is about 100 MB.
const maxUpload = 1 << 30

// handleUpload stores the request body as a file in the uploads folder and
// answers its path, which the browser then hands to a service exactly as the
// desktop hands over a path from its file dialog.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	if s.uploads == nil {
		refuse(w, r, http.StatusNotFound, "Uploads are not available.")
		return
	}
	name := safeName(r.URL.Query().Get("name"))
	if name == "" {
		refuse(w, r, http.StatusBadRequest, "The upload needs a file name (?name=…).")
		return
	}
	switch {
	case r.ContentLength < 0:
		refuse(w, r, http.StatusLengthRequired, "The upload must give its size (a Content-Length header).")
		return
	case r.ContentLength > maxUpload:
		refuse(w, r, http.StatusRequestEntityTooLarge, tooLarge)
		return
	case r.ContentLength > s.uploads.quota:
		refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than the %s kept for uploads.", gigabytes(s.uploads.quota)))
		return
	}
	// Each upload gets a folder of its own, so the file keeps the name the
	// user knows (import reports and the activity log show it).
	dir, err := s.uploads.reserve(r.ContentLength)
	if errors.Is(err, errNoRoom) {
		refuse(w, r, http.StatusInsufficientStorage, fmt.Sprintf(
			"There is no room for this file now: the files sent in the last few minutes fill the %s kept for uploads. Try again once they are imported.",
			gigabytes(s.uploads.quota)))
		return
	}
	if err != nil {
		s.opts.Log.Error("upload", "err", err)
		refuse(w, r, http.StatusInternalServerError, "Could not create the uploads folder.")
		return
	}
	kept := false
	defer func() { s.uploads.release(dir, kept) }()
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		s.opts.Log.Error("upload", "err", err)
		refuse(w, r, http.StatusInternalServerError, "Could not store the file.")
		return
	}
	_, err = io.Copy(f, http.MaxBytesReader(w, r.Body, maxUpload))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var disk *fs.PathError
	switch {
	case errors.As(err, &disk):
		// The file, not the request: most likely the disk is full.
		s.opts.Log.Error("upload", "err", err)
		refuse(w, r, http.StatusInternalServerError, "Could not store the file. Is the disk full?")
	case err != nil:
		status, msg := bodyFailure(err, "The file", tooLarge)
		refuse(w, r, status, msg)
	default:
		kept = true
		writeJSON(w, http.StatusOK, map[string]any{"result": path})
	}
}

const tooLarge = "The file is larger than 1 GB."

// handleDownload sends a file from the exports folder.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if s.opts.ExportDir == "" || name != safeName(name) || name == "" {
		writeError(w, http.StatusNotFound, "There is no such export.")
		return
	}
	f, err := os.Open(filepath.Join(s.opts.ExportDir, name))
	if err != nil {
		writeError(w, http.StatusNotFound, "There is no such export.")
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		writeError(w, http.StatusNotFound, "There is no such export.")
		return
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, name, st.ModTime(), f)
}

// safeName keeps the last element of a file name, in the form Windows
// accepts (winpath.CleanName: no : ? * and the like, no device names such
// as CON.csv), at most 150 characters so that the upload's full path stays
// under Windows' classic 260, and at most maxNameBytes bytes so that Linux
// and macOS store it too; "" when nothing is left or the name starts with a
// dot (hidden elsewhere, and how .. climbs out of a folder).
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if strings.HasPrefix(name, ".") || name == "/" {
		return ""
	}
	name = winpath.CleanName(name, 150)
	if len(name) > maxNameBytes {
		name = cutBytes(name, maxNameBytes)
	}
	if strings.HasPrefix(name, ".") {
		// A stem of only spaces is gone after a cut, leaving ".csv".
		return ""
	}
	return name
}

// maxNameBytes is the longest file name Linux and macOS file systems store:
// 255 bytes of UTF-8, which 150 Cyrillic or Chinese characters pass.
const maxNameBytes = 255

// cutBytes cuts name to at most max bytes between two characters, keeping
// a short extension, and drops the dots and spaces the cut leaves at the
// end of the stem (Windows would drop them and so change the name).
func cutBytes(name string, max int) string {
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 && len(name)-i <= 10 {
		ext = name[i:]
	}
	stem := name[:len(name)-len(ext)]
	n := max - len(ext)
	for n > 0 && !utf8.RuneStart(stem[n]) {
		n--
	}
	return strings.TrimRight(stem[:n], ". ") + ext
}
