package templates

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
)

type fixedSettings map[string]string

func (f fixedSettings) Get(key string) (string, error) { return f[key], nil }

type fixture struct {
	svc      *Service
	contacts *contacts.Service
	activity *activity.Service
	dataDir  string
}

// newService returns templates over a fresh database, with a real contact
// book behind them and the clock fixed at noon UTC on 4 March 2025.
func newService(t *testing.T) fixture {
	t.Helper()
	dataDir := t.TempDir()
	db, err := store.Open(filepath.Join(dataDir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := &events.Recorder{}
	act := activity.NewLog(db, rec, log)
	book, err := contacts.NewService(db, act, rec, log, fixedSettings{"defaultCountry": "GB"}, userfiles.Desktop(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(db, act, log, book, dataDir, userfiles.Desktop(filepath.Join(dataDir, "exports")))
	svc.now = func() time.Time { return time.Date(2025, time.March, 4, 12, 5, 0, 0, time.UTC) }
	svc.location = time.UTC
	return fixture{svc: svc, contacts: book, activity: activity.NewService(db), dataDir: dataDir}
}

func mustCreate(t *testing.T, s *Service, tmpl Template) Template {
	t.Helper()
	got, err := s.Create(tmpl)
	if err != nil {
		t.Fatalf("Create(%+v): %v", tmpl, err)
	}
	return got
}

func activityActions(t *testing.T, f fixture) []string {
	t.Helper()
	page, err := f.activity.List(activity.Query{Kind: "templates"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(page.Items) - 1; i >= 0; i-- {
		out = append(out, page.Items[i].Action)
	}
	return out
}

func TestCRUD_CreateGetUpdateDuplicateDeleteAndRecordEach(t *testing.T) {
	f := newService(t)
	created := mustCreate(t, f.svc, Template{Name: "  Welcome   offer ", Body: "Hi {{first_name|there}}!"})
	if created.ID == 0 || created.Name != "Welcome offer" || created.Category != CategoryMarketing || !created.Usable || len(created.Problems) != 0 {
		t.Fatalf("created %+v", created)
	}
	created.Body, created.Category = "Hello {{name}}", "UTILITY"
	updated, err := f.svc.Update(created)
	if err != nil || updated.Body != "Hello {{name}}" || updated.Category != CategoryUtility {
		t.Fatalf("updated %+v %v", updated, err)
	}
	copied, err := f.svc.Duplicate(created.ID)
	if err != nil || copied.Name != "Welcome offer (copy)" || copied.Body != updated.Body || copied.ID == created.ID {
		t.Fatalf("copy %+v %v", copied, err)
	}
	again, _ := f.svc.Duplicate(created.ID)
	if again.Name != "Welcome offer (copy 2)" {
		t.Errorf("second copy named %q", again.Name)
	}
	if err := f.svc.Delete(copied.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(copied.ID); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("deleted template still there: %v", err)
	}
	got, err := f.svc.Get(created.ID)
	if err != nil || got.Body != "Hello {{name}}" {
		t.Errorf("get %+v %v", got, err)
	}
	want := "created updated duplicated duplicated deleted"
	if got := strings.Join(activityActions(t, f), " "); got != want {
		t.Errorf("activity %q, want %q", got, want)
	}
	// Each entry links to its template, the deletion to nothing.
	page, err := f.activity.List(activity.Query{Kind: "templates"})
	if err != nil {
		t.Fatal(err)
	}
	wantRefs := []activity.Ref{{}, activity.TemplateRef(again.ID), activity.TemplateRef(copied.ID), activity.TemplateRef(created.ID), activity.TemplateRef(created.ID)}
	for i, e := range page.Items {
		if e.Ref != wantRefs[i] {
			t.Errorf("%s entry refers to %+v, want %+v", e.Action, e.Ref, wantRefs[i])
		}
	}
}

func TestCreate_RefusesWhatAPersonCanGetWrong(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Template{Name: "Welcome", Body: "Hi"})
	for _, tc := range []struct {
		name string
		tmpl Template
		kind apperr.Kind
		msg  string
	}{
		{"no name", Template{Name: "  ", Body: "Hi"}, apperr.KindInvalid, "Give the template a name"},
		{"name taken, any case", Template{Name: "WELCOME", Body: "Hi"}, apperr.KindConflict, "already a template called “WELCOME”"},
		{"unknown category", Template{Name: "X", Category: "spam"}, apperr.KindInvalid, "choose marketing or utility"},
	} {
		_, err := f.svc.Create(tc.tmpl)
		if apperr.KindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want kind %d with %q", tc.name, err, tc.kind, tc.msg)
		}
	}
	if _, err := f.svc.Update(Template{ID: 999, Name: "Y"}); apperr.KindOf(err) != apperr.KindNotFound {
		t.Errorf("update of a missing template: %v", err)
	}
}

func TestCreate_SavesADraftWithProblemsButItIsNotUsable(t *testing.T) {
	f := newService(t)
	draft := mustCreate(t, f.svc, Template{Name: "Draft", Body: "Hi {{frist_name}}, {Hi|"})
	if draft.Usable || len(draft.Problems) != 2 {
		t.Fatalf("draft %+v", draft)
	}
	if p := draft.Problems[0]; p.Start != 3 || p.End != 17 || !strings.Contains(p.Message, "Did you mean {{first_name}}?") {
		t.Errorf("first problem %+v", p)
	}
	empty := mustCreate(t, f.svc, Template{Name: "Empty"})
	if empty.Usable || len(empty.Problems) != 1 || !strings.Contains(empty.Problems[0].Message, "empty") {
		t.Errorf("empty template %+v", empty)
	}
	page, err := f.svc.List(Query{})
	if err != nil || page.Total != 2 || page.Items[0].Name != "Draft" || page.Items[0].Usable {
		t.Errorf("list %+v %v", page, err)
	}
}

func TestList_SearchesNamesAndPages(t *testing.T) {
	f := newService(t)
	for _, name := range []string{"b promo", "A promo", "Reminder", "50%_off"} {
		mustCreate(t, f.svc, Template{Name: name, Body: "Hi"})
	}
	page, _ := f.svc.List(Query{Search: "PROMO"})
	if page.Total != 2 || page.Items[0].Name != "A promo" || page.Items[1].Name != "b promo" {
		t.Errorf("search %+v", page)
	}
	if page, _ := f.svc.List(Query{Search: "%_"}); page.Total != 1 {
		t.Errorf("LIKE wildcards are not escaped: %+v", page)
	}
	page, _ = f.svc.List(Query{Offset: 1, Limit: 2})
	if page.Total != 4 || len(page.Items) != 2 || page.Items[0].Name != "A promo" {
		t.Errorf("page %+v", page)
	}
	empty := newService(t)
	if page, _ := empty.svc.List(Query{}); page.Items == nil || page.Total != 0 {
		t.Errorf("empty list %+v: items must encode as []", page)
	}
}

func TestUsable_FollowsTheCustomFieldsOfTheContactBook(t *testing.T) {
	f := newService(t)
	tmpl := mustCreate(t, f.svc, Template{Name: "City", Body: "In {{custom.city}}"})
	if tmpl.Usable {
		t.Fatalf("usable without any contact having a city: %+v", tmpl)
	}
	if _, err := f.contacts.Create(contacts.Contact{Phone: "+447911123456", CustomFields: map[string]string{"City": "Leeds"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Get(tmpl.ID); !got.Usable {
		t.Errorf("not usable once a contact has a city: %+v", got)
	}
	vars, _ := f.svc.Variables()
	if strings.Join(vars, " ") != "name first_name last_name phone email company date time custom.City" {
		t.Errorf("variables %v", vars)
	}
}
