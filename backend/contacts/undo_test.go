package contacts

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts/internal/sqlrun"
)

func TestUndoImport_RemovesTheNewAndRestoresTheChanged(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{Matches: MatchesOverwrite})
	if err != nil {
		t.Fatal(err)
	}
	if !res.UndoUntil.After(f.svc.now().AddDate(0, 0, undoDays-1)) {
		t.Errorf("undo until %v", res.UndoUntil)
	}
	past, err := f.svc.Imports()
	if err != nil || len(past) != 1 || past[0].ID != res.Run || past[0].File != "leads.csv" || past[0].Created != 1 || past[0].Updated != 2 || past[0].UndoneAt != nil {
		t.Fatalf("past imports %+v %v", past, err)
	}
	undo, err := f.svc.UndoImport(res.Run)
	if err != nil {
		t.Fatal(err)
	}
	if undo.Removed != 1 || undo.Restored != 2 || undo.Kept != 0 {
		t.Errorf("undo %+v", undo)
	}
	want := "Undid the import of leads.csv: removed 1 contact it added and restored 2 contacts it changed."
	if undo.Summary != want {
		t.Errorf("summary %q, want %q", undo.Summary, want)
	}
	for _, c := range []Contact{tom, jose} {
		got, err := f.svc.Get(c.ID)
		if err != nil || !sameContent(got, c) {
			t.Errorf("%s is not restored: %+v %v", c.Name, got, err)
		}
	}
	if page, _ := f.svc.List(Query{}); page.Total != 2 {
		t.Errorf("%d contacts after the undo, want 2", page.Total)
	}
	checkBookInStep(t, f.svc)
	if page, _ := f.svc.List(Query{Search: "camila"}); page.Total != 0 {
		t.Errorf("the search still finds the import's values")
	}
	if page, _ := f.svc.List(Query{Tags: []string{"lead"}}); page.Total != 0 {
		t.Errorf("the tag the import added is still on %d contacts", page.Total)
	}
	_, err = f.svc.UndoImport(res.Run)
	if apperr.KindOf(err) != apperr.KindConflict || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("a second undo: %v", err)
	}
	if past, _ := f.svc.Imports(); len(past) != 1 || past[0].UndoneAt == nil {
		t.Errorf("past imports after the undo %+v", past)
	}
	acts, _ := f.activity.List(activity.Query{Search: "undid"})
	if acts.Total != 1 || acts.Items[0].Summary != want {
		t.Errorf("activity %+v", acts.Items)
	}
}

