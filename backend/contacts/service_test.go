package contacts

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
)

type fixedSettings map[string]string

func (f fixedSettings) Get(key string) (string, error) { return f[key], nil }

type fixture struct {
	svc      *Service
	activity *activity.Service
}

func newService(t testing.TB) fixture {
	t.Helper()
	return newServiceIn(t, "GB")
}

// newServiceIn is newService with another default country.
func newServiceIn(t testing.TB, country string) fixture {
	t.Helper()
	return newServiceAt(t, t.TempDir(), country)
}

// newServiceAt is newServiceIn with the database in dir.
func newServiceAt(t testing.TB, dir, country string) fixture {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "herald.db"), SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	return fixture{svc: bookOn(t, db, country), activity: activity.NewService(db)}
}

// bookOn opens the contact book stored in db, as Herald does when it
// starts; a test calls it again to start again on the same database.
func bookOn(t testing.TB, db *gorm.DB, country string) *Service {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := &events.Recorder{}
	svc, err := NewService(db, activity.NewLog(db, rec, log), rec, log, fixedSettings{"defaultCountry": country}, userfiles.Desktop(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func mustCreate(t testing.TB, s *Service, c Contact) Contact {
	t.Helper()
	got, err := s.Create(c)
	if err != nil {
		t.Fatalf("Create(%+v): %v", c, err)
	}
	return got
}

func TestCreate_StoresE164AndRecordsActivity(t *testing.T) {
	f := newService(t)
	c := mustCreate(t, f.svc, Contact{Name: " Ana Souza ", Phone: "07911 123456", Email: "ana@example.com",
		Tags: []string{"VIP", " lead ", "vip"}, CustomFields: map[string]string{"city": "Leeds"}})
	if c.Phone != "+447911123456" || c.Name != "Ana Souza" {
		t.Errorf("stored %q %q", c.Phone, c.Name)
	}
	if fmt.Sprint(c.Tags) != "[VIP lead]" {
		t.Errorf("tags %v, want [VIP lead]", c.Tags)
	}
	if c.CustomFields["city"] != "Leeds" || c.ID == 0 || c.CreatedAt.IsZero() {
		t.Errorf("contact %+v", c)
	}
	page, _ := f.activity.List(activity.Query{Kind: "contacts"})
	if page.Total != 1 || page.Items[0].Action != "created" {
		t.Errorf("activity %+v", page.Items)
	}
}

func TestCreate_NumberAloneIsAContact(t *testing.T) {
	f := newService(t)
	c := mustCreate(t, f.svc, Contact{Phone: "+14155552671"})
	if c.Name != "" || c.Phone != "+14155552671" {
		t.Errorf("%+v", c)
	}
}

func TestCreate_KnownNumberUpdatesThatContact(t *testing.T) {
	f := newService(t)
	first := mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123456", Tags: []string{"lead"}})
	second := mustCreate(t, f.svc, Contact{Company: "Acme", Phone: "0044 7911 123456", Tags: []string{"vip"}})
	if second.ID != first.ID {
		t.Fatalf("a second contact (%d) was made for the same number as %d", second.ID, first.ID)
	}
	if second.Name != "Ana" || second.Company != "Acme" || fmt.Sprint(second.Tags) != "[lead vip]" {
		t.Errorf("merged contact %+v", second)
	}
	page, _ := f.svc.List(Query{})
	if page.Total != 1 {
		t.Errorf("%d contacts, want 1", page.Total)
	}
}

func TestCreate_RejectsBadInputWithPlainMessages(t *testing.T) {
	f := newService(t)
	for _, c := range []Contact{
		{Name: "No number"},
		{Phone: "12345"},
		{Phone: "not a number"},
		{Phone: "+447911123456", Email: "ana at example"},
		{Phone: "+447911123456", CustomFields: map[string]string{"a.b": "x"}},
	} {
		_, err := f.svc.Create(c)
		if apperr.KindOf(err) != apperr.KindInvalid || err.Error() == "" {
			t.Errorf("Create(%+v) = %v, want an invalid-input error", c, err)
		}
	}
	page, _ := f.svc.List(Query{})
	if page.Total != 0 {
		t.Errorf("bad input stored %d contacts", page.Total)
	}
}

func TestUpdate_ReplacesFieldsAndRefusesAnotherContactsNumber(t *testing.T) {
	f := newService(t)
	ana := mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123456", Tags: []string{"lead"}})
	bo := mustCreate(t, f.svc, Contact{Name: "Bo", Phone: "+447911123457"})
	ana.Name, ana.Tags, ana.OptedOut, ana.OptedOutReason = "Ana Lima", []string{"customer"}, true, "asked"
	got, err := f.svc.Update(ana)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Ana Lima" || fmt.Sprint(got.Tags) != "[customer]" || !got.OptedOut || got.OptedOutAt == nil {
		t.Errorf("updated %+v", got)
	}
	// The search index follows the update.
	if page, _ := f.svc.List(Query{Search: "lima"}); page.Total != 1 {
		t.Errorf("search for the new name found %d", page.Total)
	}
	if page, _ := f.svc.List(Query{Tags: []string{"lead"}}); page.Total != 0 {
		t.Errorf("old tag still finds %d", page.Total)
	}
	bo.Phone = "+447911123456"
	if _, err := f.svc.Update(bo); apperr.KindOf(err) != apperr.KindConflict {
		t.Errorf("taking Ana's number: %v, want a conflict", err)
	}
}

func TestDelete_RemovesContactsFromListAndSearch(t *testing.T) {
	f := newService(t)
	a := mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123456", Tags: []string{"x"}})
	b := mustCreate(t, f.svc, Contact{Name: "Anabel", Phone: "+447911123457"})
	mustCreate(t, f.svc, Contact{Name: "Carl", Phone: "+447911123458"})
	n, err := f.svc.Delete([]int64{a.ID, b.ID, 999})
	if err != nil || n != 2 {
		t.Fatalf("Delete = %d, %v", n, err)
	}
	if page, _ := f.svc.List(Query{Search: "ana"}); page.Total != 0 {
		t.Errorf("deleted contacts still found: %+v", page)
	}
	tags, _ := f.svc.Tags()
	if len(tags) != 1 || tags[0].Count != 0 {
		t.Errorf("tags after delete %+v", tags)
	}
}

func TestList_SearchesWordsPrefixesAndPhones(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "José Álvarez", Phone: "+34612345678", Email: "jose@alvarez.es", Company: "Frutas Sol"})
	mustCreate(t, f.svc, Contact{Name: "Joanna Smith", Phone: "07911 123456", Company: "Smith & Sons", Tags: []string{"wholesale"}})
	mustCreate(t, f.svc, Contact{Name: "Li Wei", Phone: "+8613812345678", Email: "li@example.cn"})
	cases := []struct {
		search string
		want   []string
	}{
		{"jo", []string{"Joanna Smith", "José Álvarez"}},
		{"jose", []string{"José Álvarez"}},       // accents folded
		{"alvar", []string{"José Álvarez"}},      // prefix
		{"smith sons", []string{"Joanna Smith"}}, // every word
		{"frutas", []string{"José Álvarez"}},     // company
		{"example", []string{"Li Wei"}},          // email
		{"wholesale", []string{"Joanna Smith"}},  // tags
		{"07911", []string{"Joanna Smith"}},      // national format
		{"+44 7911 12", []string{"Joanna Smith"}},
		{"0034 612", []string{"José Álvarez"}},
		{"8613", []string{"Li Wei"}}, // international without +
		{`"; DROP TABLE contacts; --`, []string{}},
		{"zzz", []string{}},
	}
	for _, c := range cases {
		page, err := f.svc.List(Query{Search: c.search})
		if err != nil {
			t.Errorf("search %q: %v", c.search, err)
			continue
		}
		var names []string
		for _, it := range page.Items {
			names = append(names, it.Name)
		}
		if fmt.Sprint(names) != fmt.Sprint(c.want) || page.Total != int64(len(c.want)) {
			t.Errorf("search %q = %v (total %d), want %v", c.search, names, page.Total, c.want)
		}
	}
}

