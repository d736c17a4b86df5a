package backup

import (
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"herald/backend/store"
)

// Inspect checks the backup file at p and returns its manifest: that
// Herald made it, in a format and with a database schema this Herald
// knows, that every part is whole and matches its checksum, and that the
// database inside passes SQLite's integrity check. An error made by refuse
// (IsRefusal) says in a sentence what is wrong with the file.
func Inspect(p string) (Manifest, error) {
	tmp, err := os.MkdirTemp("", "herald-inspect-")
	if err != nil {
		return Manifest{}, fmt.Errorf("make a folder to check the backup in: %w", err)
	}
	defer os.RemoveAll(tmp)
	return unpack(p, tmp, false)
}

// Extract checks the backup file at p as Inspect does and writes its parts
// into dir: herald.db, media/… and whatsapp/… as the manifest names them,
// each synced to disk. On an error dir may hold some of them; the caller
// removes it.
func Extract(p, dir string) (Manifest, error) {
	return unpack(p, dir, true)
}

// unpack checks the backup at p and writes its database, and with all
// every other part, into dir.
func unpack(p, dir string, all bool) (Manifest, error) {
	zr, err := openZip(p)
	if err != nil {
		return Manifest{}, err
	}
	defer zr.Close()
	m, err := readManifest(&zr.Reader, store.LatestVersion())
	if err != nil {
		return Manifest{}, err
	}
	if err := checkNames(m); err != nil {
		return Manifest{}, err
	}
	byName, err := entries(&zr.Reader, m)
	if err != nil {
		return Manifest{}, err
	}
	for _, f := range m.Files {
		if !all && f.Name != DatabaseName {
			if err := copyChecked(io.Discard, byName[f.Name], f); err != nil {
				return Manifest{}, err
			}
			continue
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		zf := byName[f.Name]
		err := writeSynced(target, func(w io.Writer) error { return copyChecked(errWriter{w}, zf, f) })
		if err != nil {
			return Manifest{}, err
		}
	}
	if err := checkDatabase(filepath.Join(dir, DatabaseName), m); err != nil {
		return Manifest{}, err
	}
	return m, nil
}

// writeSynced creates the file at p (and its folders), readable by its
// owner only, fills it with fill and syncs it to disk.
func writeSynced(p string, fill func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("make the folder %s: %w", filepath.Dir(p), err)
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", p, err)
	}
	if err := fill(f); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s to disk: %w", p, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	return nil
}

// checkDatabase runs SQLite's integrity check on the database at p and
// checks that it is a Herald database of the schema m gives.
func checkDatabase(p string, m Manifest) error {
	q := url.Values{}
	q.Add("_pragma", "query_only(1)")
	db, err := sql.Open("sqlite", store.FileURI(p, q))
	if err != nil {
		return fmt.Errorf("open the database of the backup: %w", err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		return refuse("The database inside the backup is damaged: %v.", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			_ = rows.Close()
			return refuse("The database inside the backup is damaged: %v.", err)
		}
		if line != "ok" && len(problems) < 3 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return refuse("The database inside the backup is damaged: %v.", err)
	}
	_ = rows.Close()
	if len(problems) > 0 {
		return refuse("The database inside the backup is damaged (%s).", strings.Join(problems, "; "))
	}
	var version int
	if err := db.QueryRow("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return refuse("The database inside the backup is not Herald's: %v.", err)
	}
	if version != m.SchemaVersion {
		return refuse("The backup is damaged or was changed: its database is at version %d, its manifest says %d.", version, m.SchemaVersion)
	}
	return nil
}
