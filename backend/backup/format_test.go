package backup

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/contacts"
	"herald/backend/store"
)

// testData is a data folder with a database, a media file and a
// simulator session.
type testData struct {
	dir string
	db  *gorm.DB
}

func newTestData(t testing.TB) testData {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(db) })
	if err := os.MkdirAll(filepath.Join(dir, "media"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "media", "logo-1.png"), []byte("a picture"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "session.json"), []byte(`{"paired":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO settings (key, value, updated_at) VALUES ('marker', 'kept', CURRENT_TIMESTAMP)").Error; err != nil {
		t.Fatal(err)
	}
	return testData{dir: dir, db: db}
}

func (d testData) source() Source {
	return Source{DB: d.db, DataDir: d.dir, MediaDir: filepath.Join(d.dir, "media"), Version: "1.2.3",
		SessionFiles: []string{"session.json", "whatsapp.db"},
		Counts:       func() (Counts, error) { return Counts{Contacts: 3, Templates: 2, Campaigns: 1}, nil }}
}

var testAt = time.Date(2026, 3, 4, 12, 30, 5, 0, time.Local)

func writeTestBackup(t testing.TB, d testData, withSession bool) Backup {
	t.Helper()
	b, err := Write(context.Background(), d.source(), filepath.Join(d.dir, "backups"), testAt, "", withSession)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteMakesAFileInspectAndExtractAccept(t *testing.T) {
	d := newTestData(t)
	b := writeTestBackup(t, d, false)
	if b.Name != "Herald-backup-2026-03-04-123005.zip" || b.Contacts != 3 || b.Templates != 2 || b.Campaigns != 1 ||
		b.Version != "1.2.3" || b.SchemaVersion != store.LatestVersion() || b.WhatsAppSession || b.Size == 0 {
		t.Fatalf("backup %+v", b)
	}
	zr, err := zip.OpenReader(b.Path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	_ = zr.Close()
	if strings.Join(names, ",") != "manifest.json,herald.db,media/logo-1.png" {
		t.Fatalf("entries %v", names)
	}
	m, err := Inspect(b.Path)
	if err != nil {
		t.Fatal(err)
	}
	if m.App != App || m.Format != Format || !m.CreatedAt.Equal(testAt) || len(m.Files) != 2 {
		t.Fatalf("manifest %+v", m)
	}
	out := t.TempDir()
	if _, err := Extract(b.Path, out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "media", "logo-1.png")); string(got) != "a picture" {
		t.Fatalf("media extracted as %q", got)
	}
	restored, err := store.Open(filepath.Join(out, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(restored)
	var v string
	if err := restored.Raw("SELECT value FROM settings WHERE key = 'marker'").Scan(&v).Error; err != nil || v != "kept" {
		t.Fatalf("the snapshot holds %q, %v", v, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(d.dir, ".backup-work-*")); len(leftovers) != 0 {
		t.Fatalf("working folders left behind: %v", leftovers)
	}
}

func TestWriteIncludesTheSessionOnlyWhenAsked(t *testing.T) {
	d := newTestData(t)
	b := writeTestBackup(t, d, true)
	if !b.WhatsAppSession {
		t.Fatal("the session was asked for and left out")
	}
	out := t.TempDir()
	if _, err := Extract(b.Path, out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "whatsapp", "session.json")); string(got) != `{"paired":true}` {
		t.Fatalf("session extracted as %q", got)
	}
	again := writeTestBackup(t, d, false)
	if again.Path == b.Path {
		t.Fatal("a second backup in the same second took the first one's name")
	}
	m, err := Inspect(again.Path)
	if err != nil || m.WhatsAppSession {
		t.Fatalf("the backup without the session: %+v, %v", m, err)
	}
	for _, f := range m.Files {
		if strings.HasPrefix(f.Name, "whatsapp/") {
			t.Fatalf("%s is in a backup without the session", f.Name)
		}
	}
}

// rawZip writes a zip of entries, in order, to a new file and returns its
// path.
func rawZip(t *testing.T, entries ...[2]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "Herald-backup-2026-03-04-123005.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func manifestOf(t *testing.T, m Manifest) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rebuilt is the backup b with its manifest changed by edit and its
// herald.db replaced by db when db is not "".
func rebuilt(t *testing.T, b Backup, db string, edit func(*Manifest)) string {
	t.Helper()
	zr, err := zip.OpenReader(b.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	m, err := readManifest(&zr.Reader, store.LatestVersion())
	if err != nil {
		t.Fatal(err)
	}
	var files [][2]string
	for _, f := range zr.File[1:] {
		rc, _ := f.Open()
		content, _ := io.ReadAll(rc)
		_ = rc.Close()
		files = append(files, [2]string{f.Name, string(content)})
	}
	if db != "" {
		files[0][1] = db
		m.Files[0] = File{Name: DatabaseName, Size: int64(len(db)), SHA256: sum(db)}
	}
	if edit != nil {
		edit(&m)
	}
	return rawZip(t, append([][2]string{{ManifestName, manifestOf(t, m)}}, files...)...)
}

func TestInspectRefusesBadFilesInPlainWords(t *testing.T) {
	d := newTestData(t)
	good := writeTestBackup(t, d, false)
	whole, err := os.ReadFile(good.Path)
	if err != nil {
		t.Fatal(err)
	}
	dbBytes := func() string {
		out := t.TempDir()
		if _, err := Extract(good.Path, out); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(out, DatabaseName))
		return string(b)
	}()
	fileWith := func(content []byte) string {
		p := filepath.Join(t.TempDir(), "file.zip")
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A page in the middle of the database, overwritten, keeps its header.
	corrupt := []byte(dbBytes)
	for i := 4096 + 100; i < 4096*3 && i < len(corrupt); i++ {
		corrupt[i] = 0xA5
	}
	// A byte of the stored database changed: the zip's own CRC or the
	// checksum catches it.
	flipped := append([]byte(nil), whole...)
	flipped[strings.Index(string(flipped), DatabaseName)+200] ^= 0xFF
	cases := []struct {
		name, path, want string
	}{
		{"empty", fileWith(nil), "is empty"},
		{"not a zip", fileWith([]byte("name,phone\nAna,+351912345678\n")), "not a zip file"},
		{"truncated", fileWith(whole[:len(whole)/2]), "damaged or cut short"},
		{"zip of something else", rawZip(t, [2]string{"notes.txt", "hello"}), "not made by Herald"},
		{"another app's manifest", rawZip(t, [2]string{ManifestName, `{"app":"Other","format":1}`}), "not made by Herald"},
		{"newer format", rebuilt(t, good, "", func(m *Manifest) { m.Format = Format + 1; m.Version = "9.0.0" }), "newer Herald (9.0.0)"},
		{"newer schema", rebuilt(t, good, "", func(m *Manifest) { m.SchemaVersion = store.LatestVersion() + 1; m.Version = "9.0.0" }), "newer Herald"},
		{"checksum mismatch", rebuilt(t, good, "", func(m *Manifest) { m.Files[1].SHA256 = sum("other") }), "checksum of media/logo-1.png does not match"},
		{"size mismatch", rebuilt(t, good, "", func(m *Manifest) { m.Files[0].Size-- }), "holds"},
		{"a file the manifest lacks", rebuilt(t, good, "", func(m *Manifest) { m.Files = m.Files[:1] }), "does not list"},
		{"a path out of the folder", rebuilt(t, good, "", func(m *Manifest) { m.Files[1].Name = "media/../../evil" }), "never writes"},
		{"damaged database", rebuilt(t, good, string(corrupt), nil), "database inside the backup is damaged"},
		{"not a database", rebuilt(t, good, "just text", nil), "database inside the backup"},
		{"flipped byte", fileWith(flipped), "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Inspect(c.path)
			if err == nil {
				t.Fatal("accepted")
			}
			if !IsRefusal(err) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("refused with %q, want a refusal saying %q", err, c.want)
			}
			out := t.TempDir()
			if _, err := Extract(c.path, out); err == nil || !IsRefusal(err) {
				t.Fatalf("Extract: %v", err)
			}
		})
	}
}

// The snapshot is written without syncing, and the connection it was
// taken on gets its synchronous setting back.
func TestWriteLeavesTheConnectionsSynchronousSetting(t *testing.T) {
	d := newTestData(t)
	sqlDB, err := d.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// One connection, so the backup's is the one read after.
	sqlDB.SetMaxOpenConns(1)
	writeTestBackup(t, d, false)
	var level int
	if err := d.db.Raw("PRAGMA synchronous").Scan(&level).Error; err != nil || level != 1 {
		t.Fatalf("synchronous is %d after a backup (%v), want 1 (NORMAL)", level, err)
	}
}
