package campaigns

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/whatsapp"
)

// realNumber is the simulator passed off as a linked phone: it does not
// say it is practice, as the whatsmeow driver does not.
type realNumber struct{ whatsapp.Driver }

// startReal starts an engine whose driver counts as a real number.
func (w *world) startReal() *instance {
	w.t.Helper()
	sim := w.newSim(quiet())
	return w.startWith(sim, realNumber{sim})
}

func TestSafePace_IsSlowerOnARealNumberAndWarmsUp(t *testing.T) {
	practice, real := SafePace(false), SafePace(true)
	for _, p := range []Pace{practice, real} {
		if err := p.validate(); err != nil {
			t.Fatalf("safe pace %+v: %v", p, err)
		}
	}
	if real.meanGap() <= practice.meanGap() || real.DailyCap >= practice.DailyCap {
		t.Fatalf("a real number's safe pace (%v a message, %d a day) is not slower than practice's (%v, %d)",
			real.meanGap(), real.DailyCap, practice.meanGap(), practice.DailyCap)
	}
	if real.MinDelaySec != 8 || real.MaxDelaySec != 20 || real.BatchSize != 20 {
		t.Fatalf("real safe pace %+v: not the documented 8–20 s and a break every 20", real)
	}
	if c, _ := real.capOn(0); c != 30 {
		t.Fatalf("first day's cap %d, want 30", c)
	}
	if c, _ := real.capOn(6); c != 200 {
		t.Fatalf("seventh day's cap %d, want the full 200", c)
	}
	if n := messagesPerHour(real); n < 100 || n > 140 {
		t.Fatalf("real safe pace sends %d an hour, documented as about 120", n)
	}
}

func TestSafePaceMethod_FollowsTheDriverInUse(t *testing.T) {
	w := newWorld(t)
	practice, err := w.start(quiet()).SafePace()
	if err != nil || practice.DailyCap != SafePace(false).DailyCap {
		t.Fatalf("SafePace in practice = %+v, %v", practice, err)
	}
	w2 := newWorld(t)
	real, err := w2.startReal().SafePace()
	if err != nil || real.DailyCap != SafePace(true).DailyCap || real.WarmupCap == 0 {
		t.Fatalf("SafePace on a real number = %+v, %v", real, err)
	}
}

// reply records a reply from each contact, as if they had answered an
// earlier campaign.
func (w *world) replied(ids []int64) {
	w.t.Helper()
	now := time.Now().UTC()
	if err := w.db.Exec(`INSERT INTO campaigns (name, template_id, state, message_key, created_at, updated_at)
		VALUES ('Earlier', 0, 'completed', 'HEARLIER', ?, ?)`, now, now).Error; err != nil {
		w.t.Fatal(err)
	}
	phones, err := w.book.Phones(ids)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, id := range ids {
		if err := w.db.Exec(`INSERT INTO campaign_recipients (campaign_id, contact_id, phone, state, sent_at, replied_at, reply)
			VALUES ((SELECT max(id) FROM campaigns), ?, ?, 'read', ?, ?, 'Thanks!')`, id, phones[id], now, now).Error; err != nil {
			w.t.Fatal(err)
		}
	}
}

func TestPreview_WarnsARealNumberAboutStrangersAndAFastPace(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(30)
	in := w.startReal()
	tmpl := w.template("Hi {{first_name}}")
	plan, err := in.Preview(Input{Name: "Offer", TemplateID: tmpl, Audience: Audience{All: true}, Pace: SafePace(false)}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Problems) != 0 {
		t.Fatalf("problems %q: warnings must not stop a campaign", plan.Problems)
	}
	if len(plan.Warnings) != 2 || !strings.HasPrefix(plan.Warnings[0], "30 of the 30 recipients have never written to this number") ||
		!strings.Contains(plan.Warnings[1], "safe pace for a real number sends about 124 an hour") {
		t.Fatalf("warnings %q, want strangers then the pace", plan.Warnings)
	}

	// At the safe pace, and with most of them known, nothing to say.
	w.replied(ids[:15])
	plan, err = in.Preview(Input{Name: "Offer", TemplateID: tmpl, Audience: Audience{All: true}, Pace: SafePace(true)}, 1)
	if err != nil || len(plan.Warnings) != 0 {
		t.Fatalf("warnings %q (%v) for 15 strangers at the safe pace", plan.Warnings, err)
	}
	plan, _ = in.Preview(Input{Name: "Offer", TemplateID: tmpl, Audience: Audience{All: true}}, 1)
	if len(plan.Warnings) != 1 || !strings.HasPrefix(plan.Warnings[0], "This pace sends as fast as WhatsApp takes them") {
		t.Fatalf("no limits at all: warnings %q", plan.Warnings)
	}
}

func TestPreview_WarnsAboutADailyCapAboveTheSafeOne(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(250)
	w.replied(ids)
	in := w.startReal()
	tmpl := w.template("Hi {{first_name}}")
	pace := SafePace(true)
	pace.DailyCap, pace.WarmupCap, pace.WarmupStep = 0, 0, 0
	plan, err := in.Preview(Input{Name: "Offer", TemplateID: tmpl, Audience: Audience{All: true}, Pace: pace}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Warnings) != 1 || !strings.Contains(plan.Warnings[0], "no daily cap") || !strings.Contains(plan.Warnings[0], "at most 200 a day") {
		t.Fatalf("warnings %q", plan.Warnings)
	}
}

