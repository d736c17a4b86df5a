package contacts

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/search"
)

// writeAndCommit writes batch, encoded as an import's readers do, through
// w, flushes w and commits tx.
func writeAndCommit(t *testing.T, tx *gorm.DB, w *writer, batch []Contact) []outcome {
	t.Helper()
	out, err := w.upsert(batch, encodeAll(batch))
	if err == nil {
		err = w.flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	return out
}

// encodeAll encodes cs as an import's readers do.
func encodeAll(cs []Contact) []encoded {
	out := make([]encoded, len(cs))
	for i, c := range cs {
		out[i] = encode(c)
	}
	return out
}

// Contacts encoded ahead (as an import's readers do) that repeat a number
// within one batch fold into one contact, which is written and indexed as
// folded, not as its first row was encoded.
func TestWriter_TwinsEncodedAheadAreWrittenAsFolded(t *testing.T) {
	f := newService(t)
	for _, insertFirst := range []bool{true, false} {
		phone, later := "+447911123401", "Later"
		if !insertFirst {
			phone, later = "+447911123409", "Newer"
		}
		batch := []Contact{
			{Name: "Ana First", Phone: phone, Tags: []string{"lead"}},
			{Name: "Bo", Phone: "+44791112341" + fmt.Sprint(map[bool]int{true: 0, false: 1}[insertFirst])},
			{Name: "Ana " + later, Phone: phone, Tags: []string{"vip"}},
		}
		tx := f.svc.db.Begin()
		mode := writeImportOwnIndex
		if !insertFirst {
			mode = writeImport
		}
		w := newWriter(tx, f.svc.now(), mode, nil)
		w.insertFirst = insertFirst
		out := writeAndCommit(t, tx, w, batch)
		got, err := f.svc.Get(out[0].ID)
		if err != nil || got.Name != "Ana "+later || !slices.Equal(got.Tags, []string{"lead", "vip"}) {
			t.Fatalf("insertFirst %v: the twins became %+v (%v)", insertFirst, got, err)
		}
		checkBookInStep(t, f.svc)
		if page, _ := f.svc.List(Query{Search: later, Tags: []string{"lead", "vip"}}); page.Total != 1 {
			t.Errorf("insertFirst %v: the folded contact is found %d times", insertFirst, page.Total)
		}
	}
	if page, _ := f.svc.List(Query{Search: "first"}); page.Total != 0 {
		t.Errorf("the first row's encoding was indexed: %d", page.Total)
	}
}

// A batch inserted before its numbers are looked up, in which some numbers
// are already contacts, creates the others under the ids they were given,
// and leaves the known ones to the merge: the ids of the new rows are read
// back, not counted on.
func TestWriter_InsertFirstIntoKnownNumbersGivesEachRowItsID(t *testing.T) {
	f := newService(t)
	known, err := f.svc.Create(Contact{Name: "Known", Phone: "+447911123403"})
	if err != nil {
		t.Fatal(err)
	}
	var batch []Contact
	for i := range 6 {
		batch = append(batch, Contact{Name: fmt.Sprintf("Row %d", i), Phone: fmt.Sprintf("+44791112340%d", i+1)})
	}
	tx := f.svc.db.Begin()
	w := newWriter(tx, f.svc.now(), writeImport, nil)
	w.insertFirst = true
	out := writeAndCommit(t, tx, w, batch)
	for i, o := range out {
		c, err := f.svc.Get(o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Phone != batch[i].Phone || o.Created == (c.ID == known.ID) {
			t.Errorf("row %d (%s) gave contact %d %+v, created %v", i, batch[i].Phone, o.ID, c, o.Created)
		}
		if o.Created && c.Name != batch[i].Name {
			t.Errorf("row %d created %+v", i, c)
		}
	}
	checkBookInStep(t, f.svc)
}

// The side index is a database file beside the book's, opened by its path:
// a data folder such as C:\Users\C#Dev\… must not send it elsewhere.
func TestImport_SideIndexWorksInAFolderWithHashAndPercent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "C#Dev 100%", "Herald")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	svc := newServiceAt(t, dir, "GB").svc
	side, err := svc.startImportIndex()
	if err != nil {
		t.Fatal(err)
	}
	tx := svc.db.Begin()
	w := newWriter(tx, svc.now(), writeImportOwnIndex, side)
	ana := []Contact{{Name: "Ana Import", Phone: "+447911123401"}}
	if _, err := w.upsert(ana, encodeAll(ana)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := side.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := svc.adoptImportIndex(side); err != nil {
		t.Fatal(err)
	}
	if page, err := svc.List(Query{Search: "ana import"}); err != nil || page.Total != 1 {
		t.Errorf("search finds %d (%v), want 1", page.Total, err)
	}
	if stray, _ := os.ReadDir(filepath.Dir(filepath.Dir(dir))); len(stray) != 1 {
		t.Errorf("files landed outside the data folder: %v", stray)
	}
}

// The book's full-text index, as the migrations declare it, is the one
// search.DDL declares: an import's index built from it copies into it.
func TestFTSDDL_IsTheBooksDeclaration(t *testing.T) {
	f := newService(t)
	var book string
	if err := f.svc.db.Raw("SELECT sql FROM sqlite_master WHERE name = 'contacts_fts'").Row().Scan(&book); err != nil {
		t.Fatal(err)
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "(", "( ")), " ") }
	if squeeze(book) != squeeze(search.DDL(true)) {
		t.Fatalf("the book declares\n%s\nsearch.DDL(true) is\n%s", book, search.DDL(true))
	}
}
