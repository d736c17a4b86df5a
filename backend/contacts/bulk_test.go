package contacts

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/contacts/internal/bulk"
	"herald/backend/events"
	"herald/backend/store"
)

func indexExists(t *testing.T, s *Service, name string) bool {
	var n int
	s.db.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", name).Scan(&n)
	return n == 1
}

func TestImport_BigFileIntoSmallBookIsSearchableWhenDone(t *testing.T) {
	f := newServiceIn(t, "US")
	mustCreate(t, f.svc, Contact{Name: "Already Here", Phone: "+14155550100", Tags: []string{"old"}})
	var sb strings.Builder
	sb.WriteString("name,phone,email,company,tags\n")
	for i := range bulk.MinRows + 5000 {
		fmt.Fprintf(&sb, "Person Number %d,(212) %03d-%04d,person.number.%d@example.com,Company %d Ltd,\"lead,batch %d\"\n",
			i, 200+i/10000, i%10000, i, i%50, i%3)
	}
	sb.WriteString("Already Here Again,+1 415 555 0100,,,new\n")
	path := writeFile(t, "big.csv", sb.String())
	if !f.svc.planImport(path).Bulk {
		t.Fatal("a 25k-row file into a one-contact book should import in bulk")
	}
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != int64(bulk.MinRows+5000) || res.Updated != 1 || res.Failed != 0 {
		t.Fatalf("result %+v", res)
	}
	if !indexExists(t, f.svc, "contacts_name") {
		t.Error("the name index did not come back")
	}
	for search, want := range map[string]int64{"number 24999": 1, "already": 1, "batch": int64(bulk.MinRows + 5000)} {
		if page, _ := f.svc.List(Query{Search: search}); page.Total != want {
			t.Errorf("search %q finds %d, want %d", search, page.Total, want)
		}
	}
	if page, _ := f.svc.List(Query{Tags: []string{"old", "new"}}); page.Total != 1 {
		t.Errorf("the known contact lost or missed tags: %d", page.Total)
	}
	if page, _ := f.svc.List(Query{Tags: []string{"batch 1"}}); page.Total != int64((bulk.MinRows+5000)/3) {
		t.Errorf("tag filter after bulk import finds %d", page.Total)
	}
	var n int
	f.svc.db.Raw("SELECT count(*) FROM maintenance").Scan(&n)
	if n != 0 {
		t.Error("the bulk marker stayed behind")
	}
}

// A crash between dropping the indexes and rebuilding them is repaired the
// next time Herald starts.
func TestNewService_RepairsAnInterruptedBulkImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := store.Open(path, SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	open := func() *Service { return bookOn(t, db, "GB") }
	svc := open()
	mustCreate(t, svc, Contact{Name: "Ana", Phone: "+447911123401"})
	if err := svc.beginBulk(); err != nil {
		t.Fatal(err)
	}
	// Rows written in bulk mode are not in the search index yet.
	tx := db.Begin()
	w := newWriter(tx, svc.now(), writeUnindexed, nil)
	if _, err := w.upsert([]Contact{{Name: "Bruno", Phone: "+447911123402"}}, nil); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	// "Crash": the process ends here. The next start repairs, in the
	// background, saying so.
	svc = open()
	if err := WaitReady(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	// The repair may be over before Preparing could be asked: the events
	// say what the UI was told, in order.
	var told []any
	for _, e := range svc.emitter.(*events.Recorder).Events(TopicPreparing) {
		told = append(told, e.Payload)
	}
	if fmt.Sprint(told) != "[true false]" {
		t.Errorf("the book told the UI %v while preparing; want [true false]", told)
	}
	if preparing, _ := svc.Preparing(); preparing {
		t.Error("the book still says it is being prepared")
	}
	if !indexExists(t, svc, "contacts_name") {
		t.Error("name index not rebuilt")
	}
	if page, _ := svc.List(Query{Search: "bruno"}); page.Total != 1 {
		t.Errorf("the contact written before the crash is not searchable")
	}
	// The list orders, whose triggers were down, are cut again.
	checkBookInStep(t, svc)
	store.Close(db)
}
