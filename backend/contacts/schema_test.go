package contacts

import (
	"maps"
	"strings"
	"testing"
)

// schemaOf is every table, index, trigger and view of the book, by name,
// with its declaration in words: what differs only in spacing is the same.
func schemaOf(t *testing.T, s *Service) map[string]string {
	t.Helper()
	var rows []struct{ Type, Name, SQL string }
	if err := s.db.Raw("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	words := strings.NewReplacer("(", " ( ", ")", " ) ", ",", " , ", ";", " ; ")
	out := map[string]string{}
	for _, r := range rows {
		out[r.Name] = r.Type + ": " + strings.Join(strings.Fields(words.Replace(r.SQL)), " ")
	}
	return out
}

// The run-time schema changes take down and put back what the migrations
// created, as the migrations declare it: the name index and the list
// orders' triggers after a bulk import and after an import without the
// triggers are what a new book has. A change to either side alone fails.
func TestSchema_RunTimeChangesPutBackWhatTheMigrationsCreate(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123401"})
	fresh := schemaOf(t, f.svc)
	for _, name := range []string{"contacts_name", "contacts_order_insert", "contacts_order_delete", "contacts_order_name", "contacts_order_phone"} {
		if fresh[name] == "" {
			t.Fatalf("a new book has no %s: the migrations must create it", name)
		}
	}
	check := func(after string) {
		t.Helper()
		got := schemaOf(t, f.svc)
		if maps.Equal(got, fresh) {
			return
		}
		for name, decl := range fresh {
			if got[name] != decl {
				t.Errorf("after %s, %s is\n%s\nthe migrations made\n%s", after, name, got[name], decl)
			}
		}
		for name, decl := range got {
			if fresh[name] == "" {
				t.Errorf("after %s, %s is there, which the migrations do not make: %s", after, name, decl)
			}
		}
	}
	if err := f.svc.beginBulk(); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.endBulk(true, false); err != nil {
		t.Fatal(err)
	}
	check("a bulk import")
	if err := f.svc.dropOrderTriggers(); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.rebuildOrders(); err != nil {
		t.Fatal(err)
	}
	check("an import without the orders' triggers")
	checkBookInStep(t, f.svc)
}
