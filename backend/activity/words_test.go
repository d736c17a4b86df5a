package activity

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"herald/backend/store"
)

func TestWords_EveryRecordedCodeHasWords(t *testing.T) {
	pairs, err := scanBackend(t).recordedPairs()
	if err != nil {
		t.Fatal(err)
	}
	// The scan must see the writers, or it proves nothing: one code of
	// each way of recording (a literal, a wrapper's parameter, a state).
	for _, p := range []pair{{"campaigns", "started"}, {"contacts", "imported"}, {"templates", "duplicated"}, {"whatsapp", "pairing_code"}, {"whatsapp", "driver"}} {
		if !slices.Contains(pairs, p) {
			t.Errorf("the scan did not find %v among %d codes", p, len(pairs))
		}
	}
	w := NewWords()
	for _, p := range pairs {
		if !w.known(p.kind, p.action) {
			t.Errorf("(%q, %q) is recorded but has no words in pairWords", p.kind, p.action)
		}
	}
	for p := range pairWords() {
		if !slices.Contains(pairs, p) {
			t.Errorf("pairWords has words for (%q, %q), which nothing records", p.kind, p.action)
		}
	}
}

func TestWords_TitlesAreWordsNeverCodes(t *testing.T) {
	w := NewWords()
	cases := []struct{ kind, action, want string }{
		{"campaigns", "started", "Campaign started"},
		{"whatsapp", "pairing_code", "Pairing code shown"},
		{"contacts", "import interrupted", "Import interrupted"},
		{"whatsapp", "new_state", "WhatsApp: new state"},
		{"some_area", "did-this", "Some area: did this"},
		{"campaigns", "", "Campaigns"},
		{"", "", "Other"},
	}
	for _, c := range cases {
		if got := w.Title(c.kind, c.action); got != c.want {
			t.Errorf("Title(%q, %q) = %q, want %q", c.kind, c.action, got, c.want)
		}
	}
	for p, wd := range pairWords() {
		if wd.words == "" || strings.ContainsAny(wd.words, "_") || wd.words[:1] != strings.ToUpper(wd.words[:1]) {
			t.Errorf("(%q, %q) reads %q: want a capitalised phrase", p.kind, p.action, wd.words)
		}
	}
	for code, words := range kindWords() {
		if words == code {
			t.Errorf("kind %q is shown as its code", code)
		}
	}
}

func TestList_GivesWordsAndHidesConnectionStepsOnRequest(t *testing.T) {
	log, svc, rec := newLog(t)
	log.Record("whatsapp", "connecting", "Connecting")
	log.Record("whatsapp", "qr", "Waiting for the QR code to be scanned")
	log.Record("whatsapp", "connected", "Connected as +441234")
	log.Record("campaigns", "started", "Started campaign “Spring”")
	for range 30 {
		log.Record("whatsapp", "connecting", "Reconnecting: timeout")
	}
	log.Record("whatsapp", "logged_out", "Logged out: the phone is no longer linked")

	all, err := svc.List(Query{Limit: 100})
	if err != nil || all.Total != 35 {
		t.Fatalf("List = %d entries, %v; want 35", all.Total, err)
	}
	page, err := svc.List(Query{HideSteps: true, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || len(page.Items) != 2 {
		t.Fatalf("without steps: total %d, %d items; want 3, 2", page.Total, len(page.Items))
	}
	titles := []string{page.Items[0].Title, page.Items[1].Title}
	if !slices.Equal(titles, []string{"Phone unlinked", "Campaign started"}) {
		t.Errorf("titles %q", titles)
	}
	if page.Items[0].KindWords != "WhatsApp" || page.Items[0].Step {
		t.Errorf("first entry %+v", page.Items[0])
	}
	next, err := svc.List(Query{HideSteps: true, Offset: 2, Limit: 2})
	if err != nil || len(next.Items) != 1 || next.Items[0].Title != "WhatsApp connected" {
		t.Fatalf("second page %+v, %v", next, err)
	}
	if !all.Items[1].Step || all.Items[1].Title != "Connecting to WhatsApp" {
		t.Errorf("a step reads %+v", all.Items[1])
	}
	announced := rec.Events("activity:new")
	if last := announced[len(announced)-1].Payload.(Entry); last.Title != "Phone unlinked" || last.KindWords != "WhatsApp" {
		t.Errorf("announced %+v, want it in words", last)
	}
}

func TestList_SearchFindsEntriesByTheirWords(t *testing.T) {
	log, svc, _ := newLog(t)
	log.Record("whatsapp", "logged_out", "Logged out: the phone is no longer linked")
	log.Record("campaigns", "started", "Started “Spring”")
	log.Record("contacts", "imported", "Imported leads.csv")
	for _, c := range []struct {
		search string
		want   string
	}{
		{"phone unlinked", "logged_out"},
		{"Campaign start", "started"},
		{"leads", "imported"},
	} {
		page, err := svc.List(Query{Search: c.search})
		if err != nil || page.Total != 1 || page.Items[0].Action != c.want {
			t.Errorf("search %q: %+v, %v; want the %q entry", c.search, page.Items, err, c.want)
		}
	}
}

func TestRecordRef_KeepsWhatTheEntryConcerns(t *testing.T) {
	log, svc, _ := newLog(t)
	refs := []Ref{CampaignRef(7), ContactRef(12), TemplateRef(3), ImportRef(5, "import-problems-1.csv"), {}}
	for _, ref := range refs {
		if _, err := log.RecordRef("contacts", "imported", "x", "", ref); err != nil {
			t.Fatal(err)
		}
	}
	page, err := svc.List(Query{})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range page.Items {
		if want := refs[len(refs)-1-i]; e.Ref != want {
			t.Errorf("entry %d: ref %+v, want %+v", e.ID, e.Ref, want)
		}
	}
}

// BenchmarkList_HideSteps reads the newest page of a long log in which
// most entries are connection steps, as the Activity page does.
func BenchmarkList_HideSteps(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "herald.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close(db) })
	// One statement for the whole log: the benchmark is the read.
	if err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
		INSERT INTO activity (at, kind, action, summary)
		SELECT datetime('now'), CASE WHEN i % 10 = 0 THEN 'contacts' ELSE 'whatsapp' END,
			CASE WHEN i % 10 = 0 THEN 'created' WHEN i % 2 = 0 THEN 'qr' ELSE 'connecting' END, 'entry ' || i FROM n`).Error; err != nil {
		b.Fatal(err)
	}
	svc := NewService(db)
	for b.Loop() {
		page, err := svc.List(Query{HideSteps: true, Limit: 25})
		if err != nil || page.Total != 10000 || len(page.Items) != 25 {
			b.Fatalf("%d of %d, %v", len(page.Items), page.Total, err)
		}
	}
}
