package contacts

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"herald/backend/apperr"
	"herald/backend/store"
)

// A book whose rows were all replaced by another's (a restore) pages,
// searches and counts the new rows once Reload returns, even where the
// other book's count of changes equals the one the pages in memory were
// read at.
func TestReload_ReadsTheReplacedBook(t *testing.T) {
	dir := t.TempDir()
	fill := func(f fixture, prefix string, order int) {
		f.svc.orders.Config.BucketSize, f.svc.tuning.sortInSQL = 4, 3
		for i := range 40 {
			mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("%s %02d", prefix, (i*order)%40), Phone: fmt.Sprintf("+4479111234%02d", i)})
		}
	}
	live := newServiceAt(t, dir, "GB")
	fill(live, "Name", 17)
	otherDir := t.TempDir()
	other := newServiceAt(t, otherDir, "GB")
	fill(other, "Name", 23)
	if err := store.Close(other.svc.db); err != nil {
		t.Fatal(err)
	}
	deep := func() string {
		t.Helper()
		page, err := live.svc.List(Query{Search: "name", Offset: 20, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		live.svc.db.Raw("SELECT id FROM contacts ORDER BY name COLLATE NOCASE, id LIMIT 5 OFFSET 20").Scan(&want)
		var got []int64
		for _, c := range page.Items {
			got = append(got, c.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("deep page %v, want %v", got, want)
		}
		return fmt.Sprint(got)
	}
	before := deep()
	if err := store.Replace(live.svc.db, filepath.Join(otherDir, "herald.db"), nil); err != nil {
		t.Fatal(err)
	}
	if err := Reload(live.svc); err != nil {
		t.Fatal(err)
	}
	if deep() == before {
		t.Error("the deep page is the replaced book's")
	}
	page, err := live.svc.List(Query{Search: "name 05"})
	if err != nil || page.Total != 1 {
		t.Errorf("search after the restore: %+v, %v", page, err)
	}
}

// Hold cancels a running import and waits for it, refuses imports until
// release, and lets them run again after.
func TestHold_CancelsTheImportAndRefusesNewOnesUntilReleased(t *testing.T) {
	f := newService(t)
	held := make(chan func(), 1)
	em := &holdOnProgress{svc: f.svc, held: held}
	f.svc.emitter = em
	rows := "name,phone\n"
	for i := range 20000 {
		rows += fmt.Sprintf("P%d,+4479%08d\n", i, 11000000+i)
	}
	res, err := f.svc.Import(writeFile(t, "big.csv", rows), ImportOptions{})
	if err != nil || !res.Cancelled {
		t.Fatalf("the import went on: %+v, %v", res, err)
	}
	release := <-held
	small := writeFile(t, "small.csv", "name,phone\nA,+447911123401\n")
	if _, err := f.svc.Import(small, ImportOptions{}); apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("an import while held: %v", err)
	}
	release()
	if _, err := f.svc.Import(small, ImportOptions{}); err != nil {
		t.Errorf("an import after release: %v", err)
	}
	if err := WaitReady(context.Background(), f.svc); err != nil {
		t.Fatal(err)
	}
}

// holdOnProgress calls Hold at an import's first progress event, from
// another goroutine as a restore would, and hands over its release.
type holdOnProgress struct {
	svc  *Service
	held chan func()
}

func (h *holdOnProgress) Emit(topic string, _ any) {
	if topic == TopicImportProgress && h.svc != nil {
		svc := h.svc
		h.svc = nil
		go func() { h.held <- Hold(svc) }()
	}
}
