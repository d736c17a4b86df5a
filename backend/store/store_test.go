package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestOpen_SetsPragmasOnEveryConnection(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	checks := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "synchronous": "1"}
	for pragma, want := range checks {
		var got string
		if err := db.Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
	if v, _ := SchemaVersion(db); v != LatestVersion() {
		t.Errorf("schema version %d, want %d", v, LatestVersion())
	}
}

func TestOpen_StoresTimesInUTC(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	if got := db.NowFunc().Location(); got != time.UTC {
		t.Errorf("NowFunc location %v, want UTC", got)
	}
}

// Every older schema a user may have on disk must upgrade to the newest one
// without losing the rows it holds.
func TestOpen_UpgradesEveryOlderSchemaKeepingData(t *testing.T) {
	for from := 1; from < LatestVersion(); from++ {
		path := filepath.Join(t.TempDir(), "herald.db")
		old, err := openAt(path, from, nil)
		if err != nil {
			t.Fatalf("build schema %d: %v", from, err)
		}
		if err := old.Exec(`INSERT INTO activity (at, kind, action, summary) VALUES (?, 'settings', 'changed', 'kept')`, time.Now().UTC()).Error; err != nil {
			t.Fatalf("schema %d: insert: %v", from, err)
		}
		if err := old.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('defaultCountry', 'GB', ?)`, time.Now().UTC()).Error; err != nil {
			t.Fatalf("schema %d: insert setting: %v", from, err)
		}
		Close(old)

		db, err := Open(path)
		if err != nil {
			t.Fatalf("upgrade from schema %d: %v", from, err)
		}
		if v, _ := SchemaVersion(db); v != LatestVersion() {
			t.Errorf("from %d: version %d after upgrade, want %d", from, v, LatestVersion())
		}
		var summary, detail string
		if err := db.Raw(`SELECT summary, detail FROM activity`).Row().Scan(&summary, &detail); err != nil {
			t.Fatalf("from %d: read back: %v", from, err)
		}
		if summary != "kept" || detail != "" {
			t.Errorf("from %d: got (%q, %q) after upgrade", from, summary, detail)
		}
		var country string
		db.Raw(`SELECT value FROM settings WHERE key = 'defaultCountry'`).Scan(&country)
		if country != "GB" {
			t.Errorf("from %d: setting %q after upgrade, want GB", from, country)
		}
		Close(db)
	}
}

func TestOpen_RefusesDatabaseFromNewerHerald(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', ?)`, LatestVersion()+1, time.Now())
	Close(db)
	if _, err := Open(path); err == nil {
		t.Fatal("opened a database written by a newer schema without complaint")
	}
}

func TestDatabasePath_WithWindowsUserNamesOpensTheRightFile(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`C:\Users\José Álvarez\AppData\Roaming\Herald\herald.db`, `C:\Users\José Álvarez\AppData\Roaming\Herald\herald.db`},
		{`C:\Users\C#Dev\AppData\Roaming\Herald\herald.db`, `C:\Users\C%23Dev\AppData\Roaming\Herald\herald.db`},
		{`D:\100% Kunden\Herald\herald.db`, `D:\100%25 Kunden\Herald\herald.db`},
		{`\\fs01\profiles\ana\AppData\Roaming\Herald\herald.db`, `\\fs01\profiles\ana\AppData\Roaming\Herald\herald.db`},
		{"/home/ana/what?/herald.db", "/home/ana/what%3f/herald.db"},
	} {
		if got := uriPath(tc.in); got != tc.want {
			t.Errorf("uriPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// And on this machine's disk: the database lands where it was asked to.
	for _, name := range []string{"José Álvarez", "C#Dev", "100% Kunden", "100%25 sure", "what?", "a&b=c"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		db, err := Open(filepath.Join(dir, "herald.db"))
		if err != nil {
			t.Errorf("open in %q: %v", name, err)
			continue
		}
		Close(db)
		if _, err := os.Stat(filepath.Join(dir, "herald.db")); err != nil {
			t.Errorf("the database for %q is not where it was asked to be: %v", name, err)
		}
	}
}
