package maintenance

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/store"
)

func openDB(t *testing.T, path string) *gorm.DB {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	return db
}

func now() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// A task begun and never done is found unfinished by the next opening of the
// database, and its repair brings the schema back and clears the mark.
func TestSchema_ATaskCutShortIsRepairedAtTheNextOpening(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "herald.db")
	const index = "CREATE INDEX IF NOT EXISTS contacts_company ON contacts (company)"
	db := openDB(t, path)
	if err := Exec(db, index); err != nil {
		t.Fatal(err)
	}
	s := New(db, now)
	s.Register(Task{Name: "drop company", Down: func() []string { return []string{"DROP INDEX contacts_company"} }})
	if err := db.Transaction(func(tx *gorm.DB) error { return s.Begin(tx, "drop company") }); err != nil {
		t.Fatal(err)
	}
	if hasIndex(t, db, "contacts_company") {
		t.Fatal("Begin left the index")
	}
	store.Close(db)

	db = openDB(t, path)
	s = New(db, now)
	s.Register(Task{Name: "other"})
	s.Register(Task{Name: "drop company", Repair: func() error {
		return db.Transaction(func(tx *gorm.DB) error {
			if err := Exec(tx, index); err != nil {
				return err
			}
			return s.Done(tx, "drop company")
		})
	}})
	unfinished, err := s.Unfinished()
	if err != nil || !slices.Equal(unfinished, []string{"drop company"}) {
		t.Fatalf("unfinished %q %v", unfinished, err)
	}
	if err := s.Repair(unfinished); err != nil {
		t.Fatal(err)
	}
	if !hasIndex(t, db, "contacts_company") {
		t.Fatal("the repair did not bring the index back")
	}
	if pending, err := s.Pending("drop company"); err != nil || pending {
		t.Fatalf("still pending after the repair: %v %v", pending, err)
	}
}

// The mark and the DDL share Begin's transaction: a Begin that fails leaves
// neither, so no schema is ever down without its mark.
func TestSchema_BeginIsAtomic(t *testing.T) {
	t.Parallel()
	db := openDB(t, filepath.Join(t.TempDir(), "herald.db"))
	s := New(db, now)
	s.Register(Task{Name: "broken", Down: func() []string { return []string{"DROP INDEX no_such_index"} }})
	err := db.Transaction(func(tx *gorm.DB) error { return s.Begin(tx, "broken") })
	if err == nil {
		t.Fatal("Begin dropped an index that does not exist")
	}
	if pending, err := s.Pending("broken"); err != nil || pending {
		t.Fatalf("a failed Begin left its mark: %v %v", pending, err)
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return s.Begin(tx, "unknown") }); err == nil {
		t.Fatal("Begin of a task never registered")
	}
}

// Repair stops at the first repair that fails, and refuses a task without
// one, whose mark would never clear.
func TestSchema_RepairStopsAtTheFirstFailure(t *testing.T) {
	t.Parallel()
	db := openDB(t, filepath.Join(t.TempDir(), "herald.db"))
	s := New(db, now)
	var ran []string
	boom := errors.New("boom")
	s.Register(Task{Name: "a", Repair: func() error { ran = append(ran, "a"); return boom }})
	s.Register(Task{Name: "b", Repair: func() error { ran = append(ran, "b"); return nil }})
	s.Register(Task{Name: "c"})
	if err := s.Repair([]string{"a", "b"}); !errors.Is(err, boom) || !slices.Equal(ran, []string{"a"}) {
		t.Fatalf("repair: %v, ran %q", err, ran)
	}
	if err := s.Repair([]string{"c"}); err == nil {
		t.Fatal("a task without a repair was repaired")
	}
}

func hasIndex(t *testing.T, db *gorm.DB, name string) bool {
	t.Helper()
	var n int64
	if err := db.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", name).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n == 1
}
