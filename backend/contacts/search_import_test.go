package contacts

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"herald/backend/apperr"
	"herald/backend/contacts/internal/bulk"
	"herald/backend/contacts/internal/order"
	"herald/backend/contacts/internal/search"
	"herald/backend/store"
)

// A big import into a small book (the bulk path: indexes dropped and rebuilt,
// search entries written batch by batch from Go) leaves the full-text index
// holding exactly what the view contacts_search gives for every contact,
// with the numbers the file repeats across batches left out and the
// contact it updates reindexed.
func TestImport_BulkKeepsTheSearchIndexExact(t *testing.T) {
	f := newServiceIn(t, "US")
	mustCreate(t, f.svc, Contact{Name: "Already Here", Phone: "+14155550100", Tags: []string{"old"}})
	var sb strings.Builder
	sb.WriteString("name,phone,email,company,tags\n")
	n := bulk.MinRows + 3000
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
	if !f.svc.planImport(path).Bulk {
		t.Fatal("expected a bulk import")
	}
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != int64(n-n/1000) || res.Updated != 1 || res.Skipped != int64(n/1000) {
		t.Fatalf("created %d, updated %d, skipped %d", res.Created, res.Updated, res.Skipped)
	}
	checkBookInStep(t, f.svc)
	// Row 22999 repeats the number of row 22299: that contact keeps the
	// first row's name.
	for search, want := range map[string]int64{"person22999": 0, "person22299": 1, "again": 1, "co12 ltd": int64(n / 50), "number.22999": 0, "number.22998": 1} {
		if page, err := f.svc.List(Query{Search: search}); err != nil || page.Total != want {
			t.Errorf("search %q finds %d (%v), want %d", search, page.Total, err, want)
		}
	}
	if page, _ := f.svc.List(Query{Tags: []string{"old", "new"}}); page.Total != 1 {
		t.Errorf("the known contact lost or missed tags: %d", page.Total)
	}
}

