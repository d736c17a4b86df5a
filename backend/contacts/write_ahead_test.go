package contacts

import (
	"testing"
	"time"
)

// The numbers of a batch are looked up before the writer's transaction: a
// contact edited, deleted or added between that lookup and the write is
// merged as it is then, never as the earlier lookup saw it.
func TestImport_ChangesMadeAfterTheLookupAheadStay(t *testing.T) {
	f := newService(t)
	ana := mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123401"})
	bo := mustCreate(t, f.svc, Contact{Name: "Bo", Phone: "+447911123402"})
	cy := mustCreate(t, f.svc, Contact{Name: "Cy", Phone: "+447911123403"})
	r := runByHand(t, f.svc, "ahead.csv")
	for i, c := range []Contact{
		{Name: "Ana File", Phone: ana.Phone, Email: "ana@file.example"},
		{Name: "Bo File", Phone: bo.Phone, Email: "bo@file.example"},
		{Name: "Cy File", Phone: cy.Phone, Email: "cy@file.example"},
		{Name: "Di File", Phone: "+447911123404", Email: "di@file.example"},
	} {
		if err := r.add(staged{line: i + 2, c: c, enc: encode(c)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.flush(false); err != nil {
		t.Fatal(err)
	}
	if r.ahead == nil || r.result.rows() != 0 {
		t.Fatalf("the batch was written before its lookup ahead: %+v", r.result)
	}
	if seen := r.ahead.lookedUp(); seen == nil || len(seen.byPhone) != 3 {
		t.Fatalf("the lookup ahead found %+v", seen)
	}
	// Meanwhile Ana gets an email of her own, Bo is deleted and Di added.
	f.svc.now = func() time.Time { return r.started.Add(time.Minute) }
	ana.Email = "ana@own.example"
	if _, err := f.svc.Update(ana); err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.Delete([]int64{bo.ID}); err != nil || n != 1 {
		t.Fatalf("delete Bo: %d %v", n, err)
	}
	di := mustCreate(t, f.svc, Contact{Name: "Di", Phone: "+447911123404"})
	if err := r.flush(true); err != nil {
		t.Fatal(err)
	}
	if got := r.result; got.Created != 1 || got.Updated != 2 || got.Unchanged != 1 {
		t.Errorf("created %d, updated %d, unchanged %d; want 1, 2, 1", got.Created, got.Updated, got.Unchanged)
	}
	if got, _ := f.svc.Get(ana.ID); got.Email != "ana@own.example" || got.Name != "Ana" {
		t.Errorf("Ana lost her own email to the file's: %+v", got)
	}
	page, _ := f.svc.List(Query{Search: "Bo File"})
	if page.Total != 1 || page.Items[0].Phone != bo.Phone || page.Items[0].Email != "bo@file.example" {
		t.Errorf("Bo, deleted meanwhile, is not imported again: %+v", page.Items)
	}
	for _, c := range []Contact{cy, di} {
		if got, _ := f.svc.Get(c.ID); got.Email == "" || got.Name != c.Name {
			t.Errorf("%s is not merged: %+v", c.Name, got)
		}
	}
	if page, _ := f.svc.List(Query{}); page.Total != 4 {
		t.Errorf("%d contacts, want 4", page.Total)
	}
	checkBookInStep(t, f.svc)
}

// runByHand begins an import of a file named name as Herald runs one
// ("fill only empty fields"), for a test to give it rows and stop it
// where it wants.
func runByHand(t *testing.T, s *Service, name string) *importRun {
	t.Helper()
	at := s.now()
	id, err := s.beginRun(name, at)
	if err != nil {
		t.Fatal(err)
	}
	return &importRun{svc: s, id: id, started: at, name: name, matches: MatchesFill}
}