func TestList_FiltersTagsOptOutAndPagesInOrder(t *testing.T) {
	f := newService(t)
	for i := range 30 {
		c := Contact{Name: fmt.Sprintf("Person %02d", i), Phone: fmt.Sprintf("+4479111234%02d", i)}
		if i%2 == 0 {
			c.Tags = []string{"even"}
		}
		if i%3 == 0 {
			c.Tags = append(c.Tags, "three")
		}
		c.OptedOut = i >= 25
		mustCreate(t, f.svc, c)
	}
	yes := true
	cases := []struct {
		q     Query
		total int64
		first string
	}{
		{Query{Limit: 10, Offset: 10}, 30, "Person 10"},
		{Query{Limit: 5, Desc: true}, 30, "Person 29"},
		{Query{Tags: []string{"even"}}, 15, "Person 00"},
		{Query{Tags: []string{"EVEN", "three"}}, 5, "Person 00"},
		{Query{Tags: []string{"nope"}}, 0, ""},
		{Query{OptedOut: &yes}, 5, "Person 25"},
		{Query{Tags: []string{"even"}, OptedOut: &yes}, 2, "Person 26"},
		{Query{Sort: "phone", Desc: true, Limit: 1}, 30, "Person 29"},
		{Query{Sort: "createdAt", Limit: 1}, 30, "Person 00"},
		{Query{Offset: 100}, 30, ""},
	}
	for _, c := range cases {
		page, err := f.svc.List(c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		first := ""
		if len(page.Items) > 0 {
			first = page.Items[0].Name
		}
		if page.Total != c.total || first != c.first {
			t.Errorf("%+v: total %d first %q; want %d %q", c.q, page.Total, first, c.total, c.first)
		}
	}
	if _, err := f.svc.List(Query{Sort: "notes"}); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("unknown sort: %v", err)
	}
}

