package inbox

import (
	"reflect"
	"testing"

	"herald/backend/apperr"
	"herald/backend/whatsapp/simulator"
)

// A test of a message goes to the user's own number once, rendered for
// the contact chosen, marked as a test in that number's conversation, and
// no campaign counts it.
func TestSendTest_ReachesTheOwnNumberOnceAndNoCampaignCountsIt(t *testing.T) {
	w := newWorld(t)
	own := "+12025559999"
	s := simulated(t, w, simulator.Config{Seed: 5}, func(d *Deps) { d.TestNumber = func() string { return own } })
	ana := w.contact("Ana Souza", "+12025550102")
	w.contact("Bo Lee", "+12025550103")
	c := s.sendCampaign(t, "Sale", "Hi {{first_name}}, the sale starts today.")

	if got := s.svc.TestNumber(); got != (TestTarget{Phone: own, Source: TestToSettings}) {
		t.Fatalf("TestNumber = %+v, want the number set for tests", got)
	}
	m, err := s.svc.SendTest("Hi {{first_name|there}}, the sale starts today.", ana)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Test || m.State != StateSent || m.Text != "Hi Ana, the sale starts today." {
		t.Errorf("test message %+v", m)
	}
	journal, err := simulator.ReadJournal(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	var toOwn []simulator.JournalEntry
	for _, j := range journal {
		if j.To == own {
			toOwn = append(toOwn, j)
		}
	}
	if len(toOwn) != 1 || toOwn[0].Text != "Hi Ana, the sale starts today." {
		t.Errorf("the simulator took %+v for the own number, want the rendered test once", toOwn)
	}

	after, err := s.camps.Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Stats, c.Stats) {
		t.Errorf("the campaign's figures moved with a test: %+v, were %+v", after.Stats, c.Stats)
	}
	page := w.conversations(Query{})
	var found bool
	for _, conv := range page.Items {
		if conv.Phone != own {
			continue
		}
		found = true
		msgs := s.world.messages(conv.ContactID)
		if len(msgs) != 1 || !msgs[0].Test || msgs[0].CampaignID != 0 {
			t.Errorf("own conversation %+v", msgs)
		}
		if conv.Unread != 0 || conv.LastFromThem {
			t.Errorf("a test leaves nothing to read or answer: %+v", conv)
		}
	}
	if !found {
		t.Errorf("no conversation of the own number in %+v", page.Items)
	}

	if _, err := s.svc.SendTest("Hi {{city}}", ana); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("a message that cannot be rendered: %v, want the problem", err)
	}
}

// Without a number set for tests, a test goes to the linked phone's own
// number; with neither, Herald says where to set one.
func TestSendTest_OwnNumberFromTheLinkedPhoneOrNone(t *testing.T) {
	w := newWorld(t)
	s := simulated(t, w, simulator.Config{Seed: 5}, func(d *Deps) { d.TestNumber = func() string { return "" } })
	linked := s.sim.Status().Phone
	if got := s.svc.TestNumber(); linked == "" || got != (TestTarget{Phone: linked, Source: TestToLinked}) {
		t.Errorf("TestNumber = %+v, want the linked phone's %q", got, linked)
	}

	bare := newWorld(t)
	ana := bare.contact("Ana Souza", "+12025550102")
	if got := bare.svc.TestNumber(); got != (TestTarget{}) {
		t.Errorf("TestNumber without any = %+v", got)
	}
	_, err := bare.svc.SendTest("Hello", ana)
	if apperr.KindOf(err) != apperr.KindConflict || err.Error() != noTestNumber {
		t.Errorf("SendTest without a number: %v", err)
	}
	if len(bare.driver.sends()) != 0 {
		t.Errorf("sent %+v without a number", bare.driver.sends())
	}
}
