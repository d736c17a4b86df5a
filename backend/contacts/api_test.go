package contacts

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
)

// addPeople creates one contact per name, numbered in order, and returns
// them.
func addPeople(t *testing.T, s *Service, names ...string) []Contact {
	t.Helper()
	out := make([]Contact, 0, len(names))
	for i, name := range names {
		out = append(out, mustCreate(t, s, Contact{Name: name, Phone: fmt.Sprintf("+4479111234%02d", i)}))
	}
	return out
}

func TestAPI_CountsTheBookAndItsOptedOut(t *testing.T) {
	f := newService(t)
	x := NewAPI(f.svc)
	if n, err := x.Counts(); err != nil || n != (Counts{}) {
		t.Fatalf("empty book: %+v, %v", n, err)
	}
	people := addPeople(t, f.svc, "A", "B", "C")
	if _, err := f.svc.SetOptedOut([]int64{people[1].ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Counts(); err != nil || n != (Counts{Total: 3, OptedOut: 1}) {
		t.Fatalf("counts %+v, %v; want 3 with 1 opted out", n, err)
	}
}

func TestAPI_RecipientsAreWhatAMessageRendersOfEachContactThatExists(t *testing.T) {
	f := newService(t)
	x := NewAPI(f.svc)
	full := mustCreate(t, f.svc, Contact{Name: "Ana Souza", Phone: "+447911123456", Email: "ana@example.com", Company: "Acme",
		CustomFields: map[string]string{"city": "Leeds"}})
	bare := mustCreate(t, f.svc, Contact{Name: "Bo", Phone: "+447911123457"})
	if _, err := f.svc.SetOptedOut([]int64{bare.ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	got, err := x.Recipients([]int64{full.ID, bare.ID, 9999})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("recipients %v: want the two that exist", got)
	}
	a := got[full.ID]
	if a.ID != full.ID || a.Name != "Ana Souza" || a.Phone != "+447911123456" || a.Email != "ana@example.com" ||
		a.Company != "Acme" || !maps.Equal(a.Custom, map[string]string{"city": "Leeds"}) || a.OptedOut {
		t.Errorf("full contact read as %+v", a)
	}
	if b := got[bare.ID]; b.Name != "Bo" || b.Custom != nil || !b.OptedOut {
		t.Errorf("opted-out contact without fields read as %+v", b)
	}
	if none, err := x.Recipients(nil); err != nil || len(none) != 0 {
		t.Errorf("no ids: %v, %v", none, err)
	}
}

func TestAPI_FindsAContactByNumberAndOptsItOutInTheLog(t *testing.T) {
	f := newService(t)
	x := NewAPI(f.svc)
	c := mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123456"})
	if id, err := x.FindPhone("+447911123456"); err != nil || id != c.ID {
		t.Fatalf("FindPhone = %d, %v; want %d", id, err, c.ID)
	}
	if id, err := x.FindPhone("+447911000000"); err != nil || id != 0 {
		t.Fatalf("FindPhone of a stranger = %d, %v; want 0", id, err)
	}
	if n, err := x.OptOut([]int64{c.ID}, "Replied STOP"); err != nil || n != 1 {
		t.Fatalf("OptOut = %d, %v", n, err)
	}
	if n, err := x.OptOut([]int64{c.ID}, "Replied STOP"); err != nil || n != 0 {
		t.Fatalf("a second OptOut = %d, %v; want 0", n, err)
	}
	got, _ := f.svc.Get(c.ID)
	if !got.OptedOut || got.OptedOutReason != "Replied STOP" {
		t.Errorf("after OptOut: %+v", got)
	}
	page, err := f.activity.List(activity.Query{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(page.Items, func(e activity.Entry) bool { return strings.Contains(e.Summary, "Opted out 1 contact") }) {
		t.Errorf("the opt-out is not in the activity log: %+v", page.Items)
	}
}

func TestAPI_PhonesAndWhatsAppChecksGoThroughReach(t *testing.T) {
	f := newService(t)
	x := NewAPI(f.svc)
	people := addPeople(t, f.svc, "A", "B")
	phones, err := x.Phones([]int64{people[0].ID, 9999})
	if err != nil || len(phones) != 1 || phones[people[0].ID] != people[0].Phone {
		t.Fatalf("Phones = %v, %v", phones, err)
	}
	if err := x.MarkOnWhatsApp([]int64{people[1].ID}, false, time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if b, _ := f.svc.Get(people[1].ID); b.OnWhatsApp == nil || *b.OnWhatsApp {
		t.Errorf("on WhatsApp: %v", b.OnWhatsApp)
	}
}