func TestTags_RenameMergeDeleteKeepContactsInStep(t *testing.T) {
	f := newService(t)
	a := mustCreate(t, f.svc, Contact{Name: "A", Phone: "+447911123401", Tags: []string{"lead", "2024"}})
	mustCreate(t, f.svc, Contact{Name: "B", Phone: "+447911123402", Tags: []string{"prospect"}})
	mustCreate(t, f.svc, Contact{Name: "C", Phone: "+447911123403", Tags: []string{"lead", "prospect"}})

	if err := f.svc.MergeTags([]string{"lead", "prospect"}, "Pipeline"); err != nil {
		t.Fatal(err)
	}
	tags, _ := f.svc.Tags()
	if fmt.Sprint(tags) != "[{2024 1} {Pipeline 3}]" {
		t.Errorf("after merge %v", tags)
	}
	got, _ := f.svc.Get(a.ID)
	if fmt.Sprint(got.Tags) != "[Pipeline 2024]" && fmt.Sprint(got.Tags) != "[2024 Pipeline]" {
		t.Errorf("contact tags after merge %v", got.Tags)
	}
	if page, _ := f.svc.List(Query{Search: "pipeline"}); page.Total != 3 {
		t.Errorf("search by the merged tag finds %d", page.Total)
	}
	if err := f.svc.RenameTag("pipeline", "pipeline"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RenameTag("2024", "Pipeline"); err != nil { // rename onto an existing tag merges
		t.Fatal(err)
	}
	tags, _ = f.svc.Tags()
	if fmt.Sprint(tags) != "[{Pipeline 3}]" {
		t.Errorf("after rename-merge %v", tags)
	}
	if err := f.svc.DeleteTag("Pipeline"); err != nil {
		t.Fatal(err)
	}
	tags, _ = f.svc.Tags()
	page, _ := f.svc.List(Query{})
	if len(tags) != 0 || page.Total != 3 || len(page.Items[0].Tags) != 0 {
		t.Errorf("after delete: tags %v, contacts %+v", tags, page)
	}
	if err := f.svc.DeleteTag("nope"); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("deleting an unknown tag: %v", err)
	}
}

func TestSetOptedOut(t *testing.T) {
	f := newService(t)
	a := mustCreate(t, f.svc, Contact{Phone: "+447911123401"})
	n, err := f.svc.SetOptedOut([]int64{a.ID}, true, "replied STOP")
	if err != nil || n != 1 {
		t.Fatalf("%d %v", n, err)
	}
	got, _ := f.svc.Get(a.ID)
	if !got.OptedOut || got.OptedOutReason != "replied STOP" || got.OptedOutAt == nil {
		t.Errorf("%+v", got)
	}
}

func TestCustomFieldKeys_ListsKeysInUse(t *testing.T) {
	f := newService(t)
	if keys, err := f.svc.CustomFieldKeys(); err != nil || keys == nil || len(keys) != 0 {
		t.Fatalf("empty book: %v %v", keys, err)
	}
	mustCreate(t, f.svc, Contact{Phone: "+447911123401", CustomFields: map[string]string{"city": "Leeds", "plan": "gold"}})
	mustCreate(t, f.svc, Contact{Phone: "+447911123402", CustomFields: map[string]string{"city": "York"}})
	keys, _ := f.svc.CustomFieldKeys()
	if fmt.Sprint(keys) != "[city plan]" {
		t.Errorf("keys %v", keys)
	}
}

// Pages past the middle are read from the other end; they must be exactly
// the slice of the full ordering that a plain OFFSET gives.
func TestList_EveryPageMatchesTheFullOrder(t *testing.T) {
	f := newService(t)
	for i := range 23 {
		c := Contact{Name: fmt.Sprintf("P%02d", (i*7)%23), Phone: fmt.Sprintf("+4479111234%02d", (i*5)%23)}
		if i%3 == 0 {
			c.Tags = []string{"t"}
		}
		mustCreate(t, f.svc, c)
	}
	for _, sort := range []string{"name", "phone", "createdAt"} {
		for _, desc := range []bool{false, true} {
			for _, tags := range [][]string{nil, {"t"}} {
				all, _ := f.svc.List(Query{Sort: sort, Desc: desc, Tags: tags, Limit: 100})
				for offset := 0; offset < len(all.Items)+2; offset++ {
					for _, limit := range []int{1, 4, 50} {
						page, err := f.svc.List(Query{Sort: sort, Desc: desc, Tags: tags, Offset: offset, Limit: limit})
						if err != nil {
							t.Fatal(err)
						}
						want := all.Items[min(offset, len(all.Items)):min(offset+limit, len(all.Items))]
						if len(page.Items) != len(want) {
							t.Fatalf("%s desc=%v tags=%v offset %d limit %d: %d items, want %d", sort, desc, tags, offset, limit, len(page.Items), len(want))
						}
						for i := range want {
							if page.Items[i].ID != want[i].ID {
								t.Fatalf("%s desc=%v tags=%v offset %d limit %d: item %d is %d, want %d", sort, desc, tags, offset, limit, i, page.Items[i].ID, want[i].ID)
							}
						}
					}
				}
			}
		}
	}
}
