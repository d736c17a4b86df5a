package core

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"herald/backend/backup"
	"herald/backend/store"
	"herald/backend/templates"
)

// sessionMark writes mark into the stand-in session database of dir.
func sessionMark(t *testing.T, dir, mark string) {
	t.Helper()
	db, err := sql.Open("sqlite", store.FileURI(filepath.Join(dir, "whatsapp.db"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS mark (v TEXT); DELETE FROM mark; INSERT INTO mark VALUES (?)", mark); err != nil {
		t.Fatal(err)
	}
}

func readSessionMark(t *testing.T, dir string) string {
	t.Helper()
	db, err := sql.Open("sqlite", store.FileURI(filepath.Join(dir, "whatsapp.db"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT v FROM mark").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// A backup holding the linked phone's session puts it in place at once
// while the phone's driver was never opened, else at the next start.
func TestRestore_TheSessionReplacesThePhonesNowOrAtTheNextStart(t *testing.T) {
	for _, opened := range []bool{false, true} {
		dir := t.TempDir()
		c, err := New(Options{DataDir: dir, Version: "test", OpenPhone: phoneIn(dir)})
		if err != nil {
			t.Fatal(err)
		}
		sessionMark(t, dir, "from the backup")
		src := backup.Source{DB: c.db, DataDir: dir, MediaDir: filepath.Join(dir, templates.MediaDir), Version: "test",
			SessionFiles: []string{"whatsapp.db"}}
		b, err := backup.Write(context.Background(), src, filepath.Join(dir, "backups"), time.Now(), "", true)
		if err != nil {
			t.Fatal(err)
		}
		sessionMark(t, dir, "live")
		if opened {
			if err := c.WhatsApp.UseDriver("whatsapp"); err != nil {
				t.Fatal(err)
			}
		}
		safety := func(bool) (backup.Backup, error) {
			return backup.Write(context.Background(), src, filepath.Join(dir, "backups"), time.Now(), backup.SafetySuffix, true)
		}
		if _, err := c.restore(b.Path, safety); err != nil {
			t.Fatal(err)
		}
		want := "from the backup"
		if opened {
			want = "live"
		}
		if got := readSessionMark(t, dir); got != want {
			t.Errorf("opened %v: the session holds %q after the restore, want %q", opened, got, want)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		again, err := New(Options{DataDir: dir, Version: "test", OpenPhone: phoneIn(dir)})
		if err != nil {
			t.Fatal(err)
		}
		if got := readSessionMark(t, dir); got != "from the backup" {
			t.Errorf("opened %v: the session holds %q after the next start", opened, got)
		}
		if _, err := os.Stat(filepath.Join(dir, RestoredSessionDir)); !os.IsNotExist(err) {
			t.Errorf("opened %v: the restored session is still waiting: %v", opened, err)
		}
		_ = again.Close()
	}
}