// A contact changed since the import keeps its changes, and the undo says
// how many did; the others are undone.
func TestUndoImport_LeavesContactsChangedSince(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	later := f.svc.now().Add(time.Minute)
	f.svc.now = func() time.Time { return later }
	edited, _ := f.svc.Get(tom.ID)
	edited.Notes = "called on Monday"
	if _, err := f.svc.Update(edited); err != nil {
		t.Fatal(err)
	}
	page, _ := f.svc.List(Query{Search: "new person"})
	if _, err := f.svc.SetOptedOut([]int64{page.Items[0].ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	undo, err := f.svc.UndoImport(res.Run)
	if err != nil {
		t.Fatal(err)
	}
	if undo.Removed != 0 || undo.Restored != 1 || undo.Kept != 2 || !strings.HasSuffix(undo.Summary, " 2 contacts changed or deleted since the import were left as they are.") {
		t.Errorf("undo %+v", undo)
	}
	if got, _ := f.svc.Get(tom.ID); got.Notes != "called on Monday" || got.Email != "camila@example.com" {
		t.Errorf("Tom lost the change made after the import: %+v", got)
	}
	if got, _ := f.svc.Get(jose.ID); !sameContent(got, jose) {
		t.Errorf("José is not restored: %+v", got)
	}
	if page, _ := f.svc.List(Query{Search: "new person"}); page.Total != 1 {
		t.Errorf("the contact opted out since the import was removed")
	}
}

func TestUndoImport_RefusesAfterItsTime(t *testing.T) {
	f, _, _, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := f.svc.now()
	f.svc.now = func() time.Time { return start.AddDate(0, 0, undoDays).Add(time.Hour) }
	_, err = f.svc.UndoImport(res.Run)
	if apperr.KindOf(err) != apperr.KindConflict || !strings.Contains(err.Error(), fmt.Sprintf("more than %d days ago", undoDays)) {
		t.Errorf("an undo too late: %v", err)
	}
	if past, _ := f.svc.Imports(); len(past) != 0 {
		t.Errorf("an import too old to undo is listed: %+v", past)
	}
	// The next import forgets it altogether.
	if _, err := f.svc.Import(writeFile(t, "b.csv", "name,phone\nB,+447911123409\n"), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var left int64
	f.svc.db.Raw("SELECT count(*) FROM import_updated").Scan(&left)
	if _, err := f.svc.UndoImport(res.Run); apperr.KindOf(err) != apperr.KindNotFound || left != 0 {
		t.Errorf("a forgotten import: %v, %d changes kept", err, left)
	}
}

// What a chunk of an import did is recorded with its commit: an import
// that a crash cut short after its first chunk is told at the restart and
// can be undone up to where it stopped.
func TestUndoImport_OfAnImportCutShort(t *testing.T) {
	f := newServiceIn(t, "US")
	known := mustCreate(t, f.svc, Contact{Name: "Known", Phone: "+12122000005"})
	// The import as Herald runs it, stopped after its first chunk as a
	// crash would: the run never ends, and the batch after the chunk,
	// looked up, is never written.
	r := runByHand(t, f.svc, "cut.csv")
	for i := 0; r.committed == 0; i++ {
		c := Contact{Name: fmt.Sprintf("P%d", i), Phone: fmt.Sprintf("+1212%03d%04d", 200+i/10000, i%10000), Email: fmt.Sprintf("p%d@example.com", i)}
		if err := r.add(staged{line: i + 2, c: c, enc: encode(c)}); err != nil {
			t.Fatal(err)
		}
	}
	r.ahead.lookedUp()
	if r.committed != int64(chunkRows) {
		t.Fatalf("%d rows committed, want a chunk of %d", r.committed, chunkRows)
	}
	svc := bookOn(t, f.svc.db, "US")
	acts, _ := f.activity.List(activity.Query{Search: "cut.csv"})
	if acts.Total != 1 || acts.Items[0].Action != "import interrupted" {
		t.Fatalf("activity %+v", acts.Items)
	}
	undo, err := svc.UndoImport(r.id)
	if err != nil {
		t.Fatal(err)
	}
	if undo.Removed != int64(chunkRows-1) || undo.Restored != 1 || undo.Kept != 0 {
		t.Errorf("undo %+v", undo)
	}
	if page, _ := svc.List(Query{}); page.Total != 1 {
		t.Errorf("%d contacts after the undo, want 1", page.Total)
	}
	if got, _ := svc.Get(known.ID); !sameContent(got, known) {
		t.Errorf("the known contact is not restored: %+v", got)
	}
	checkBookInStep(t, svc)
}

func TestIDRanges(t *testing.T) {
	got := fmt.Sprint(idRanges([]int64{7, 3, 4, 5, 9, 10, 1}))
	if got != "[[1 1] [3 5] [7 7] [9 10]]" {
		t.Errorf("ranges %s", got)
	}
}

// An undo is one transaction: one that fails half-way (here, on a
// contact's record it cannot read) leaves the book and the run as they
// were, and can be tried again.
func TestUndoImport_ThatFailsChangesNothing(t *testing.T) {
	f, tom, _, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{Matches: MatchesOverwrite})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.svc.List(Query{})
	var saved string
	f.svc.db.Raw("SELECT before FROM import_updated WHERE run = ? AND contact = ?", res.Run, tom.ID).Scan(&saved)
	if err := f.svc.db.Exec("UPDATE import_updated SET before = 'not json' WHERE run = ? AND contact = ?", res.Run, tom.ID).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.UndoImport(res.Run); err == nil {
		t.Fatal("an undo that could not read a contact's record succeeded")
	}
	after, _ := f.svc.List(Query{})
	if after.Total != before.Total || fmt.Sprint(after.Items) != fmt.Sprint(before.Items) {
		t.Errorf("a failed undo changed the book:\n%+v\nwas\n%+v", after.Items, before.Items)
	}
	checkBookInStep(t, f.svc)
	f.svc.db.Exec("UPDATE import_updated SET before = ? WHERE run = ? AND contact = ?", saved, res.Run, tom.ID)
	if undo, err := f.svc.UndoImport(res.Run); err != nil || undo.Removed != 1 || undo.Restored != 2 {
		t.Errorf("the undo tried again: %+v %v", undo, err)
	}
	if got, _ := f.svc.Get(tom.ID); !sameContent(got, tom) {
		t.Errorf("Tom after the undo: %+v", got)
	}
}

// An undo gives each contact an import changed every value it held, as
// stored, but an opt-out the import brought: here the file changes every
// field an import can change.
func TestUndoImport_RestoresEveryValueAsStored(t *testing.T) {
	f := newService(t)
	full := mustCreate(t, f.svc, Contact{Name: "Ana Full", Phone: "+447911123401", Email: "ana@example.com", Company: "Co",
		Notes: "a note", Tags: []string{"lead"}, CustomFields: map[string]string{"city": "Porto"},
		OtherPhones: []OtherPhone{{Label: "work", Number: "+447911123499"}}})
	bare := mustCreate(t, f.svc, Contact{Phone: "+447911123402"})
	if _, err := f.svc.SetOptedOut([]int64{full.ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	stored := func() []string {
		var out []string
		f.svc.db.Raw(`SELECT json_array(id, phone, name, email, company, notes, tags, custom_fields, other_phones,
			opted_out, opted_out_at, opted_out_reason) FROM contacts WHERE id IN (?, ?) ORDER BY id`, full.ID, bare.ID).Scan(&out)
		return out
	}
	was := stored()
	path := writeFile(t, "all.csv", "Name,Mobile Phone,Business Phone,E-mail,Company,Tags,Notes,city,opted out\n"+
		"Ana New,+44 7911 123401,+44 20 7946 0958,new@example.com,New Co,vip,new note,Lisbon,yes\n"+
		"Bo New,+44 7911 123402,+44 20 7946 0959,bo@example.com,Bo Co,vip,bo note,Faro,yes\n")
	res, err := f.svc.Import(path, ImportOptions{Matches: MatchesOverwrite})
	if err != nil || res.Updated != 2 {
		t.Fatalf("import %+v %v", res, err)
	}
	changed, _ := f.svc.Get(bare.ID)
	if changed.Name != "Bo New" || changed.Email == "" || changed.Company == "" || changed.Notes == "" || len(changed.Tags) != 1 ||
		len(changed.CustomFields) != 1 || len(changed.OtherPhones) != 1 || !changed.OptedOut {
		t.Fatalf("the file did not change every field: %+v", changed)
	}
	undo, err := f.svc.UndoImport(res.Run)
	if err != nil || undo.Restored != 2 {
		t.Fatalf("undo %+v %v", undo, err)
	}
	got := stored()
	if got[0] != was[0] {
		t.Errorf("the contact is not restored as it was:\n%s\nwas\n%s", got[0], was[0])
	}
	back, _ := f.svc.Get(bare.ID)
	if !back.OptedOut || back.OptedOutAt == nil || !back.OptedOutAt.Equal(*changed.OptedOutAt) || back.OptedOutReason != changed.OptedOutReason {
		t.Errorf("the opt-out the import brought was taken back: %+v", back)
	}
	back.OptedOut, back.OptedOutAt, back.OptedOutReason = false, nil, ""
	if !sameContent(back, bare) {
		t.Errorf("the bare contact is not restored: %+v", back)
	}
	checkBookInStep(t, f.svc)
}

// An import recorded by an earlier version, whole contacts as JSON, is
// undone as well.
func TestUndoImport_OfAnImportRecordedWhole(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{Matches: MatchesOverwrite})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Contact{tom, jose} {
		err := f.svc.db.Exec("UPDATE import_updated SET before = ? WHERE run = ? AND contact = ?", sqlrun.JSON(c), res.Run, c.ID)
		if err.Error != nil || err.RowsAffected != 1 {
			t.Fatalf("record %s whole: %v", c.Name, err.Error)
		}
	}
	undo, err := f.svc.UndoImport(res.Run)
	if err != nil || undo.Removed != 1 || undo.Restored != 2 {
		t.Fatalf("undo %+v %v", undo, err)
	}
	for _, c := range []Contact{tom, jose} {
		if got, _ := f.svc.Get(c.ID); !sameContent(got, c) {
			t.Errorf("%s is not restored: %+v", c.Name, got)
		}
	}
	checkBookInStep(t, f.svc)
}
