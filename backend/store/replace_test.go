package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// replaceFixture is a live database and another one, both at the newest
// schema, each with rows of its own.
func replaceFixture(t *testing.T) (live *gorm.DB, srcPath string) {
	t.Helper()
	dir := t.TempDir()
	live, err := Open(filepath.Join(dir, "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(live) })
	srcPath = filepath.Join(dir, "restored.db")
	src, err := Open(srcPath)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, s := range []struct {
		db       *gorm.DB
		settings []string
		entries  int
	}{{live, []string{"live"}, 2}, {src, []string{"restored-1", "restored-2"}, 5}} {
		for _, key := range s.settings {
			if err := s.db.Exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', ?)`, key, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < s.entries; i++ {
			if err := s.db.Exec(`INSERT INTO activity (at, kind, action, summary) VALUES (?, 'settings', 'changed', ?)`, now, key(s.settings)).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	// The restored database took three import runs and removed the last:
	// its next run is the fourth.
	for _, db := range []*gorm.DB{live, src, src, src} {
		if err := db.Exec(`INSERT INTO import_runs (file, started_at) VALUES ('a.csv', ?)`, now).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := src.Exec(`DELETE FROM import_runs WHERE id = 3`).Error; err != nil {
		t.Fatal(err)
	}
	if err := Close(src); err != nil {
		t.Fatal(err)
	}
	return live, srcPath
}

func key(settings []string) string { return strings.Join(settings, ",") }

// snapshot is what a test compares before and after: the settings' keys,
// the activity summaries and the schema's triggers.
func snapshot(t *testing.T, db *gorm.DB) (settings, activity, triggers string) {
	t.Helper()
	var keys, summaries, trig []string
	if err := db.Raw("SELECT key FROM settings ORDER BY key").Scan(&keys).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw("SELECT summary FROM activity ORDER BY id").Scan(&summaries).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").Scan(&trig).Error; err != nil {
		t.Fatal(err)
	}
	return strings.Join(keys, ","), strings.Join(summaries, "|"), strings.Join(trig, ",")
}

func TestReplace_PutsEveryRowOfTheOtherDatabaseInPlace(t *testing.T) {
	live, src := replaceFixture(t)
	_, _, triggersBefore := snapshot(t, live)
	if triggersBefore == "" {
		t.Fatal("the schema has no triggers to keep")
	}
	var within bool
	if err := Replace(live, src, func(tx *gorm.DB) error {
		within = true
		return tx.Exec(`UPDATE settings SET value = 'changed within' WHERE key = 'restored-1'`).Error
	}); err != nil {
		t.Fatal(err)
	}
	settings, activity, triggers := snapshot(t, live)
	if settings != "restored-1,restored-2" || activity != strings.Repeat("restored-1,restored-2|", 4)+"restored-1,restored-2" {
		t.Errorf("after Replace: settings %q, activity %q", settings, activity)
	}
	if triggers != triggersBefore || !within {
		t.Errorf("triggers %q, want %q; within ran: %v", triggers, triggersBefore, within)
	}
	var value string
	live.Raw("SELECT value FROM settings WHERE key = 'restored-1'").Scan(&value)
	if value != "changed within" {
		t.Errorf("the change made within is lost: %q", value)
	}
	// AUTOINCREMENT goes on after the restored rows, not the replaced ones.
	var seq int64
	live.Raw("SELECT seq FROM sqlite_sequence WHERE name = 'import_runs'").Scan(&seq)
	if seq != 3 {
		t.Errorf("import runs' sequence is at %d, want 3", seq)
	}
	var attached int
	live.Raw("SELECT count(*) FROM pragma_database_list WHERE name = ?", replacedAlias).Scan(&attached)
	if attached != 0 {
		t.Error("the restored database is still attached")
	}
}

func TestReplace_ChangesNothingWhenItFails(t *testing.T) {
	cases := map[string]func(t *testing.T, live *gorm.DB, src string) error{
		"within fails": func(t *testing.T, live *gorm.DB, src string) error {
			return Replace(live, src, func(*gorm.DB) error { return errors.New("refused") })
		},
		"another schema": func(t *testing.T, live *gorm.DB, _ string) error {
			older := filepath.Join(t.TempDir(), "older.db")
			db, err := openAt(older, LatestVersion()-1, nil)
			if err != nil {
				t.Fatal(err)
			}
			_ = Close(db)
			return Replace(live, older, nil)
		},
		"not a database": func(t *testing.T, live *gorm.DB, _ string) error {
			return Replace(live, filepath.Join(t.TempDir(), "missing", "none.db"), nil)
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			live, src := replaceFixture(t)
			s1, a1, t1 := snapshot(t, live)
			if err := run(t, live, src); err == nil {
				t.Fatal("Replace succeeded")
			}
			s2, a2, t2 := snapshot(t, live)
			if s1 != s2 || a1 != a2 || t1 != t2 {
				t.Errorf("changed: settings %q → %q, activity %q → %q, triggers %q → %q", s1, s2, a1, a2, t1, t2)
			}
		})
	}
}

// Replace waits for the other writers rather than failing while they
// write: it holds the write lock from its first statement.
func TestReplace_WaitsForWritersOnOtherConnections(t *testing.T) {
	live, src := replaceFixture(t)
	stop := make(chan struct{})
	wrote := make(chan error, 1)
	go func() {
		var err error
		for i := 0; err == nil; i++ {
			select {
			case <-stop:
				wrote <- nil
				return
			default:
			}
			err = live.Exec(`INSERT INTO activity (at, kind, action, summary) VALUES (?, 'settings', 'changed', 'beside')`, time.Now().UTC()).Error
		}
		wrote <- err
	}()
	for range 20 {
		if err := Replace(live, src, nil); err != nil {
			t.Fatalf("Replace beside a writer: %v", err)
		}
	}
	close(stop)
	if err := <-wrote; err != nil {
		t.Fatalf("the writer beside Replace: %v", err)
	}
}
