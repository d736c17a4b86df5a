package contacts

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"herald/backend/contacts/internal/order"
)

// The buckets of the list orders follow every write to the book, splitting
// as they grow, and a start finds and cuts again an order out of step (a
// book from before the buckets, or written without their triggers).
func TestOrder_FollowsWritesAndIsCutAgainWhenOutOfStep(t *testing.T) {
	f := newService(t)
	f.svc.orders.Config.BucketSize = 4
	var ids []int64
	for i := range 40 {
		c := mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Name %02d", (i*7)%40), Phone: fmt.Sprintf("+4479111234%02d", i)})
		ids = append(ids, c.ID)
	}
	checkOrderInStep(t, f.svc, "name")
	checkOrderInStep(t, f.svc, "phone")
	var buckets int
	f.svc.db.Raw("SELECT count(*) FROM contact_order WHERE sort = 0").Scan(&buckets)
	if buckets < 40/(2*f.svc.orders.Config.BucketSize) {
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
	// A contact the buckets lost: the next start cuts again, and the
	// triggers, left in place, follow the writes after.
	unseen := mustCreate(t, f.svc, Contact{Name: "Unseen", Phone: "+447911123499"})
	if err := f.svc.db.Exec("UPDATE contact_order SET ids = herald_ids_remove(ids, ?)", unseen.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ensureOrder(); err != nil {
		t.Fatal(err)
	}
	checkOrderInStep(t, f.svc, "name")
	checkOrderInStep(t, f.svc, "phone")
	mustCreate(t, f.svc, Contact{Name: "Seen", Phone: "+447911123498"})
	checkOrderInStep(t, f.svc, "name")
	checkOrderInStep(t, f.svc, "phone")
	if page, err := f.svc.List(Query{Search: "name", Offset: 8, Limit: 2}); err != nil || len(page.Items) != 2 {
		t.Fatalf("deep page after the cut: %+v %v", page, err)
	}
}

// A deep page read from the buckets kept in memory follows every change of
// the book: the cache is read again once a write changes the buckets.
func TestOrder_PagesFollowChangesToTheBook(t *testing.T) {
	f := newService(t)
	f.svc.orders.Config.BucketSize, f.svc.tuning.sortInSQL = 4, 3
	var ids []int64
	for i := range 60 {
		c := mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Name %02d", (i*17)%60), Phone: fmt.Sprintf("+4479111234%02d", i)})
		ids = append(ids, c.ID)
	}
	check := func(when string) {
		t.Helper()
		for _, desc := range []bool{false, true} {
			page, err := f.svc.List(Query{Search: "name", Offset: 20, Limit: 5, Desc: desc})
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			dir := "ASC"
			if desc {
				dir = "DESC"
			}
			f.svc.db.Raw("SELECT id FROM contacts WHERE name LIKE 'name%' ORDER BY name COLLATE NOCASE " + dir + ", id " + dir + " LIMIT 5 OFFSET 20").Scan(&want)
			var got []int64
			for _, c := range page.Items {
				got = append(got, c.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s (desc %v): page %v, want %v", when, desc, got, want)
			}
		}
	}
	check("at first")
	check("read again")
	for i, id := range ids[:10] {
		c, err := f.svc.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		c.Name = fmt.Sprintf("Name %02d", 99-i)
		if _, err := f.svc.Update(c); err != nil {
			t.Fatal(err)
		}
	}
	check("after renames")
	if _, err := f.svc.Delete(ids[30:45]); err != nil {
		t.Fatal(err)
	}
	check("after deletes")
	for i := range 10 {
		mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Name %02d A", i), Phone: fmt.Sprintf("+4479111235%02d", i)})
	}
	check("after new contacts")
}

// A deep page of the whole book, no filter, is read from the bucket its
// offset falls in, and is the page the full order has at that offset: in
// both directions, by name (case aside, then id) and by phone.
func TestOrder_DeepPagesOfTheWholeBook(t *testing.T) {
	f := newService(t)
	f.svc.orders.Config.BucketSize = 4
	for i := range 60 {
		name := fmt.Sprintf("name %02d", (i*17)%20)
		if i%3 == 0 {
			name = strings.ToUpper(name)
		}
		mustCreate(t, f.svc, Contact{Name: name, Phone: fmt.Sprintf("+4479111234%02d", (i*23)%60)})
	}
	orderBy := map[string]string{"name": "name COLLATE NOCASE %[1]s, id %[1]s", "phone": "phone %[1]s"}
	for sort, by := range orderBy {
		for _, desc := range []bool{false, true} {
			dir := "ASC"
			if desc {
				dir = "DESC"
			}
			for offset := 0; offset < 60; offset++ {
				page, err := f.svc.List(Query{Sort: sort, Desc: desc, Offset: offset, Limit: 3})
				if err != nil {
					t.Fatal(err)
				}
				var want []int64
				f.svc.db.Raw("SELECT id FROM contacts ORDER BY "+fmt.Sprintf(by, dir)+" LIMIT 3 OFFSET ?", offset).Scan(&want)
				var got []int64
				for _, c := range page.Items {
					got = append(got, c.ID)
				}
				if !slices.Equal(got, want) || page.Total != 60 {
					t.Fatalf("by %s (desc %v), offset %d: page %v of %d, want %v", sort, desc, offset, got, page.Total, want)
				}
			}
		}
	}
}

// An import of many rows into a book it does not outgrow writes without the
// order's triggers and cuts the orders again at its end; one that stopped
// half way is finished by the next start, even when it changed no count.
func TestOrder_CutAgainAfterAnImportWithoutTriggers(t *testing.T) {
	f := newService(t)
	f.svc.orders.Config.BucketSize = 16
	for i := range 30 {
		mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Kept %02d", i), Phone: fmt.Sprintf("+4479111239%02d", i)})
	}
	var sb strings.Builder
	sb.WriteString("name,phone,email,company,tags\n")
	for i := range 6000 {
		fmt.Fprintf(&sb, "Imported Person Number %d,+1 212 %03d %04d,imported.person.%d@example.com,Imported Company Ltd,\"a,b\"\n", i, 300+i/10000, i%10000, i)
	}
	path := writeFile(t, "mid.csv", sb.String())
	if plan := f.svc.planImport(path); plan.Bulk || !plan.WithoutTriggers {
		t.Fatal("the file should be imported without the order's triggers, not in bulk")
	}
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil || res.Created != 6000 {
		t.Fatalf("import: %+v %v", res, err)
	}
	checkBookInStep(t, f.svc)
	var marked int64
	f.svc.db.Raw("SELECT count(*) FROM maintenance WHERE task = ?", rebuildOrdersTask).Scan(&marked)
	if marked != 0 || !f.svc.ordered.Load() {
		t.Fatalf("after the import: marker %d, ordered %v", marked, f.svc.ordered.Load())
	}
	// Deleting most of the book does the same.
	var del []int64
	for i := 0; len(del) < 5000; i += MaxLimit {
		page, err := f.svc.List(Query{Search: "imported", Sort: "createdAt", Offset: i, Limit: MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Items {
			del = append(del, c.ID)
		}
	}
	if n, err := f.svc.Delete(del); err != nil || n != int64(len(del)) {
		t.Fatalf("delete: %d %v", n, err)
	}
	checkBookInStep(t, f.svc)
	// Stopped half way: a contact renamed without the triggers keeps the
	// count of every bucket.
	if err := f.svc.dropOrderTriggers(); err != nil {
		t.Fatal(err)
	}
	var page Page
	page, err = f.svc.List(Query{Search: "kept", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := page.Items[0]
	c.Name = "Zzz Renamed"
	if _, err := f.svc.Update(c); err != nil {
		t.Fatal(err)
	}
	unfinished, err := f.svc.schema.Unfinished()
	if err != nil || !slices.Equal(unfinished, []string{rebuildOrdersTask}) {
		t.Fatalf("unfinished after the suspended order: %q %v", unfinished, err)
	}
	if err := f.svc.prepareBook(unfinished); err != nil {
		t.Fatal(err)
	}
	checkBookInStep(t, f.svc)
}

// An import without the orders' triggers stopped in a book from before the
// migration that creates them: the upgrade puts them back, and the next
// start still cuts the orders again, the count of every bucket unchanged.
func TestOrder_CutAgainWhenTheMigrationPutTheTriggersBack(t *testing.T) {
	f := newService(t)
	f.svc.orders.Config.BucketSize = 4
	var last Contact
	for i := range 20 {
		last = mustCreate(t, f.svc, Contact{Name: fmt.Sprintf("Kept %02d", i), Phone: fmt.Sprintf("+4479111239%02d", i)})
	}
	if err := f.svc.dropOrderTriggers(); err != nil {
		t.Fatal(err)
	}
	last.Name = "Aaa Renamed"
	if _, err := f.svc.Update(last); err != nil {
		t.Fatal(err)
	}
	// What the store migration "list order triggers" does to such a book.
	if err := order.CreateTriggers(f.svc.db); err != nil {
		t.Fatal(err)
	}
	unfinished, err := f.svc.schema.Unfinished()
	if err != nil || !slices.Equal(unfinished, []string{rebuildOrdersTask}) {
		t.Fatalf("unfinished after the upgrade: %q %v", unfinished, err)
	}
	if err := f.svc.prepareBook(unfinished); err != nil {
		t.Fatal(err)
	}
	checkBookInStep(t, f.svc)
}
