package campaigns

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"herald/backend/apperr"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

// cannotTell is a quiet simulator that answers for messages as the linked
// phone does after a restart: it cannot say whether it took one.
func cannotTell() simulator.Config {
	cfg := quiet()
	cfg.CannotTell = true
	return cfg
}

// noReconciler hides the simulator's Taken: a driver that is no
// whatsapp.Reconciler at all.
type noReconciler struct{ whatsapp.Driver }

// crashed leaves a campaign to n contacts as a kill in the middle of
// sending leaves it: running, its first k recipients "sending" with their
// message IDs (not taken by the server), the rest queued. Nothing was sent.
func (w *world) crashed(n, k int) (Campaign, []claimed) {
	w.t.Helper()
	ids := w.addContacts(n)
	in := w.start(quiet())
	// Queued while disconnected, so that nothing goes before the "crash".
	in.disconnect(w.t)
	c, err := in.Create(Input{Name: "Doubt", TemplateID: w.template("Hello {{first_name}}"), Audience: Audience{All: true}})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		w.t.Fatal(err)
	}
	eventually(w.t, "waiting", func() bool { return in.state(w.t.(*testing.T), c.ID) == StateWaiting })
	in.stop()
	var key string
	w.db.Raw("SELECT message_key FROM campaigns WHERE id = ?", c.ID).Scan(&key)
	var out []claimed
	err = w.db.Raw(`UPDATE campaign_recipients SET state = 'sending', message_id = ? || '-' || contact_id
		WHERE campaign_id = ? AND contact_id IN (SELECT value FROM json_each(?))
		RETURNING id, contact_id, phone, name, message_id, attempts`, key, c.ID, jsonText(ids[:k])).Scan(&out).Error
	if err != nil || len(out) != k {
		w.t.Fatalf("orphans: %v %+v", err, out)
	}
	return c, out
}

// recipient reads one recipient of campaign id by its row id.
func (w *world) recipient(id int64) Recipient {
	w.t.Helper()
	var r recipientRow
	if err := w.db.Raw("SELECT "+recipientColumns+" FROM campaign_recipients WHERE id = ?", id).Scan(&r).Error; err != nil {
		w.t.Fatal(err)
	}
	return r.recipient()
}

// inWindow waits until the confirmation window runs: the campaign's note
// says until when it waits, which it can only once the window's timer is
// set on the fake clock.
func (in *instance) inWindow(t *testing.T, id int64) {
	t.Helper()
	eventually(t, "the wait for receipts", func() bool {
		var note string
		in.e.db.Raw("SELECT note FROM campaigns WHERE id = ?", id).Scan(&note)
		return strings.HasPrefix(note, "Waiting until")
	})
}

func TestOrphanOnADriverThatCannotTellWaitsAndIsConfirmedByAReceipt(t *testing.T) {
	w := newWorld(t)
	c, orphans := w.crashed(4, 1)
	in := w.start(cannotTell())
	// The others go meanwhile; the one in doubt waits, and says why.
	eventually(t, "the other three sent", func() bool { return w.sent(c.ID) == 3 })
	in.inWindow(t, c.ID)
	if got := w.recipient(orphans[0].ID); got.State != RecipientSending || got.Error != inDoubtNote {
		t.Fatalf("the message in doubt is %s (%q), want sending with the note", got.State, got.Error)
	}
	w.clock.Advance(DefaultConfirmWindow / 2)
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: whatsapp.Receipt{
		MessageID: orphans[0].MessageID, Status: whatsapp.ReceiptDelivered, At: w.clock.Now()}})
	// The dispatcher looks again every second while it waits.
	w.advanceUntil("completed", time.Second, func() bool { return in.state(t, c.ID) == StateCompleted })
	got := w.recipient(orphans[0].ID)
	if got.State != RecipientDelivered || got.Error != "" || got.SentAt == nil || got.DeliveredAt == nil {
		t.Fatalf("after its receipt the message in doubt is %+v, want delivered with its times and no problem", got)
	}
	if n := w.journalCount()[orphans[0].Phone]; n != 0 {
		t.Fatalf("the message in doubt was sent again (%d in the journal)", n)
	}
}

