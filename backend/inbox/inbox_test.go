package inbox

import (
	"testing"
	"time"

	"herald/backend/apperr"
	"herald/backend/campaigns"
	"herald/backend/whatsapp"
)

func TestIncoming_ConversationsNewestFirstWithAndWithoutAContact(t *testing.T) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	w.camps.byMessage["camp-7-1"] = 7
	w.receive(
		whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "Is the sale still on?", At: t0, InReplyTo: "camp-7-1"},
		whatsapp.Incoming{ID: "u1", From: "+12025550199", Text: "<b>who is this</b>", At: t0.Add(time.Minute)},
		whatsapp.Incoming{ID: "a2", From: "+12025550101", Text: "Thanks!", At: t0.Add(2 * time.Minute)},
		// The same event again is the same message.
		whatsapp.Incoming{ID: "a2", From: "+12025550101", Text: "Thanks!", At: t0.Add(2 * time.Minute)},
	)
	p := w.conversations(Query{})
	if p.Total != 2 || len(p.Items) != 2 {
		t.Fatalf("conversations = %+v, want 2", p)
	}
	first, second := p.Items[0], p.Items[1]
	if first.ContactID != ana || first.Name != "Ana Souza" || first.LastText != "Thanks!" || first.Unread != 2 || !first.LastFromThem {
		t.Errorf("newest conversation = %+v", first)
	}
	if second.ContactID >= 0 || second.InContacts || second.Phone != "+12025550199" || second.LastText != "<b>who is this</b>" {
		t.Errorf("unknown number's conversation = %+v, want a negative id and no contact", second)
	}
	msgs := w.messages(ana)
	if len(msgs) != 2 || msgs[0].Text != "Is the sale still on?" || msgs[0].CampaignID != 7 || msgs[1].Text != "Thanks!" || msgs[1].Direction != "in" {
		t.Errorf("Ana's messages = %+v, want both in order, the first filed under campaign 7", msgs)
	}
	if c, err := w.svc.Conversation(second.ContactID); err != nil || c.Phone != "+12025550199" {
		t.Errorf("the stranger's conversation by its id: %+v, %v", c, err)
	}
	if got := w.messages(second.ContactID); len(got) != 1 || got[0].Text != "<b>who is this</b>" {
		t.Errorf("unknown number's messages = %+v", got)
	}
	if n, _ := w.svc.Unread(); n != 2 {
		t.Errorf("unread conversations = %d, want 2", n)
	}
	if evs := w.rec.Events(TopicMessage); len(evs) != 3 {
		t.Errorf("%d message events, want 3 (one per message stored)", len(evs))
	}
}

func TestConversations_FiltersAndSearch(t *testing.T) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	ben := w.contact("Ben Carter", "+12025550102")
	w.camps.byMessage["camp-3-2"] = 3
	w.receive(
		whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "Do you deliver to Lisbon?", At: t0},
		whatsapp.Incoming{ID: "b1", From: "+12025550102", Text: "Yes please, the blue one", At: t0.Add(time.Minute), InReplyTo: "camp-3-2"},
	)
	if err := w.svc.MarkRead(ana); err != nil {
		t.Fatal(err)
	}
	ids := func(p Page) []int64 {
		var out []int64
		for _, c := range p.Items {
			out = append(out, c.ContactID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    Query
		want []int64
	}{
		{"all", Query{}, []int64{ben, ana}},
		{"unread", Query{Unread: true}, []int64{ben}},
		{"campaign", Query{CampaignID: 3}, []int64{ben}},
		{"search", Query{Search: "lisb"}, []int64{ana}},
		{"search-accents", Query{Search: "BLUE"}, []int64{ben}},
		{"search-nothing", Query{Search: "zebra"}, nil},
		{"search-unread", Query{Search: "lisbon", Unread: true}, nil},
		{"search-two-words-unread", Query{Search: "blue yes", Unread: true}, []int64{ben}},
		{"search-last-word-a-prefix", Query{Search: "yes blu"}, []int64{ben}},
		{"search-earlier-words-whole", Query{Search: "ye blue"}, nil},
		{"search-symbols-only", Query{Search: "\"*("}, nil},
	} {
		p := w.conversations(tc.q)
		if got := ids(p); len(got) != len(tc.want) || int(p.Total) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("%s: %v (total %d), want %v", tc.name, got, p.Total, tc.want)
		}
	}
	if _, err := w.svc.Send(ana, "We do, in two days."); err != nil {
		t.Fatal(err)
	}
	if got := ids(w.conversations(Query{NeedsAnswer: true})); len(got) != 1 || got[0] != ben {
		t.Errorf("needing an answer: %v, want only Ben", got)
	}
	if err := w.svc.MarkUnread(ana); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.svc.Unread(); n != 2 {
		t.Errorf("unread after marking Ana unread = %d, want 2", n)
	}
}

