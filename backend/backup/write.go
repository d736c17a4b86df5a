package backup

import (
	"archive/zip"
	"compress/flate"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/store"
)

// Counts are what a backup's manifest counts, read through each service's
// own API.
type Counts struct {
	Contacts  int64
	Templates int64
	Campaigns int64
}

// Source is what a backup is made of.
type Source struct {
	// DB is the live database; its snapshot is taken on one of its
	// connections.
	DB      *gorm.DB
	DataDir string
	// MediaDir is the folder of template media, stored as media/….
	MediaDir string
	Version  string
	Counts   func() (Counts, error)
	// SessionFiles are the linked phone's session files, by their names in
	// DataDir; a name ending in .db is an SQLite database and is
	// snapshotted, the others are copied.
	SessionFiles []string
}

// Backup is a backup file as the UI shows it.
type Backup struct {
	Path          string    `json:"path"`
	Name          string    `json:"name"`
	Size          int64     `json:"size"`
	CreatedAt     time.Time `json:"createdAt"`
	Contacts      int64     `json:"contacts"`
	Templates     int64     `json:"templates"`
	Campaigns     int64     `json:"campaigns"`
	Version       string    `json:"version"`
	SchemaVersion int       `json:"schemaVersion"`
	// WhatsAppSession tells a file that lets whoever holds it send as the
	// user.
	WhatsAppSession bool `json:"whatsappSession"`
	// BeforeRestore marks the backup a restore made of the data it replaced.
	BeforeRestore bool `json:"beforeRestore"`
	// Problem, when set, says why the file's manifest could not be read;
	// the other fields but Path, Name, Size and CreatedAt are then empty.
	Problem string `json:"problem,omitempty"`
}

func (m Manifest) backup(p string, size int64) Backup {
	_, safety, _ := parseName(filepath.Base(p), time.Local)
	return Backup{Path: p, Name: filepath.Base(p), Size: size, CreatedAt: m.CreatedAt, Contacts: m.Contacts,
		Templates: m.Templates, Campaigns: m.Campaigns, Version: m.Version, SchemaVersion: m.SchemaVersion,
		WhatsAppSession: m.WhatsAppSession, BeforeRestore: safety}
}

// partPrefix starts the name a backup is written under until it is
// complete: a synced folder never uploads half a backup under its real
// name, and List never shows one.
const partPrefix = ".part-"

// workPrefix starts the name of a backup's working folder in the data
// folder, where the snapshot is packed.
const workPrefix = ".backup-work-"

// Write makes a backup of src in folder, named for at in the computer's
// local time with suffix ("" or SafetySuffix), including the session files
// when withSession. The file is written under a temporary name and renamed
// once complete and on disk. ctx stops a backup between its parts.
func Write(ctx context.Context, src Source, folder string, at time.Time, suffix string, withSession bool) (Backup, error) {
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return Backup{}, fmt.Errorf("make the backup folder %s: %w", folder, err)
	}
	work, err := os.MkdirTemp(src.DataDir, workPrefix)
	if err != nil {
		return Backup{}, fmt.Errorf("make a working folder in %s: %w", src.DataDir, err)
	}
	defer os.RemoveAll(work)

	m := Manifest{App: App, Format: Format, Version: src.Version, CreatedAt: at.UTC().Truncate(time.Second)}
	if m.SchemaVersion, err = store.SchemaVersion(src.DB); err != nil {
		return Backup{}, fmt.Errorf("read the database's version: %w", err)
	}
	parts, err := snapshot(ctx, src, work, withSession, &m)
	if err != nil {
		return Backup{}, err
	}
	if src.Counts != nil {
		n, err := src.Counts()
		if err != nil {
			return Backup{}, fmt.Errorf("count what the backup holds: %w", err)
		}
		m.Contacts, m.Templates, m.Campaigns = n.Contacts, n.Templates, n.Campaigns
	}
	packs := make([]packed, 0, len(parts))
	for i, p := range parts {
		if err := ctx.Err(); err != nil {
			return Backup{}, err
		}
		pk, err := pack(p, filepath.Join(work, fmt.Sprintf("packed-%d", i)))
		if err != nil {
			return Backup{}, err
		}
		packs = append(packs, pk)
		m.Files = append(m.Files, pk.file)
	}
	if err := ctx.Err(); err != nil {
		return Backup{}, err
	}
	final := filepath.Join(folder, freeName(folder, at.In(time.Local), suffix))
	tmp := filepath.Join(folder, partPrefix+filepath.Base(final))
	if err := writeZip(tmp, m, packs); err != nil {
		_ = os.Remove(tmp)
		return Backup{}, err
	}
	if err := os.Rename(tmp, final); err != nil {
		_ = os.Remove(tmp)
		return Backup{}, fmt.Errorf("name the backup %s: %w", final, err)
	}
	syncDir(folder)
	st, err := os.Stat(final)
	if err != nil {
		return Backup{}, fmt.Errorf("read the backup %s: %w", final, err)
	}
	return m.backup(final, st.Size()), nil
}

// part is one file going into a backup: its name there and where it is.
type part struct{ name, path string }