func TestOrphanWithoutAReceiptBecomesUnconfirmedAfterTheWindowAndALateReceiptStillCounts(t *testing.T) {
	w := newWorld(t)
	c, orphans := w.crashed(3, 2)
	// A driver that is no Reconciler at all takes the same path as one
	// whose Taken cannot tell.
	sim := w.newSim(quiet())
	in := w.startWith(sim, noReconciler{sim})
	eventually(t, "the third sent", func() bool { return w.sent(c.ID) == 1 })
	in.inWindow(t, c.ID)
	w.clock.Advance(DefaultConfirmWindow - time.Second)
	time.Sleep(20 * time.Millisecond) // what the dispatcher would do wrongly, it would do now
	if got := w.recipient(orphans[0].ID); got.State != RecipientSending {
		t.Fatalf("before the window ends the message in doubt is %s", got.State)
	}
	if st := in.state(t, c.ID); st != StateRunning {
		t.Fatalf("the campaign is %s while it waits for receipts", st)
	}
	w.clock.Advance(time.Second)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	for _, o := range orphans {
		if got := w.recipient(o.ID); got.State != RecipientUnconfirmed || got.Error != unconfirmedNote {
			t.Fatalf("after the window %s is %s (%q), want unconfirmed", o.Name, got.State, got.Error)
		}
		if n := w.journalCount()[o.Phone]; n != 0 {
			t.Fatalf("%s was sent again (%d in the journal)", o.Name, n)
		}
	}
	got, _ := in.Get(c.ID)
	if got.Stats.Unconfirmed != 2 || wentOut(got.Stats) != 1 || got.Stats.Total != 3 {
		t.Fatalf("stats %+v, want 2 unconfirmed and 1 sent", got.Stats)
	}
	page, err := in.Recipients(c.ID, RecipientQuery{State: RecipientUnconfirmed})
	if err != nil || page.Total != 2 {
		t.Fatalf("filter by unconfirmed: %v %+v", err, page)
	}
	var summary string
	w.db.Raw("SELECT summary FROM activity WHERE action = 'unconfirmed'").Scan(&summary)
	if !strings.Contains(summary, "did not confirm 2 messages") {
		t.Fatalf("activity %q does not say so", summary)
	}
	// A receipt after the window still proves the message went.
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: whatsapp.Receipt{
		MessageID: orphans[1].MessageID, Status: whatsapp.ReceiptRead, At: w.clock.Now()}})
	eventually(t, "the late receipt", func() bool { return w.recipient(orphans[1].ID).State == RecipientRead })
	if got := w.recipient(orphans[1].ID); got.Error != "" || got.DeliveredAt == nil {
		t.Fatalf("after a late receipt: %+v", got)
	}
}

func TestReplyQuotingAMessageInDoubtConfirmsItButOneQuotingNothingDoesNot(t *testing.T) {
	w := newWorld(t)
	c, orphans := w.crashed(2, 1)
	in := w.start(cannotTell())
	in.inWindow(t, c.ID)
	o := orphans[0]
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{
		ID: "r1", From: o.Phone, Text: "Hi, who is this?", At: w.clock.Now()}})
	// Unquoted, it may answer anything: the message stays in doubt.
	time.Sleep(20 * time.Millisecond)
	if got := w.recipient(o.ID); got.State != RecipientSending {
		t.Fatalf("an unquoted reply made the message in doubt %s", got.State)
	}
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{
		ID: "r2", From: o.Phone, Text: "Thanks!", At: w.clock.Now(), InReplyTo: o.MessageID}})
	w.advanceUntil("completed", time.Second, func() bool { return in.state(t, c.ID) == StateCompleted })
	got := w.recipient(o.ID)
	if got.State != RecipientDelivered || got.Reply != "Thanks!" || got.DeliveredAt == nil || got.SentAt == nil || got.Error != "" {
		t.Fatalf("after a reply quoting it the message in doubt is %+v, want delivered with the reply", got)
	}
	if n := w.journalCount()[o.Phone]; n != 0 {
		t.Fatalf("the message in doubt was sent again (%d in the journal)", n)
	}
}

