package contacts

import (
	"fmt"
	"testing"
)

// The buckets of the list orders follow every write to the book, splitting
// as they grow, and a start finds and cuts again an order out of step (a
// book from before the buckets, or written without their triggers).
func TestOrder_FollowsWritesAndIsCutAgainWhenOutOfStep(t *testing.T) {
	old := orderBucketSize
	orderBucketSize = 4
	t.Cleanup(func() { orderBucketSize = old })
	f := newService(t)
	var ids []int64
	for i := range 40 {
		c := mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Name %02d", (i*7)%40), Phone: fmt.Sprintf("+4479111234%02d", i)})
		ids = append(ids, c.ID)
	}
	checkOrderInStep(t, f.svc, "name")
	checkOrderInStep(t, f.svc, "phone")
	var buckets int
	f.svc.db.Raw("SELECT count(*) FROM contact_order WHERE sort = 0").Scan(&buckets)
	if buckets < 40/(2*orderBucketSize) {
		t.Fatalf("%d buckets for 40 contacts: not split as they grew", buckets)
	}
	// Renames and new numbers move contacts between buckets.
	for i, id := range ids[:20] {
		c, err := f.svc.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		c.Name, c.Phone = fmt.Sprintf("Aaa %02d", 39-i), fmt.Sprintf("+4479111235%02d", i)
		if _, err := f.svc.Update(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Delete(ids[10:30]); err != nil {
		t.Fatal(err)
	}
	checkOrderInStep(t, f.svc, "name")
	checkOrderInStep(t, f.svc, "phone")
	// Written behind the triggers' back: the next start cuts again.
	if err := dropOrderTriggers(f.svc.db); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, f.svc, Contact{Name: "Unseen", Phone: "+447911123499"})
	if err := f.svc.ensureOrder(); err != nil {
		t.Fatal(err)
	}
	checkOrderInStep(t, f.svc, "name")
	checkOrderInStep(t, f.svc, "phone")
	if page, err := f.svc.List(Query{Search: "name", Offset: 8, Limit: 2}); err != nil || len(page.Items) != 2 {
		t.Fatalf("deep page after the cut: %+v %v", page, err)
	}
}
