package contacts

import (
	"fmt"
	"strings"
	"testing"
)

// A big import into a small book (the bulk path: indexes dropped and rebuilt,
// search entries written batch by batch from Go) leaves the full-text index
// holding exactly what the view contacts_search gives for every contact,
// including numbers the file repeats across batches and contacts it updates.
func TestImport_BulkKeepsTheSearchIndexExact(t *testing.T) {
	f := newServiceIn(t, "US")
	mustCreate(t, f.svc, Contact{Name: "Already Here", Phone: "+14155550100", Tags: []string{"old"}})
	var sb strings.Builder
	sb.WriteString("name,phone,email,company,tags\n")
	n := bulkMinRows + 3000
	for i := range n {
		// Every 1000th row repeats a number from two batches back.
		j := i
		if i%1000 == 999 {
			j = i - 700
		}
		fmt.Fprintf(&sb, "Person%d Number %d,(212) %03d-%04d,person.number.%d@example.com,Co%d Ltd,\"lead%d,Batch %d\"\n",
			i, i, 200+j/10000, j%10000, i, i%50, i%4, i%3)
	}
	sb.WriteString("Already Here Again,+1 415 555 0100,again@example.com,,new\n")
	path := writeFile(t, "big.csv", sb.String())
	if !f.svc.wantsBulk(path) {
		t.Fatal("expected a bulk import")
	}
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != int64(n-n/1000) || res.Updated != int64(n/1000+1) {
		t.Fatalf("result %+v", res)
	}
	if err := f.svc.db.Exec("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)").Error; err != nil {
		t.Fatalf("full-text index out of step after a bulk import: %v", err)
	}
	// Row 22999 repeats the number of row 22299: that contact now has the
	// later name, and only that one.
	for search, want := range map[string]int64{"person22999": 1, "person22299": 0, "again": 1, "co12 ltd": int64(n / 50), "number.22999": 1} {
		if page, err := f.svc.List(Query{Search: search}); err != nil || page.Total != want {
			t.Errorf("search %q finds %d (%v), want %d", search, page.Total, err, want)
		}
	}
	if page, _ := f.svc.List(Query{Tags: []string{"old", "new"}}); page.Total != 1 {
		t.Errorf("the known contact lost or missed tags: %d", page.Total)
	}
}