func TestSendAgainQueuesUnconfirmedWithANewIDThroughEveryCheck(t *testing.T) {
	w := newWorld(t)
	c, orphans := w.crashed(3, 2)
	in := w.start(cannotTell())
	in.inWindow(t, c.ID)
	w.clock.Advance(DefaultConfirmWindow)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })

	// One of them opted out meanwhile: it must not get the message now.
	if _, err := w.contacts.SetOptedOut([]int64{orphans[1].ContactID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	got, err := in.ResendUnconfirmed(c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != StateRunning && got.State != StateCompleted {
		t.Fatalf("after Send again the campaign is %s", got.State)
	}
	eventually(t, "completed again", func() bool {
		st, _ := in.Get(c.ID)
		return st.State == StateCompleted && st.Stats.Queued == 0
	})
	sent := w.recipient(orphans[0].ID)
	if !leftAs(sent.State) || sent.MessageID != orphans[0].MessageID+"-r1" {
		t.Fatalf("sent again: %+v, want sent with the ID %s-r1", sent, orphans[0].MessageID)
	}
	entries := w.journalEntries()
	var ids []string
	for _, e := range entries {
		if e.To == orphans[0].Phone {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 1 || ids[0] != sent.MessageID {
		t.Fatalf("the journal holds %v for %s, want the new ID once", ids, orphans[0].Name)
	}
	if out := w.recipient(orphans[1].ID); out.State != RecipientSkipped || out.Error != "The contact opted out." {
		t.Fatalf("the contact who opted out is %s (%q), want skipped", out.State, out.Error)
	}
	if n := w.journalCount()[orphans[1].Phone]; n != 0 {
		t.Fatalf("the contact who opted out got %d messages", n)
	}
	final, _ := in.Get(c.ID)
	if final.Stats.Unconfirmed != 0 || final.Stats.Skipped != 1 || wentOut(final.Stats) != 2 {
		t.Fatalf("stats %+v", final.Stats)
	}
	// Nothing is left to decide.
	_, err = in.ResendUnconfirmed(c.ID, nil)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.KindConflict {
		t.Fatalf("Send again with nothing unconfirmed = %v, want a conflict", err)
	}
}

func TestSendAgainTakesChosenRecipientsAndRefusesACancelledCampaign(t *testing.T) {
	w := newWorld(t)
	c, orphans := w.crashed(3, 2)
	in := w.start(cannotTell())
	in.inWindow(t, c.ID)
	w.clock.Advance(DefaultConfirmWindow)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	if _, err := in.ResendUnconfirmed(c.ID, []int64{orphans[1].ID}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the chosen one sent", func() bool { return leftAs(w.recipient(orphans[1].ID).State) })
	if got := w.recipient(orphans[0].ID); got.State != RecipientUnconfirmed {
		t.Fatalf("the one not chosen is %s", got.State)
	}
	eventually(t, "completed again", func() bool { return in.state(t, c.ID) == StateCompleted })
	w.db.Exec("UPDATE campaigns SET state = ? WHERE id = ?", StateCancelled, c.ID)
	_, err := in.ResendUnconfirmed(c.ID, nil)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.KindConflict || !strings.Contains(ae.Msg, "cancelled") {
		t.Fatalf("Send again on a cancelled campaign = %v, want a conflict saying so", err)
	}
}

func TestNextMessageIDCountsTheSends(t *testing.T) {
	for _, tc := range []struct{ old, want string }{
		{"K-7", "K-7-r1"},
		{"", "K-7-r1"},
		{"K-7-r1", "K-7-r2"},
		{"K-7-r9", "K-7-r10"},
		{"K-70-r3", "K-7-r1"},
	} {
		if got := nextMessageID("K", 7, tc.old); got != tc.want {
			t.Errorf("nextMessageID(K, 7, %q) = %q, want %q", tc.old, got, tc.want)
		}
	}
}

// gated holds each Send until the test lets it go, so a test can look at
// the database while a message is in flight.
type gated struct {
	whatsapp.Driver
	sending chan string   // the number being sent to
	release chan struct{} // one receive lets one send go
}

// Taken is the simulator's, which answers ErrCannotTell when told to.
func (g *gated) Taken(ctx context.Context, id string) (time.Time, bool, error) {
	return g.Driver.(whatsapp.Reconciler).Taken(ctx, id)
}

func (g *gated) Send(ctx context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	g.sending <- msg.To
	select {
	case <-g.release:
	case <-ctx.Done():
		return whatsapp.Receipt{}, ctx.Err()
	}
	return g.Driver.Send(ctx, msg)
}

// A stop leaves what was claimed "sending". On a driver that cannot tell,
// each of those would be in doubt, so an unpaced campaign claims one
// message at a time there: a stop leaves at most one in doubt. On one that
// can, it claims a batch, as fast as before.
func TestOnADriverThatCannotTellAtMostOneMessageIsInFlight(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cfg         simulator.Config
		wantSending int64
	}{
		{"cannot tell", cannotTell(), 1},
		{"can tell", quiet(), 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.addContacts(5)
			sim := w.newSim(tc.cfg)
			g := &gated{Driver: sim, sending: make(chan string, 1), release: make(chan struct{})}
			in := w.startWith(sim, g)
			c, err := in.Create(Input{Name: "Gate", TemplateID: w.template("Hi"), Audience: Audience{All: true}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := in.Start(c.ID); err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				<-g.sending
				var n int64
				w.db.Raw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND state = 'sending'", c.ID).Scan(&n)
				if n > tc.wantSending || (i == 0 && n != tc.wantSending) {
					t.Fatalf("%d messages sending while message %d is in flight, want %d at first and never more", n, i+1, tc.wantSending)
				}
				g.release <- struct{}{}
			}
			eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
		})
	}
}

// inDoubtDriver answers the first send to a number with an error that says
// the server may have taken the message, as a linked phone's timeout does.
type inDoubtDriver struct {
	*flakyDriver
	phone string
	sends int
}

type doubtErr struct{}

func (doubtErr) Error() string { return "no answer from WhatsApp in time" }
func (doubtErr) InDoubt() bool { return true }

func (d *inDoubtDriver) Send(ctx context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	if msg.To == d.phone {
		d.mu.Lock()
		d.sends++
		d.mu.Unlock()
		return whatsapp.Receipt{}, doubtErr{}
	}
	return d.flakyDriver.Send(ctx, msg)
}

func TestASendInDoubtIsUnconfirmedAndNeverSentAgainByItself(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	sim := w.newSim(quiet())
	d := &inDoubtDriver{flakyDriver: &flakyDriver{Driver: sim, failures: map[string]int{}}, phone: "+12025550001"}
	in := w.startWith(sim, d)
	c, _ := in.Create(Input{Name: "D", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	in.Start(c.ID)
	eventually(t, "completed", func() bool {
		w.clock.Advance(time.Minute)
		return in.state(t, c.ID) == StateCompleted
	})
	got, _ := in.Get(c.ID)
	if wentOut(got.Stats) != 2 || got.Stats.Unconfirmed != 1 || got.Stats.Failed != 0 {
		t.Fatalf("stats %+v, want 2 sent and 1 unconfirmed", got.Stats)
	}
	page, _ := in.Recipients(c.ID, RecipientQuery{State: RecipientUnconfirmed})
	if len(page.Items) != 1 || page.Items[0].Phone != d.phone || page.Items[0].Error != inDoubtSendNote {
		t.Fatalf("unconfirmed recipients %+v", page.Items)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.sends != 1 {
		t.Fatalf("the message in doubt was sent %d times, want once", d.sends)
	}
}
