// Package backup makes, lists and checks Herald's backup files: one zip
// holding a manifest, a consistent snapshot of the database, the template
// media and, when the user asks for it, the linked phone's session.
package backup

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Names inside a backup file.
const (
	// ManifestName is the first entry: what the file holds.
	ManifestName = "manifest.json"
	// DatabaseName is the snapshot of the database.
	DatabaseName = "herald.db"
	// MediaFolder holds the template media, as the data folder's media/.
	MediaFolder = "media"
	// WhatsAppFolder holds the linked phone's session files, only when the
	// user chose to include them.
	WhatsAppFolder = "whatsapp"
)

// App and Format are what a manifest of this Herald says it is.
const (
	App    = "Herald"
	Format = 1
)

// File is one entry of a backup, as its manifest lists it.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest says what a backup file holds. It is the file's first entry.
type Manifest struct {
	App     string `json:"app"`
	Format  int    `json:"format"`
	Version string `json:"version"`
	// SchemaVersion is the number of the last migration applied to the
	// database in the file.
	SchemaVersion   int       `json:"schemaVersion"`
	CreatedAt       time.Time `json:"createdAt"`
	Contacts        int64     `json:"contacts"`
	Templates       int64     `json:"templates"`
	Campaigns       int64     `json:"campaigns"`
	WhatsAppSession bool      `json:"whatsappSession"`
	// Files are every entry but the manifest.
	Files []File `json:"files"`
}

// filePrefix and fileSuffix frame a backup's name; SafetySuffix ends the
// name of the backup a restore makes of the data it replaces.
const (
	filePrefix   = "Herald-backup-"
	fileSuffix   = ".zip"
	SafetySuffix = "-before-restore"
	nameLayout   = "2006-01-02-150405"
)

// FileName is the name of a backup made at t, in t's zone (the computer's
// local time); suffix is "" or SafetySuffix.
func FileName(t time.Time, suffix string) string {
	return filePrefix + t.Format(nameLayout) + suffix + fileSuffix
}

// backupName matches the names FileName gives; the group tells a safety
// backup.
var backupName = regexp.MustCompile(`^Herald-backup-(\d{4}-\d{2}-\d{2}-\d{6})(` + SafetySuffix + `)?\.zip$`)

// parseName reports whether name is a backup's and, if so, the time it
// names (in loc) and whether it is a safety backup.
func parseName(name string, loc *time.Location) (t time.Time, safety, ok bool) {
	m := backupName.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false, false
	}
	t, err := time.ParseInLocation(nameLayout, m[1], loc)
	if err != nil {
		return time.Time{}, false, false
	}
	return t, m[2] != "", true
}

// refusal is a backup file Herald will not use, with the reason in words
// a user can act on.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error { return &refusal{msg: fmt.Sprintf(format, args...)} }

// IsRefusal reports whether err says what is wrong with a backup file
// (rather than that it could not be read at all).
func IsRefusal(err error) bool {
	var r *refusal
	return errors.As(err, &r)
}

// openZip opens the backup at p, telling an empty file, a file that is no
// zip and a zip cut short apart.
func openZip(p string) (*zip.ReadCloser, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("open the backup %s: %w", p, err)
	}
	if st.IsDir() {
		return nil, refuse("%s is a folder, not a Herald backup file.", p)
	}
	if st.Size() == 0 {
		return nil, refuse("The file %s is empty: it is not a Herald backup, or it was not copied completely.", filepath.Base(p))
	}
	zr, err := zip.OpenReader(p)
	if err == nil {
		return zr, nil
	}
	if startsLikeZip(p) {
		return nil, refuse("The backup %s is damaged or cut short (it was not copied completely): %v.", filepath.Base(p), err)
	}
	return nil, refuse("%s is not a Herald backup: it is not a zip file.", filepath.Base(p))
}

// startsLikeZip reports whether the file at p begins as a zip does.
func startsLikeZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return string(head) == "PK\x03\x04"
}