func TestPreview_SaysNothingInPracticeMode(t *testing.T) {
	w := newWorld(t)
	w.addContacts(30)
	in := w.start(quiet())
	plan, err := in.Preview(Input{Name: "Offer", TemplateID: w.template("Hi"), Audience: Audience{All: true}}, 1)
	if err != nil || plan.Warnings == nil || len(plan.Warnings) != 0 {
		t.Fatalf("practice warnings %#v, %v; want an empty list", plan.Warnings, err)
	}
}

// slow is a pace that keeps a campaign sending for the whole test.
var slow = Pace{MinDelaySec: 3600, MaxDelaySec: 3600}

func (in *instance) sendSlowly(t *testing.T, w *world, name string) int64 {
	t.Helper()
	c, err := in.Create(Input{Name: name, TemplateID: w.template("Hi {{first_name}}"), Audience: Audience{All: true}, Pace: slow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the first message", func() bool { return w.sent(c.ID) == 1 })
	return c.ID
}

func TestSending_NamesTheRunningAndWaitingCampaigns(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	in := w.startReal()
	if names, err := in.e.Sending(); err != nil || len(names) != 0 {
		t.Fatalf("Sending with nothing sending = %q, %v", names, err)
	}
	in.sendSlowly(t, w, "Spring offer")
	waiting := in.sendSlowly(t, w, "Newsletter")
	if err := in.e.db.Exec("UPDATE campaigns SET state = ? WHERE id = ?", StateWaiting, waiting).Error; err != nil {
		t.Fatal(err)
	}
	if names, err := in.e.Sending(); err != nil || !slices.Equal(names, []string{"Spring offer", "Newsletter"}) {
		t.Fatalf("Sending = %q, %v", names, err)
	}
}

func TestBan_PausesEverySendingCampaignWithTheReason(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	in := w.startReal()
	a := in.sendSlowly(t, w, "Spring offer")
	b := in.sendSlowly(t, w, "Newsletter")
	until := time.Date(2026, 1, 8, 9, 30, 0, 0, time.UTC)
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventState, Status: whatsapp.Status{State: whatsapp.StateError,
		LastError: "WhatsApp has banned this number for now",
		Ban:       &whatsapp.Ban{Code: 101, Reason: "Too many people blocked you.", Until: until}}})
	for _, id := range []int64{a, b} {
		eventually(t, "the campaign to pause", func() bool { return in.state(t, id) == StatePaused })
		c, err := in.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		want := "Paused because WhatsApp has banned this number for now (Too many people blocked you), until Thu 8 Jan 09:30 UTC."
		if !strings.HasPrefix(c.Note, want) {
			t.Fatalf("note %q, want it to start %q", c.Note, want)
		}
		// The state is written for every campaign first, then each
		// dispatcher is stopped in turn.
		eventually(t, "the dispatcher of a banned campaign to stop", func() bool { return !in.e.running(id) })
	}
	page, err := activity.NewService(w.db).List(activity.Query{Kind: "campaigns", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var paused int
	for _, e := range page.Items {
		if e.Action == "paused" && strings.Contains(e.Summary, "paused because WhatsApp has banned this number") {
			paused++
			if e.Detail != StoppedDetail {
				t.Errorf("a pause for a ban has detail %q, want %q: the notices tell it from the user's own", e.Detail, StoppedDetail)
			}
		}
	}
	if paused != 2 {
		t.Fatalf("%d paused entries in the activity log, want 2", paused)
	}
	if w.sent(a) != 1 || w.sent(b) != 1 {
		t.Fatal("a message went out after the ban")
	}
}

func TestLogout_PausesEverySendingCampaign(t *testing.T) {
	w := newWorld(t)
	w.addContacts(2)
	in := w.startReal()
	id := in.sendSlowly(t, w, "Spring offer")
	if err := in.sim.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the campaign to pause", func() bool { return in.state(t, id) == StatePaused })
	c, _ := in.Get(id)
	if !strings.Contains(c.Note, "logged out of WhatsApp") || !strings.Contains(c.Note, "Link it again on the WhatsApp page") {
		t.Fatalf("note %q", c.Note)
	}
	// Resuming is the user's call; the campaign waits for the phone.
	if _, err := in.Resume(id); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the campaign to wait for WhatsApp", func() bool { return in.state(t, id) == StateWaiting })
}

func TestPlainDisconnect_PausesNothing(t *testing.T) {
	w := newWorld(t)
	w.addContacts(2)
	in := w.startReal()
	id := in.sendSlowly(t, w, "Spring offer")
	in.disconnect(t)
	time.Sleep(20 * time.Millisecond)
	if st := in.state(t, id); !st.active() {
		t.Fatalf("a drop left the campaign %s; it must wait and go on by itself", st)
	}
}
