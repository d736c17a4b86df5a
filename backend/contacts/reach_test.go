package contacts

import (
	"testing"
	"time"
)

func TestReach_MarksContactsAndANewNumberForgetsTheAnswer(t *testing.T) {
	f := newService(t)
	a := mustCreate(t, f.svc, Contact{Name: "A", Phone: "+447911123456"})
	b := mustCreate(t, f.svc, Contact{Name: "B", Phone: "+447911123457"})
	if a.OnWhatsApp != nil || a.WhatsAppCheckedAt != nil {
		t.Fatalf("new contact already checked: %+v", a)
	}
	r := NewReach(f.svc.db)
	phones, err := r.Phones([]int64{a.ID, b.ID, 9999})
	if err != nil {
		t.Fatal(err)
	}
	if len(phones) != 2 || phones[a.ID] != a.Phone || phones[b.ID] != b.Phone {
		t.Fatalf("Phones = %v", phones)
	}
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	if err := r.MarkOnWhatsApp([]int64{a.ID}, true, at); err != nil {
		t.Fatal(err)
	}
	if err := r.MarkOnWhatsApp([]int64{b.ID}, false, at); err != nil {
		t.Fatal(err)
	}
	a, _ = f.svc.Get(a.ID)
	b, _ = f.svc.Get(b.ID)
	if a.OnWhatsApp == nil || !*a.OnWhatsApp || b.OnWhatsApp == nil || *b.OnWhatsApp {
		t.Fatalf("on WhatsApp: a=%v b=%v", a.OnWhatsApp, b.OnWhatsApp)
	}
	if a.WhatsAppCheckedAt == nil || !a.WhatsAppCheckedAt.Equal(at) {
		t.Fatalf("checked at %v, want %v", a.WhatsAppCheckedAt, at)
	}

	// Editing the name keeps the answer; a new number drops it.
	a.Name = "Ann"
	if a, err = f.svc.Update(a); err != nil || a.OnWhatsApp == nil {
		t.Fatalf("after renaming: %v, %v", a.OnWhatsApp, err)
	}
	a.Phone = "+447911123458"
	if a, err = f.svc.Update(a); err != nil || a.OnWhatsApp != nil || a.WhatsAppCheckedAt != nil {
		t.Fatalf("after a new number: %v %v, %v", a.OnWhatsApp, a.WhatsAppCheckedAt, err)
	}
}
