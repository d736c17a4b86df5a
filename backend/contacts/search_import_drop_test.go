package contacts

import (
	"fmt"
	"testing"
)

// A contact the import writes twice (its number changed meanwhile, for
// one) has its first entry taken out of the import's index, whether that
// entry is still waiting to be written or already in the index.
func TestImport_SideIndexDropsAnEntryItAlreadyHas(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "Someone Else", Phone: "+447911123499"})
	side, err := f.svc.startImportIndex()
	if err != nil || side == nil {
		t.Fatalf("side index %v: %v", side, err)
	}
	write := func(batch ...Contact) {
		tx := f.svc.db.Begin()
		w := newWriter(tx, f.svc.now(), writeImportOwnIndex, side)
		w.matches = MatchesOverwrite
		writeAndCommit(t, tx, w, batch)
	}
	write(Contact{Name: "Waiting Old", Phone: "+447911123401"})
	write(Contact{Name: "Waiting New", Phone: "+447911123401"})
	write(Contact{Name: "Written Old", Phone: "+447911123402"})
	// Runs of ids apart, more than the index keeps open, push the first
	// out to the index.
	const fillers = 8
	for i := range fillers {
		write(Contact{Name: fmt.Sprintf("Filler %d", i), Phone: fmt.Sprintf("+4479111235%02d", i)})
		if _, err := f.svc.Create(Contact{Name: fmt.Sprintf("Gap %d", i), Phone: fmt.Sprintf("+4479111236%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	write(Contact{Name: "Written New", Phone: "+447911123402"})
	if err := side.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.adoptImportIndex(side); err != nil {
		t.Fatal(err)
	}
	checkBookInStep(t, f.svc)
	for search, want := range map[string]int64{"waiting old": 0, "waiting new": 1, "written old": 0, "written new": 1, "someone": 1, "filler": fillers} {
		if page, err := f.svc.List(Query{Search: search}); err != nil || page.Total != want {
			t.Errorf("search %q finds %d (%v), want %d", search, page.Total, err, want)
		}
	}
}