// An import into an empty book builds its search index beside the book and
// adopts it at the end. Whatever others did meanwhile (add, change, delete)
// is in the adopted index too.
func TestImport_SideIndexIsAdoptedWithChangesMadeMeanwhile(t *testing.T) {
	f := newService(t)
	started := f.svc.now()
	side, err := f.svc.startImportIndex()
	if err != nil {
		t.Fatal(err)
	}
	tx := f.svc.db.Begin()
	w := newWriter(tx, started, writeImportOwnIndex, side)
	first := []Contact{
		{Name: "Ana Import", Phone: "+447911123401", Tags: []string{"lead"}},
		{Name: "Bruno Import", Phone: "+447911123402", Tags: []string{"vip"}},
		{Name: "Carla Import", Phone: "+447911123403"},
	}
	out, err := w.upsert(first, encodeAll(first))
	if err != nil {
		t.Fatal(err)
	}
	// The same number again, as a later batch of the file would bring it.
	if _, err := w.upsert([]Contact{{Name: "Ana Twice", Phone: "+447911123401", Tags: []string{"again"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	// Meanwhile, in the UI.
	bruno, _ := f.svc.Get(out[1].ID)
	bruno.Name = "Bruno Edited"
	if _, err := f.svc.Update(bruno); err != nil {
		t.Fatal(err)
	}
	dora := mustCreate(t, f.svc, Contact{Name: "Dora Manual", Phone: "+447911123404"})
	if _, err := f.svc.Delete([]int64{out[2].ID}); err != nil {
		t.Fatal(err)
	}
	// A contact of the import, opted out and then renamed: the opt-out
	// changed its row but not the book's index, which never held it.
	if _, err := f.svc.SetOptedOut([]int64{out[0].ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	ana, _ := f.svc.Get(out[0].ID)
	ana.Name = "Ana Renamed"
	if _, err := f.svc.Update(ana); err != nil {
		t.Fatal(err)
	}
	// A contact added meanwhile is in the book's index, and comes out of
	// it when it changes.
	dora.Name = "Dora Edited"
	if _, err := f.svc.Update(dora); err != nil {
		t.Fatal(err)
	}
	if page, _ := f.svc.List(Query{Search: "dora manual"}); page.Total != 0 {
		t.Errorf("before adoption, the book's index still finds Dora's old name")
	}
	if err := side.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.adoptImportIndex(side); err != nil {
		t.Fatal(err)
	}
	checkBookInStep(t, f.svc)
	for search, want := range map[string]int64{"ana twice": 0, "ana renamed": 1, "again": 1, "import": 0, "bruno edited": 1, "dora edited": 1, "dora manual": 0, "carla": 0} {
		if page, err := f.svc.List(Query{Search: search}); err != nil || page.Total != want {
			t.Errorf("search %q finds %d (%v), want %d", search, page.Total, err, want)
		}
	}
	if page, _ := f.svc.List(Query{Search: "renamed", Tags: []string{"again", "lead"}}); page.Total != 1 {
		t.Errorf("search with the merged tags finds %d", page.Total)
	}
	if _, err := os.Stat(side.Path()); !os.IsNotExist(err) {
		t.Errorf("the side file %s stayed behind: %v", side.Path(), err)
	}
}

// An import into a book that has contacts builds its side index from
// theirs and its own: the adopted index has the contacts it updated as
// they are now, those it left alone, and whatever others did meanwhile.
func TestImport_SeededSideIndexIsAdoptedWithChangesMadeMeanwhile(t *testing.T) {
	f := newService(t)
	filled := mustCreate(t, f.svc, Contact{Name: "Ana Before", Phone: "+447911123401"})
	edited := mustCreate(t, f.svc, Contact{Name: "Bruno Before", Phone: "+447911123402"})
	deleted := mustCreate(t, f.svc, Contact{Name: "Carla Before", Phone: "+447911123403"})
	mustCreate(t, f.svc, Contact{Name: "Dora Untouched", Phone: "+447911123404", Company: "Quiet Ltd"})
	late := mustCreate(t, f.svc, Contact{Name: "Gil Before", Phone: "+447911123407"})
	side, err := f.svc.startImportIndex()
	if err != nil || side == nil {
		t.Fatalf("side index %v: %v", side, err)
	}
	tx := f.svc.db.Begin()
	w := newWriter(tx, f.svc.now(), writeImportOwnIndex, side)
	w.matches = MatchesFill
	batch := []Contact{
		{Name: "Ana Ignored", Phone: filled.Phone, Company: "Filled Co", Tags: []string{"lead"}},
		{Name: "Eve Imported", Phone: "+447911123405", Email: "eve@example.com"},
	}
	out := writeAndCommit(t, tx, w, batch)
	if out[0].Before == nil || !out[1].Created {
		t.Fatalf("the batch did %+v", out)
	}
	// Meanwhile, in the UI.
	edited.Name = "Bruno Edited"
	if _, err := f.svc.Update(edited); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Delete([]int64{deleted.ID}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, f.svc, Contact{Name: "Fay Manual", Phone: "+447911123406"})
	if err := side.Finish(); err != nil {
		t.Fatal(err)
	}
	// The side index has read the book's other contacts by now: a change
	// made after that is indexed by the adoption.
	late.Name = "Gil After"
	if _, err := f.svc.Update(late); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.adoptImportIndex(side); err != nil {
		t.Fatal(err)
	}
	checkBookInStep(t, f.svc)
	for search, want := range map[string]int64{"ana before": 1, "filled": 1, "ignored": 0, "eve": 1, "bruno edited": 1, "bruno before": 0,
		"carla": 0, "quiet": 1, "dora": 1, "fay manual": 1, "gil after": 1, "gil before": 0} {
		if page, err := f.svc.List(Query{Search: search}); err != nil || page.Total != want {
			t.Errorf("search %q finds %d (%v), want %d", search, page.Total, err, want)
		}
	}
}

// A big file into an empty book goes through the side index.
func TestImport_IntoAnEmptyBookIsSearchableWhenDone(t *testing.T) {
	f := newServiceIn(t, "US")
	var sb strings.Builder
	sb.WriteString("name,phone,email,company,tags\n")
	n := bulk.MinRows + 3000
	for i := range n {
		fmt.Fprintf(&sb, "Person%d Number %d,(212) %03d-%04d,person.number.%d@example.com,Co%d Ltd,\"lead%d,Batch %d\"\n",
			i, i, 200+(i%20000)/10000, i%10000, i, i%50, i%4, i%3)
	}
	path := writeFile(t, "big.csv", sb.String())
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 20000 || res.Updated != 0 || res.Skipped != int64(n-20000) {
		t.Fatalf("created %d, updated %d, skipped %d", res.Created, res.Updated, res.Skipped)
	}
	checkBookInStep(t, f.svc)
	// Row 22999 repeats the number of row 2999, whose contact stays.
	for search, want := range map[string]int64{"person22999": 0, "person2999": 1, "co12 ltd": 20000 / 50, "batch": 20000} {
		if page, err := f.svc.List(Query{Search: search}); err != nil || page.Total != want {
			t.Errorf("search %q finds %d (%v), want %d", search, page.Total, err, want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), search.FilePattern))
	if len(left) > 0 {
		t.Errorf("side files left: %v", left)
	}
}

// checkBookInStep fails unless the full-text index holds exactly the
// documents of the book (and no import's leftover list of what it holds), the tags' bitmaps exactly the contacts' tag lists,
// and the buckets of the list orders exactly the orders.
func checkBookInStep(t *testing.T, s *Service) {
	t.Helper()
	var held int64
	if err := s.db.Raw("SELECT count(*) FROM contacts_fts_held").Scan(&held).Error; err != nil || held != 0 || s.importIndexing.Load() {
		t.Errorf("no import runs, yet %d contacts are listed as held by the book's index (%v), import indexing %v", held, err, s.importIndexing.Load())
	}
	if err := s.db.Exec("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)").Error; err != nil {
		t.Fatalf("full-text index out of step: %v", err)
	}
	// The tags' bitmaps hold exactly the contacts' tag lists.
	var links []struct{ TagID, ContactID int64 }
	s.db.Raw("SELECT DISTINCT t.id AS tag_id, c.id AS contact_id FROM contacts c, json_each(c.tags) j JOIN tags t ON t.name = j.value").Scan(&links)
	var unknown int64
	s.db.Raw("SELECT count(*) FROM contacts c, json_each(c.tags) j WHERE j.value NOT IN (SELECT name FROM tags)").Scan(&unknown)
	if unknown != 0 {
		t.Fatalf("%d tags of contacts are not in the tags table", unknown)
	}
	want := map[[2]int64]int{}
	for _, l := range links {
		want[[2]int64{l.TagID, l.ContactID}]++
	}
	var chunks []struct {
		TagID, Chunk int64
		Bits         []byte
	}
	s.db.Raw("SELECT tag_id, chunk, bits FROM tag_members").Scan(&chunks)
	got := 0
	for _, c := range chunks {
		for i, b := range c.Bits {
			for j := range 8 {
				if b&(1<<j) == 0 {
					continue
				}
				got++
				if id := c.Chunk<<store.TagChunkShift + int64(i*8+j); want[[2]int64{c.TagID, id}] != 1 {
					t.Fatalf("tag %d has contact %d in its bitmap, not in its tag list", c.TagID, id)
				}
			}
		}
	}
	if got != len(links) {
		t.Fatalf("tag bitmaps hold %d contacts, tag lists %d", got, len(links))
	}
	checkOrderInStep(t, s, "name")
	checkOrderInStep(t, s, "phone")
}

// checkOrderInStep fails unless the buckets of an order, in order, hold the
// contacts of the order's index as it runs: the first bucket's count of
// them, then the next one's, each bucket exactly its own.
func checkOrderInStep(t *testing.T, s *Service, sort string) {
	t.Helper()
	k := order.Of(sort)
	buckets, err := s.orders.Read(k)
	if err != nil {
		t.Fatal(err)
	}
	if len(buckets) == 0 {
		t.Fatalf("order %s has no bucket", sort)
	}
	var ids []int64
	s.db.Raw("SELECT id FROM contacts ORDER BY " + order.By(sort, "ASC")).Scan(&ids)
	before := 0
	for i, b := range buckets {
		// A walk from the bucket's key starts right after the buckets
		// before it.
		var under int
		s.db.Raw("SELECT count(*) FROM contacts WHERE NOT ("+k.From+")", k.Args(b.Key, b.KeyID)...).Scan(&under)
		if i > 0 && under != before {
			t.Fatalf("order %s: bucket %d starts at %q, %d, after %d contacts, want after %d", sort, i, b.Key, b.KeyID, under, before)
		}
		before += len(b.IDs) / 4
		in := map[int64]bool{}
		for j := 0; j+4 <= len(b.IDs); j += 4 {
			id := int64(binary.LittleEndian.Uint32(b.IDs[j:]))
			if in[id] {
				t.Fatalf("order %s: bucket %d holds contact %d twice", sort, i, id)
			}
			in[id] = true
		}
		for range len(in) {
			if len(ids) == 0 || !in[ids[0]] {
				t.Fatalf("order %s: bucket %d (from %q, %d) holds %d contacts, not the next ones of the index", sort, i, b.Key, b.KeyID, len(in))
			}
			ids = ids[1:]
		}
		if i == 0 && (b.Key != "" || b.KeyID != 0) {
			t.Fatalf("order %s: the first bucket starts at %q, %d, not at the lowest key", sort, b.Key, b.KeyID)
		}
		if len(in) >= 2*s.orders.Config.BucketSize {
			t.Fatalf("order %s: bucket %d holds %d contacts, past the split size", sort, i, len(in))
		}
	}
	if len(ids) > 0 {
		t.Fatalf("order %s: %d contacts in no bucket", sort, len(ids))
	}
}

// Tags cannot change while a big import may be linking beside the book.
func TestRenameTag_WaitsForABigImport(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Phone: "+447911123401", Tags: []string{"lead"}})
	f.svc.bulkImport.Store(true)
	err := f.svc.RenameTag("lead", "prospect")
	f.svc.bulkImport.Store(false)
	if apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("rename during a bulk import: %v, want a conflict", err)
	}
	if err := f.svc.RenameTag("lead", "prospect"); err != nil {
		t.Fatal(err)
	}
}

// A crash during an import into an empty book loses its side index; the
// next start links the tags and builds the search index from the book.
func TestNewService_RepairsAnImportThatDiedWithItsSideIndex(t *testing.T) {
	f := newService(t)
	if err := f.svc.beginBulk(); err != nil {
		t.Fatal(err)
	}
	side, err := f.svc.startImportIndex()
	if err != nil {
		t.Fatal(err)
	}
	tx := f.svc.db.Begin()
	w := newWriter(tx, f.svc.now(), writeImportOwnIndex, side)
	if _, err := w.upsert([]Contact{{Name: "Ana", Phone: "+447911123401", Tags: []string{"lead", "vip"}}, {Name: "Bo", Phone: "+447911123402", Tags: []string{"vip"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	tx.Commit()
	side.Finish()
	side.Discard() // the crash
	// The next start repairs, in the background.
	svc := bookOn(t, f.svc.db, "GB")
	if err := WaitReady(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	checkBookInStep(t, svc)
	if page, _ := svc.List(Query{Tags: []string{"vip"}, Search: "ana"}); page.Total != 1 {
		t.Errorf("after repair: %d", page.Total)
	}
}

// An import into an empty book (inserted first, looked up after, indexed
// beside the book) gives every field back exactly, whatever characters it
// holds, and rows that repeat earlier rows' numbers are told as
// duplicates, not written.
func TestImport_IntoAnEmptyBookKeepsEveryFieldAndTellsRepeats(t *testing.T) {
	f := newServiceIn(t, "US")
	names := []string{"Zoë “Quoted” \"Q\" Ünal", "日本 太郎", "Ana 😀 <b>bold</b>", "O'Brien, Seán", "Tab\tInside", "\\back\\slash", ""}
	distinct := bulk.MinRows + 250 // not a whole number of batches
	n := distinct + 700
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"name", "phone", "email", "company", "tags"})
	for i := range n {
		k := i % distinct
		w.Write([]string{fmt.Sprintf("%s %d", names[k%len(names)], k), fmt.Sprintf("(212) %03d-%04d", 200+k/10000, k%10000),
			fmt.Sprintf("p%d@example.com", k), fmt.Sprintf("Café №%d Trading Company of the Harbour", k%7), fmt.Sprintf("t%d,ü%d", k%3, k%5)})
	}
	w.Flush()
	path := writeFile(t, "big.csv", buf.String())
	if !f.svc.planImport(path).Bulk {
		t.Fatal("the file is too small for a bulk import")
	}
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != int64(distinct) || res.Updated != 0 || res.Skipped != int64(n-distinct) {
		t.Fatalf("created %d, updated %d, skipped %d; want %d created, %d skipped", res.Created, res.Updated, res.Skipped, distinct, n-distinct)
	}
	checkBookInStep(t, f.svc)
	for _, k := range []int{0, 1, 2, 3, 4, 5, 6, 499, 500, distinct - 1} {
		page, err := f.svc.List(Query{Search: fmt.Sprintf("+1212%03d%04d", 200+k/10000, k%10000)})
		if err != nil || page.Total != 1 {
			t.Fatalf("contact %d: %d found, %v", k, page.Total, err)
		}
		c := page.Items[0]
		want := Contact{Name: strings.TrimSpace(fmt.Sprintf("%s %d", names[k%len(names)], k)), Phone: fmt.Sprintf("+1212%03d%04d", 200+k/10000, k%10000),
			Email: fmt.Sprintf("p%d@example.com", k), Company: fmt.Sprintf("Café №%d Trading Company of the Harbour", k%7), Tags: []string{fmt.Sprintf("t%d", k%3), fmt.Sprintf("ü%d", k%5)}}
		if c.Name != want.Name || c.Phone != want.Phone || c.Email != want.Email || c.Company != want.Company || !slices.Equal(c.Tags, want.Tags) {
			t.Fatalf("contact %d came back as %q %q %q %q %q, want %q %q %q %q %q", k, c.Name, c.Phone, c.Email, c.Company, c.Tags,
				want.Name, want.Phone, want.Email, want.Company, want.Tags)
		}
	}
}