func TestSend_CommittedBeforeTheDriverAndMovedOnByReceipts(t *testing.T) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	w.receive(whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "Hello?", At: t0})
	w.driver.onSend = func(m whatsapp.Message) {
		var state string
		w.db.Raw("SELECT state FROM inbox_messages WHERE message_id = ?", m.ID).Scan(&state)
		if state != StateSending {
			t.Errorf("the answer reached the driver in state %q, want it committed as sending", state)
		}
	}
	m, err := w.svc.Send(ana, "  Hi Ana, how can we help?  ")
	if err != nil {
		t.Fatal(err)
	}
	if m.Direction != "out" || m.State != StateSent || m.Text != "Hi Ana, how can we help?" {
		t.Fatalf("answer = %+v", m)
	}
	sent := w.driver.sends()
	if len(sent) != 1 || sent[0].To != "+12025550101" {
		t.Fatalf("driver got %+v", sent)
	}
	w.receipt(sent[0].ID, whatsapp.ReceiptRead)
	w.receipt(sent[0].ID, whatsapp.ReceiptDelivered) // late: changes nothing
	msgs := w.messages(ana)
	if len(msgs) != 2 || msgs[1].State != StateRead {
		t.Fatalf("messages after receipts = %+v, want the answer read", msgs)
	}
	c := w.conversations(Query{}).Items[0]
	if c.LastFromThem || c.Unread != 0 || c.LastText != "Hi Ana, how can we help?" {
		t.Errorf("conversation after answering = %+v", c)
	}
}

func TestSend_OnlyToPeopleWhoWrote(t *testing.T) {
	w := newWorld(t)
	ben := w.contact("Ben Carter", "+12025550102")
	_, err := w.svc.Send(ben, "Hello")
	if apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("answering a contact who never wrote: %v, want a conflict", err)
	}
	if _, err := w.svc.Send(ben, "   "); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("an empty answer: %v, want invalid", err)
	}
	if len(w.driver.sends()) != 0 {
		t.Errorf("the driver got %d messages, want none", len(w.driver.sends()))
	}
}

func TestSend_OptedOutContactWhoWroteCanBeAnswered(t *testing.T) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	if _, err := w.contacts.SetOptedOut([]int64{ana}, true, "Replied STOP"); err != nil {
		t.Fatal(err)
	}
	w.receive(whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "STOP. But what about my order?", At: t0})
	w.contact("Ben Carter", "+12025550102")
	w.receive(whatsapp.Incoming{ID: "b1", From: "+12025550102", Text: "Hello", At: t0.Add(-time.Minute)})
	if p := w.conversations(Query{OptedOut: true}); p.Total != 1 || len(p.Items) != 1 || p.Items[0].ContactID != ana || !p.Items[0].OptedOut {
		t.Errorf("opted-out conversations = %+v, want Ana's alone, shown opted out", p)
	}
	if _, err := w.svc.Send(ana, "Your order left today."); err != nil {
		t.Fatalf("answering an opted-out contact who wrote: %v", err)
	}
}