// readManifest reads and checks the manifest of an open backup: that
// Herald made it, in a format and schema this Herald knows.
func readManifest(zr *zip.Reader, latestSchema int) (Manifest, error) {
	var mf *zip.File
	for _, f := range zr.File {
		if f.Name == ManifestName {
			mf = f
			break
		}
	}
	if mf == nil {
		return Manifest{}, refuse("This zip file was not made by Herald: it holds no %s.", ManifestName)
	}
	rc, err := mf.Open()
	if err != nil {
		return Manifest{}, refuse("The backup is damaged: its %s cannot be read (%v).", ManifestName, err)
	}
	defer rc.Close()
	var m Manifest
	// A manifest is small; a huge one is no manifest of Herald's.
	if err := json.NewDecoder(io.LimitReader(rc, 8<<20)).Decode(&m); err != nil {
		return Manifest{}, refuse("This zip file was not made by Herald: its %s cannot be read (%v).", ManifestName, err)
	}
	if m.App != App {
		return Manifest{}, refuse("This zip file was not made by Herald: its %s does not say Herald made it.", ManifestName)
	}
	if m.Format > Format {
		return Manifest{}, refuse("This backup was made by a newer Herald (%s) in a format this Herald cannot read: update Herald, then restore it.", m.Version)
	}
	if m.Format < 1 {
		return Manifest{}, refuse("This backup's %s gives no format Herald knows.", ManifestName)
	}
	if m.SchemaVersion > latestSchema {
		return Manifest{}, refuse("This backup was made by a newer Herald (%s, database version %d; this Herald knows up to %d): update Herald, then restore it.",
			m.Version, m.SchemaVersion, latestSchema)
	}
	return m, nil
}

// checkNames refuses a manifest whose files could land outside the folder
// they are extracted to, or that lacks the database.
func checkNames(m Manifest) error {
	hasDB := false
	seen := map[string]bool{}
	for _, f := range m.Files {
		if seen[f.Name] {
			return refuse("The backup is damaged: its manifest lists %s twice.", f.Name)
		}
		seen[f.Name] = true
		if f.Name == DatabaseName {
			hasDB = true
			continue
		}
		if !safeName(f.Name) {
			return refuse("The backup holds a file named %q, which Herald never writes: it is damaged or was changed.", f.Name)
		}
	}
	if !hasDB {
		return refuse("The backup holds no database (%s): it is damaged or was changed.", DatabaseName)
	}
	return nil
}

// safeName reports whether name is a relative path under media/ or
// whatsapp/ that stays there once cleaned.
func safeName(name string) bool {
	if strings.Contains(name, `\`) || path.Clean(name) != name || path.IsAbs(name) {
		return false
	}
	first, rest, ok := strings.Cut(name, "/")
	if !ok || rest == "" || (first != MediaFolder && first != WhatsAppFolder) {
		return false
	}
	for _, part := range strings.Split(rest, "/") {
		if part == ".." || part == "." || part == "" {
			return false
		}
	}
	return true
}

// entries pairs each file of m with its zip entry, refusing a zip whose
// entries and manifest differ.
func entries(zr *zip.Reader, m Manifest) (map[string]*zip.File, error) {
	byName := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if f.Name == ManifestName {
			continue
		}
		if _, dup := byName[f.Name]; dup {
			return nil, refuse("The backup is damaged: it holds %s twice.", f.Name)
		}
		byName[f.Name] = f
	}
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Name] = true
		if byName[f.Name] == nil {
			return nil, refuse("The backup is damaged or cut short: %s, which its manifest lists, is missing.", f.Name)
		}
	}
	for name := range byName {
		if !listed[name] {
			return nil, refuse("The backup holds %s, which its manifest does not list: it is damaged or was changed.", name)
		}
	}
	return byName, nil
}

// copyChecked copies entry zf, which the manifest describes as want, to w
// and refuses it when its size or checksum differs.
func copyChecked(w io.Writer, zf *zip.File, want File) error {
	rc, err := zf.Open()
	if err != nil {
		return refuse("The backup is damaged: %s cannot be read (%v).", want.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	// One byte past the size the manifest gives tells a longer entry.
	n, err := io.Copy(io.MultiWriter(h, w), io.LimitReader(rc, want.Size+1))
	if err != nil {
		var writeErr *writeError
		if errors.As(err, &writeErr) {
			return writeErr.err
		}
		return refuse("The backup is damaged or cut short: %s cannot be read completely (%v).", want.Name, err)
	}
	if n != want.Size {
		return refuse("The backup is damaged: %s holds %d bytes, its manifest says %d.", want.Name, n, want.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want.SHA256 {
		return refuse("The backup is damaged: the checksum of %s does not match its manifest.", want.Name)
	}
	return nil
}

// writeError marks a failure to write the copy, which says nothing about
// the backup file.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

// errWriter wraps w's errors in writeError.
type errWriter struct{ w io.Writer }

func (e errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil {
		return n, &writeError{err: err}
	}
	return n, nil
}
