package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// A book from before the migration of the list orders' triggers upgrades
// whether it has them (made when it started) or not (an import had them
// down when it stopped), and keeps the mark that has the contacts package
// cut the orders again.
func TestOpen_ListOrderTriggersOnABookThatHadThemOrNot(t *testing.T) {
	before := slices.IndexFunc(allMigrations(), func(m migration) bool { return m.name == "list order triggers" })
	if before < 0 {
		t.Fatal("no migration named list order triggers")
	}
	for _, had := range []bool{true, false} {
		path := filepath.Join(t.TempDir(), "herald.db")
		old, err := openAt(path, before, nil)
		if err != nil {
			t.Fatal(err)
		}
		if had {
			err = allMigrations()[before].up(old)
		} else {
			err = old.Exec(`INSERT INTO maintenance (task, since) VALUES ('cut list orders', ?)`, time.Now().UTC()).Error
		}
		if err != nil {
			t.Fatal(err)
		}
		Close(old)

		db, err := Open(path)
		if err != nil {
			t.Fatalf("upgrade a book that had the triggers %v: %v", had, err)
		}
		var triggers, marks int
		db.Raw(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'contacts_order_%'`).Scan(&triggers)
		db.Raw(`SELECT count(*) FROM maintenance WHERE task = 'cut list orders'`).Scan(&marks)
		wantMarks := 1
		if had {
			wantMarks = 0
		}
		if triggers != 4 || marks != wantMarks {
			t.Errorf("a book that had the triggers %v: %d triggers, %d marks after the upgrade", had, triggers, marks)
		}
		Close(db)
	}
}