func TestSend_InDoubtIsUnconfirmedNeverRetried(t *testing.T) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	w.receive(whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "Hello?", At: t0})
	w.driver.fail = inDoubtErr{}
	m, err := w.svc.Send(ana, "Hi")
	if err != nil {
		t.Fatal(err)
	}
	if m.State != StateUnconfirmed {
		t.Errorf("answer after a send in doubt = %+v, want unconfirmed", m)
	}
}

// settleAfterStop leaves one answer "sending", as a stop between its
// commit and its send does, and settles it at the next start.
func settleAfterStop(t *testing.T, cannotTell, tookIt bool) (*world, Message) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	w.receive(whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "Hello?", At: t0})
	m, err := w.svc.Send(ana, "Hi")
	if err != nil {
		t.Fatal(err)
	}
	w.db.Exec("UPDATE inbox_messages SET state = ? WHERE id = ?", StateSending, m.ID)
	if !tookIt {
		w.driver.mu.Lock()
		w.driver.sent, w.driver.taken = nil, nil
		w.driver.mu.Unlock()
	}
	w.driver.cannotTell = cannotTell
	if err := w.e.settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	msgs := w.messages(ana)
	return w, msgs[len(msgs)-1]
}

func TestSettle_AnswerNeverTakenGoesOnceWithItsID(t *testing.T) {
	w, m := settleAfterStop(t, false, false)
	sent := w.driver.sends()
	if m.State != StateSent || len(sent) != 1 || sent[0].Text != "Hi" {
		t.Errorf("after settling: %+v, driver got %+v; want it sent once", m, sent)
	}
}

func TestSettle_AnswerTakenIsNotSentAgain(t *testing.T) {
	w, m := settleAfterStop(t, false, true)
	if m.State != StateSent || len(w.driver.sends()) != 1 {
		t.Errorf("after settling: %+v, driver got %d sends; want the one before the stop only", m, len(w.driver.sends()))
	}
}

func TestSettle_DriverThatCannotTellLeavesItUnconfirmed(t *testing.T) {
	w, m := settleAfterStop(t, true, false)
	if m.State != StateUnconfirmed || len(w.driver.sends()) != 0 {
		t.Errorf("after settling: %+v, driver got %d sends; want unconfirmed, none sent", m, len(w.driver.sends()))
	}
	// A receipt that comes later proves it went.
	var id string
	w.db.Raw("SELECT message_id FROM inbox_messages WHERE id = ?", m.ID).Scan(&id)
	w.receipt(id, whatsapp.ReceiptDelivered)
	if got := w.messages(w.conversations(Query{}).Items[0].ContactID); got[len(got)-1].State != StateDelivered {
		t.Errorf("after a late receipt: %+v, want delivered", got[len(got)-1])
	}
}

func TestMessages_CampaignMessagesInTheirPlace(t *testing.T) {
	w := newWorld(t)
	ana := w.contact("Ana Souza", "+12025550101")
	w.camps.sent["+12025550101"] = []campaigns.SentMessage{
		{ID: 9, CampaignID: 4, CampaignName: "Spring sale", Text: "Spring sale: 20% off", State: "read", At: t0.Add(-time.Hour)},
	}
	w.receive(whatsapp.Incoming{ID: "a1", From: "+12025550101", Text: "Nice!", At: t0})
	if _, err := w.svc.Send(ana, "Glad you like it."); err != nil {
		t.Fatal(err)
	}
	p, err := w.svc.Messages(ana, MessageQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 3 || len(p.Items) != 3 || p.Items[0].CampaignID != 4 || p.Items[0].ID >= 0 || p.Items[1].Text != "Nice!" || p.Items[2].Direction != "out" {
		t.Fatalf("messages = %+v, want the campaign message, the reply, the answer", p)
	}
	older, err := w.svc.Messages(ana, MessageQuery{Offset: 2, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(older.Items) != 1 || older.Items[0].CampaignID != 4 {
		t.Errorf("the page before the newest two = %+v, want the campaign message", older.Items)
	}
}

// inDoubtErr is a send the server may or may not have taken.
type inDoubtErr struct{}

func (inDoubtErr) Error() string { return "no answer from the server" }
func (inDoubtErr) InDoubt() bool { return true }
