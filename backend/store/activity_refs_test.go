package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestOpen_GivesOlderActivityEntriesTheirReferences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	before := slices.IndexFunc(allMigrations(), func(m migration) bool { return m.name == "activity references" })
	if before < 0 {
		t.Fatal("no migration named activity references")
	}
	old, err := openAt(path, before, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, e := range [][3]string{
		{"contacts", "imported", `{"created":1,"report":"import-problems-leads.csv"}`},
		{"contacts", "imported", `{"created":1,"report":""}`},
		{"campaigns", "replied", `{"campaignId":7,"contactId":3}`},
		{"settings", "changed", `{"report":"not-an-import.csv"}`},
		{"contacts", "imported", `not json`},
	} {
		if err := old.Exec(`INSERT INTO activity (at, kind, action, summary, detail) VALUES (?, ?, ?, 'x', ?)`, now, e[0], e[1], e[2]).Error; err != nil {
			t.Fatal(err)
		}
	}
	Close(old)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	type ref struct {
		Kind string
		ID   int64
		Path string
	}
	var got []ref
	if err := db.Raw(`SELECT ref_kind AS kind, ref_id AS id, ref_path AS path FROM activity ORDER BY activity.id`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	want := []ref{{"import", 0, "import-problems-leads.csv"}, {}, {"campaign", 7, ""}, {}, {}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: ref %+v, want %+v", i+1, got[i], want[i])
		}
	}
}
