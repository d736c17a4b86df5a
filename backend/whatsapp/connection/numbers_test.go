package connection

import (
	"fmt"
	"testing"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
)

type fixedSettings map[string]string

func (f fixedSettings) Get(key string) (string, error) { return f[key], nil }

func TestCheckNumbers_MarksEachContactOnWhatsAppOrNot(t *testing.T) {
	w := newWorld(t)
	cfg := quiet()
	cfg.NotOnWhatsAppRate = 0.5
	in := w.start(cfg)
	book, err := contacts.NewService(w.db, activity.NewLog(w.db, w.rec, w.log), w.rec, w.log,
		fixedSettings{"defaultCountry": "GB"}, userfiles.Desktop(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range 20 {
		c, err := book.Create(contacts.Contact{Name: fmt.Sprint("C", i), Phone: fmt.Sprintf("+4479111234%02d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}

	_, err = in.CheckNumbers(ids)
	wantKind(t, err, apperr.KindConflict)

	in.pairByQR(t)
	res, err := in.CheckNumbers(append(ids, 99999)) // a deleted contact is skipped
	if err != nil {
		t.Fatal(err)
	}
	if res.Checked != 20 || res.OnWhatsApp == 0 || res.NotOnWhatsApp == 0 || res.OnWhatsApp+res.NotOnWhatsApp != 20 {
		t.Fatalf("CheckNumbers = %+v, want 20 checked with both answers", res)
	}
	on := 0
	for _, id := range ids {
		c, err := book.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if c.OnWhatsApp == nil || c.WhatsAppCheckedAt == nil || !c.WhatsAppCheckedAt.Equal(t0) {
			t.Fatalf("contact %s not marked: %v at %v", c.Phone, c.OnWhatsApp, c.WhatsAppCheckedAt)
		}
		// The answer stored is the simulator's for that number.
		answer, err := in.sim.IsOnWhatsApp(t.Context(), []string{c.Phone})
		if err != nil {
			t.Fatal(err)
		}
		if *c.OnWhatsApp != answer[0].OnWhatsApp {
			t.Fatalf("%s stored %v, simulator says %v", c.Phone, *c.OnWhatsApp, answer[0].OnWhatsApp)
		}
		if *c.OnWhatsApp {
			on++
		}
	}
	if on != res.OnWhatsApp {
		t.Fatalf("%d marked on WhatsApp, result says %d", on, res.OnWhatsApp)
	}
	if acts := w.activity(); acts[len(acts)-1] != fmt.Sprintf("Checked 20 numbers: %d on WhatsApp, %d not", res.OnWhatsApp, res.NotOnWhatsApp) {
		t.Fatalf("activity %q", acts)
	}
	if st, _ := in.Status(); st.State != whatsapp.StateConnected {
		t.Fatalf("state %s", st.State)
	}
}