// snapshot gathers the parts of a backup: the database's snapshot, the
// template media and, when withSession, the session files.
func snapshot(ctx context.Context, src Source, work string, withSession bool, m *Manifest) ([]part, error) {
	db := filepath.Join(work, DatabaseName)
	// VACUUM INTO reads the database in one read transaction: under WAL it
	// sees one committed state while campaigns and imports keep writing.
	// The snapshot is a working file, read once and deleted, so it is
	// written without syncing (the connection's synchronous setting
	// applies to it): the zip made of it is synced instead.
	err := src.DB.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		var level int
		if err := conn.Raw("PRAGMA synchronous").Scan(&level).Error; err != nil {
			return err
		}
		if err := conn.Exec("PRAGMA synchronous = OFF").Error; err != nil {
			return err
		}
		err := conn.Exec("VACUUM INTO ?", db).Error
		// Put back on every path, a cancelled backup's included: the pool
		// hands this connection to the writers next.
		restore := fmt.Sprintf("PRAGMA synchronous = %d", level)
		return errors.Join(err, conn.WithContext(context.Background()).Exec(restore).Error)
	})
	if err != nil {
		return nil, fmt.Errorf("take a snapshot of the database: %w", err)
	}
	parts := []part{{DatabaseName, db}}
	media, err := mediaParts(src.MediaDir)
	if err != nil {
		return nil, err
	}
	parts = append(parts, media...)
	if !withSession {
		return parts, nil
	}
	for _, name := range src.SessionFiles {
		p := filepath.Join(src.DataDir, name)
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if strings.HasSuffix(name, ".db") {
			copyPath := filepath.Join(work, "session-"+name)
			if err := vacuumFile(ctx, p, copyPath); err != nil {
				return nil, err
			}
			p = copyPath
		}
		parts = append(parts, part{WhatsAppFolder + "/" + name, p})
		m.WhatsAppSession = true
	}
	return parts, nil
}

// mediaParts lists the files under dir as media/…, in name order.
func mediaParts(dir string) ([]part, error) {
	var parts []part
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		parts = append(parts, part{MediaFolder + "/" + filepath.ToSlash(rel), p})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the template media in %s: %w", dir, err)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].name < parts[j].name })
	return parts, nil
}

// vacuumFile snapshots the SQLite database at from into to, on a
// connection of its own.
func vacuumFile(ctx context.Context, from, to string) error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", store.FileURI(from, q))
	if err != nil {
		return fmt.Errorf("open %s: %w", from, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		return fmt.Errorf("take a snapshot of %s: %w", filepath.Base(from), err)
	}
	return nil
}

// packed is a part compressed into the working folder once, measured as
// it went: its line of the manifest, and what the zip's header of the
// compressed bytes needs. A media file changed later does not change the
// backup.
type packed struct {
	file       File
	crc        uint32
	compressed string
	size       int64
}

// pack deflates part p into the file at to, with its size, SHA-256 and
// CRC-32 taken in the same pass. The fastest level: a database compresses
// well even so, and one pass over a big book takes about as long as
// reading it.
func pack(p part, to string) (packed, error) {
	in, err := os.Open(p.path)
	if err != nil {
		return packed{}, fmt.Errorf("read %s for the backup: %w", p.name, err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return packed{}, fmt.Errorf("pack %s: %w", p.name, err)
	}
	defer out.Close()
	fw, err := flate.NewWriter(out, flate.BestSpeed)
	if err != nil {
		return packed{}, fmt.Errorf("pack %s: %w", p.name, err)
	}
	sum, crc := sha256.New(), crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(fw, sum, crc), in)
	if err == nil {
		err = fw.Close()
	}
	if err != nil {
		return packed{}, fmt.Errorf("pack %s: %w", p.name, err)
	}
	st, err := out.Stat()
	if err != nil {
		return packed{}, fmt.Errorf("pack %s: %w", p.name, err)
	}
	return packed{file: File{Name: p.name, Size: n, SHA256: hex.EncodeToString(sum.Sum(nil))},
		crc: crc.Sum32(), compressed: to, size: st.Size()}, nil
}

// freeName is the name for a backup made at t in folder, a second later
// for each backup of that name already there.
func freeName(folder string, t time.Time, suffix string) string {
	for {
		name := FileName(t, suffix)
		_, errFinal := os.Stat(filepath.Join(folder, name))
		_, errPart := os.Stat(filepath.Join(folder, partPrefix+name))
		if errors.Is(errFinal, fs.ErrNotExist) && errors.Is(errPart, fs.ErrNotExist) {
			return name
		}
		t = t.Add(time.Second)
	}
}

// writeZip writes the backup file at p: the manifest first, then each
// part's compressed bytes as they were packed.
func writeZip(p string, m Manifest, packs []packed) error {
	out, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("create the backup %s: %w", p, err)
	}
	zw := zip.NewWriter(out)
	err = fillZip(zw, m, packs)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the backup %s: %w", p, err)
	}
	return nil
}

func fillZip(zw *zip.Writer, m Manifest, packs []packed) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: m.CreatedAt})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	for _, pk := range packs {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: pk.file.Name, Method: zip.Deflate, Modified: m.CreatedAt,
			CRC32: pk.crc, CompressedSize64: uint64(pk.size), UncompressedSize64: uint64(pk.file.Size)})
		if err != nil {
			return err
		}
		if err := copyFile(w, pk.compressed); err != nil {
			return err
		}
	}
	return nil
}

// copyFile copies the file at p into w.
func copyFile(w io.Writer, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// syncDir makes a rename in dir durable where the system allows it; a
// folder that cannot be synced (Windows) keeps the rename anyway.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
