package inbox

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"herald/backend/campaigns"
	"herald/backend/whatsapp/simulator"
)

// A campaign sent on the simulator, whose contacts all answer what they
// read: each reply is in its sender's conversation, under the campaign,
// after the campaign message, whose text is what the contact got.
func TestCampaignReplies_InTheirConversationsUnderTheCampaign(t *testing.T) {
	w := newWorld(t)
	s := simulated(t, w, simulator.Config{Seed: 3, ReplyRate: 1}, nil)
	camps, svc := s.camps, s.svc
	for i := range 6 {
		w.contact(fmt.Sprintf("Person%d Test", i), fmt.Sprintf("+1202555%04d", i))
	}
	c := s.sendCampaign(t, "Sale", "Hi {{first_name}}, the sale starts today.")
	// The simulator answers on its clock: minutes pass until every reply
	// has come, and the inbox has them.
	for range 100 {
		w.clock.Advance(5 * time.Second)
	}
	var page Page
	var replied int64
	// A reply and its message's read receipt reach the inbox and the
	// campaign by separate ways: wait for both.
	waitFor(t, "every reply in the inbox and every message read", func() bool {
		got, err := camps.Get(c.ID)
		page, _ = svc.Conversations(Query{CampaignID: c.ID})
		replied = got.Stats.Replied
		return err == nil && page.Total > 1 && page.Total == replied && got.Stats.Read == replied
	})
	if all := w.conversations(Query{}); all.Total != page.Total {
		t.Errorf("%d conversations in all, %d under the campaign: every one is a reply to it", all.Total, page.Total)
	}
	for _, conv := range page.Items {
		if !conv.InContacts || !conv.LastFromThem || conv.Unread != 1 {
			t.Errorf("conversation %+v", conv)
		}
		msgs, err := svc.Messages(conv.ContactID, MessageQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs.Items) != 2 {
			t.Fatalf("%s: %+v, want the campaign message and the reply", conv.Name, msgs.Items)
		}
		sent, reply := msgs.Items[0], msgs.Items[1]
		first := strings.Fields(conv.Name)[0]
		if sent.Direction != "out" || sent.CampaignID != c.ID || sent.Text != "Hi "+first+", the sale starts today." || sent.State != campaigns.RecipientRead {
			t.Errorf("%s: campaign message %+v", conv.Name, sent)
		}
		if reply.Direction != "in" || reply.CampaignID != c.ID || reply.Text == "" || reply.At.Before(sent.At) {
			t.Errorf("%s: reply %+v after %+v", conv.Name, reply, sent)
		}
	}
}

// waitFor waits until cond holds, failing after a generous deadline: the
// campaigns and the inbox work on their own goroutines.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
