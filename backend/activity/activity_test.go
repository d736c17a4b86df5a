package activity

import (
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"

	"herald/backend/events"
	"herald/backend/store"
)

func newLog(t *testing.T) (*Log, *Service, *events.Recorder) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	rec := &events.Recorder{}
	return NewLog(db, rec, slog.New(slog.NewTextHandler(io.Discard, nil))), NewService(db), rec
}

func TestRecord_StoresAndAnnouncesEntry(t *testing.T) {
	log, svc, rec := newLog(t)
	e, err := log.Record("settings", "changed", "Default country set to GB")
	if err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || e.At.IsZero() {
		t.Fatalf("entry not stored: %+v", e)
	}
	got := rec.Events(events.TopicActivity)
	if len(got) != 1 || got[0].Payload.(Entry).ID != e.ID {
		t.Fatalf("announced %+v, want the new entry", got)
	}
	page, err := svc.List(Query{})
	if err != nil || page.Total != 1 || page.Items[0].Summary != "Default country set to GB" {
		t.Fatalf("List = %+v, %v", page, err)
	}
}

func TestList_NewestFirstWithPaging(t *testing.T) {
	log, svc, _ := newLog(t)
	for i := range 25 {
		log.Record("contacts", "created", "contact "+string(rune('A'+i)))
	}
	page, err := svc.List(Query{Offset: 10, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 25 || len(page.Items) != 10 {
		t.Fatalf("total %d, %d items; want 25, 10", page.Total, len(page.Items))
	}
	if page.Items[0].Summary != "contact O" || page.Items[9].Summary != "contact F" {
		t.Errorf("page starts %q ends %q; want newest first (O … F)", page.Items[0].Summary, page.Items[9].Summary)
	}
}

func TestList_FiltersByKindAndSearch(t *testing.T) {
	log, svc, _ := newLog(t)
	log.Record("contacts", "imported", "Imported 120 contacts from leads.csv")
	log.Record("contacts", "deleted", "Deleted 3 contacts")
	log.Record("settings", "changed", "Default country set to DE")
	log.Record("settings", "changed", "100% sure_thing")

	cases := []struct {
		name string
		q    Query
		want int64
	}{
		{"kind", Query{Kind: "contacts"}, 2},
		{"search summary", Query{Search: "leads"}, 1},
		{"search is case-insensitive", Query{Search: "DEFAULT country"}, 1},
		{"kind and search", Query{Kind: "settings", Search: "contacts"}, 0},
		{"search action", Query{Search: "deleted"}, 1},
		{"percent is literal", Query{Search: "100%"}, 1},
		{"underscore is literal", Query{Search: "d_1"}, 0},
		{"no match", Query{Search: "nothing like this"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := svc.List(c.q)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != c.want || int64(len(page.Items)) != c.want {
				t.Errorf("total %d items %d, want %d", page.Total, len(page.Items), c.want)
			}
		})
	}
}

func TestList_EmptyLogGivesEmptyListNotNil(t *testing.T) {
	_, svc, _ := newLog(t)
	page, err := svc.List(Query{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if page.Items == nil || page.Total != 0 {
		t.Fatalf("got %+v, want an empty non-nil list", page)
	}
	kinds, err := svc.Kinds()
	if err != nil || kinds == nil || len(kinds) != 0 {
		t.Fatalf("Kinds = %v, %v; want empty non-nil", kinds, err)
	}
}

func TestKinds_ListsDistinctSorted(t *testing.T) {
	log, svc, _ := newLog(t)
	log.Record("settings", "changed", "x")
	log.Record("contacts", "created", "y")
	log.Record("settings", "changed", "z")
	kinds, err := svc.Kinds()
	if err != nil {
		t.Fatal(err)
	}
	want := []Kind{{"contacts", "Contacts"}, {"settings", "Settings"}}
	if !slices.Equal(kinds, want) {
		t.Fatalf("Kinds = %v, want %v", kinds, want)
	}
}
