package campaigns

import (
	"context"
	"testing"
	"time"

	"herald/backend/whatsapp"
)

// A message the server took just before Herald was killed is still
// "sending" in the database. If its contact opts out (or is deleted) before
// Herald starts again, the resumed campaign must still record it as sent:
// it was, and the driver says so (whatsapp.Reconciler).
func TestOrphanTakenBeforeACrashStaysSentWhenItsContactOptsOutMeanwhile(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(3)
	in := w.start(quiet())
	// Queued while disconnected, so that nothing goes before the "crash".
	in.disconnect(t)
	c, err := in.Create(Input{Name: "O", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "waiting", func() bool { return in.state(t, c.ID) == StateWaiting })
	in.stop()

	// What a kill leaves behind: the first recipient claimed, its message
	// taken by the server, nothing recorded after.
	var r row
	if err := w.db.Take(&r, c.ID).Error; err != nil {
		t.Fatal(err)
	}
	var rec claimed
	w.db.Raw(`UPDATE campaign_recipients SET state = 'sending', message_id = ? || '-' || contact_id
		WHERE campaign_id = ? AND contact_id = ? RETURNING id, contact_id, phone, name, message_id, attempts`,
		r.MessageKey, c.ID, ids[0]).Scan(&rec)
	sim := w.newSim(quiet())
	if err := sim.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(2 * time.Second)
	if _, err := sim.Send(context.Background(), whatsapp.Message{ID: rec.MessageID, To: rec.Phone, Text: "Hello"}); err != nil {
		t.Fatal(err)
	}
	_ = sim.Close()
	if _, err := w.contacts.SetOptedOut(ids[:1], true, "asked"); err != nil {
		t.Fatal(err)
	}

	in = w.start(quiet())
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	page, err := in.Recipients(c.ID, RecipientQuery{Search: rec.Name, Limit: 1})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("recipient %q: %v %+v", rec.Name, err, page)
	}
	// Delivered, too, once the server hands over the receipt that fell due
	// while Herald was down.
	if got := page.Items[0]; got.State != RecipientSent && got.State != RecipientDelivered {
		t.Fatalf("the server took %s before the crash, but it is recorded %s (%s)", got.MessageID, got.State, got.Error)
	}
}

// A message marked "sending" that the server never took goes back through
// the checks: its contact opted out meanwhile, so it is skipped, not sent.
func TestOrphanNeverTakenIsCheckedAgainBeforeItGoes(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(2)
	in := w.start(quiet())
	in.disconnect(t)
	c, err := in.Create(Input{Name: "N", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	in.Start(c.ID)
	eventually(t, "waiting", func() bool { return in.state(t, c.ID) == StateWaiting })
	in.stop()
	var r row
	w.db.Take(&r, c.ID)
	w.db.Exec(`UPDATE campaign_recipients SET state = 'sending', message_id = ? || '-' || contact_id WHERE campaign_id = ? AND contact_id = ?`,
		r.MessageKey, c.ID, ids[0])
	if _, err := w.contacts.SetOptedOut(ids[:1], true, "asked"); err != nil {
		t.Fatal(err)
	}
	in = w.start(quiet())
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	got, _ := in.Get(c.ID)
	if got.Stats.Skipped != 1 || got.Stats.Sent != 1 {
		t.Fatalf("stats %+v, want one skipped and one sent", got.Stats)
	}
	first, _ := w.contacts.Get(ids[0])
	if n := w.journalCount()[first.Phone]; n != 0 {
		t.Fatalf("the opted-out contact got %d messages", n)
	}
}
