package campaigns

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts"
	"herald/backend/whatsapp"
)

func TestSendNowReachesEveryRecipientOnceWithTheirOwnText(t *testing.T) {
	w := newWorld(t)
	w.addContacts(250, "vip")
	w.addContacts(20, "other")
	tmpl := w.template("Hi {{first_name}}, welcome!")
	in := w.start(quiet())

	c, err := in.Create(Input{Name: "Welcome", TemplateID: tmpl, Audience: Audience{Tags: []string{"vip"}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateDraft {
		t.Fatalf("state %s, want draft", c.State)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the campaign completes", func() bool { return in.state(t, c.ID) == StateCompleted })
	got, _ := in.Get(c.ID)
	if got.Stats.Total != 250 || got.Stats.Sent != 250 {
		t.Fatalf("stats %+v, want 250 sent", got.Stats)
	}
	counts := w.journalCount()
	if len(counts) != 250 {
		t.Fatalf("journal has %d numbers, want 250", len(counts))
	}
	for phone, n := range counts {
		if n != 1 {
			t.Errorf("%s got %d messages", phone, n)
		}
	}
	page, err := in.Recipients(c.ID, RecipientQuery{Search: "Person7", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total == 0 || !strings.HasPrefix(page.Items[0].Name, "Person7") || page.Items[0].MessageID == "" || page.Items[0].SentAt == nil {
		t.Fatalf("recipients page %+v", page)
	}
	entries := w.journalEntries()
	for _, e := range entries {
		if !strings.HasPrefix(e.Text, "Hi Person") || !strings.HasSuffix(e.Text, ", welcome!") {
			t.Fatalf("message %q is not personalised", e.Text)
		}
	}
	eventually(t, "a progress event announces the completion", func() bool {
		for _, ev := range w.rec.Events(TopicProgress) {
			if c, ok := ev.Payload.(Campaign); ok && c.State == StateCompleted && c.Stats.Sent == 250 {
				return true
			}
		}
		return false
	})
}

func TestReceiptsMoveRecipientsForwardOnly(t *testing.T) {
	w := newWorld(t)
	w.addContacts(40)
	cfg := quiet()
	in := w.start(cfg)
	c, err := in.Create(Input{Name: "R", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	in.Start(c.ID)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	// The simulated phones deliver within 5 s and most read within 2 min.
	w.clock.Advance(3 * time.Minute)
	eventually(t, "every message delivered", func() bool {
		got, _ := in.Get(c.ID)
		return got.Stats.Delivered+got.Stats.Read == 40
	})
	got, _ := in.Get(c.ID)
	if got.Stats.Read == 0 {
		t.Errorf("no message read: %+v", got.Stats)
	}
	// A late delivered receipt after read changes nothing.
	page, _ := in.Recipients(c.ID, RecipientQuery{State: RecipientRead, Limit: 1})
	if len(page.Items) == 0 {
		t.Fatal("no read recipient")
	}
	r := page.Items[0]
	if err := in.e.applyReceipts([]whatsapp.Receipt{{MessageID: r.MessageID, Status: whatsapp.ReceiptDelivered, At: t0.Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	page, _ = in.Recipients(c.ID, RecipientQuery{Search: r.Name, Limit: 1})
	if page.Items[0].State != RecipientRead || !page.Items[0].DeliveredAt.Equal(*r.DeliveredAt) {
		t.Fatalf("late receipt moved %+v back", page.Items[0])
	}
}

func TestAudienceLeavesOutOptedOutAndNotOnWhatsAppAndSkipsMissingVariables(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(10, "a")
	if _, err := w.contacts.SetOptedOut(ids[:2], true, "asked"); err != nil {
		t.Fatal(err)
	}
	// Two contacts lack the company the template needs.
	for _, id := range append(ids[:3:3], ids[5:]...) {
		w.setCompany(id, "Acme")
	}
	if err := w.book.MarkOnWhatsApp(ids[2:3], false, t0); err != nil {
		t.Fatal(err)
	}
	in := w.start(quiet())
	count, err := in.Audience(Audience{Tags: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if count != (AudienceCount{Recipients: 7, Matched: 10, OptedOut: 2, NotOnWhatsApp: 1}) {
		t.Fatalf("count %+v", count)
	}
	c, err := in.Create(Input{Name: "Co", TemplateID: w.template("News for {{company}}"), Audience: Audience{Tags: []string{"a"}}})
	if err != nil {
		t.Fatal(err)
	}
	in.Start(c.ID)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	got, _ := in.Get(c.ID)
	if got.Stats.Total != 7 || got.Stats.Sent != 5 || got.Stats.Skipped != 2 || got.ExcludedOptedOut != 2 || got.ExcludedNotOnWhatsApp != 1 {
		t.Fatalf("campaign %+v", got)
	}
	page, _ := in.Recipients(c.ID, RecipientQuery{State: RecipientSkipped})
	if !strings.Contains(page.Items[0].Error, "{{company}}") {
		t.Fatalf("skip reason %q does not name the variable", page.Items[0].Error)
	}
}

func TestNumbersNotOnWhatsAppAreSkippedAndRemembered(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(60)
	cfg := quiet()
	cfg.NotOnWhatsAppRate = 0.3
	in := w.start(cfg)
	c, _ := in.Create(Input{Name: "N", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	in.Start(c.ID)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	got, _ := in.Get(c.ID)
	if got.Stats.Skipped == 0 || got.Stats.Skipped+got.Stats.Sent != 60 {
		t.Fatalf("stats %+v", got.Stats)
	}
	var marked int64
	for _, id := range ids {
		c, err := w.contacts.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if c.OnWhatsApp != nil && !*c.OnWhatsApp {
			marked++
		}
	}
	if marked != got.Stats.Skipped {
		t.Fatalf("%d contacts marked not on WhatsApp, %d skipped", marked, got.Stats.Skipped)
	}
	// The next campaign leaves them out from the start.
	count, _ := in.Audience(Audience{All: true})
	if count.NotOnWhatsApp != marked {
		t.Fatalf("count %+v", count)
	}
}

func TestPauseResumeAndCancel(t *testing.T) {
	w := newWorld(t)
	w.addContacts(30)
	in := w.start(quiet())
	// One message a minute: the fake clock decides when each goes.
	c, err := in.Create(Input{Name: "Slow", TemplateID: w.template("Hello"), Audience: Audience{All: true}, Pace: Pace{PerMinute: 1}})
	if err != nil {
		t.Fatal(err)
	}
	in.Start(c.ID)
	eventually(t, "the first message", func() bool { return w.sent(c.ID) == 1 })
	if _, err := in.Pause(c.ID); err != nil {
		t.Fatal(err)
	}
	if in.e.running(c.ID) {
		t.Fatal("dispatcher still running after Pause returned")
	}
	w.clock.Advance(time.Hour)
	if n := w.sent(c.ID); n != 1 {
		t.Fatalf("%d sent while paused", n)
	}
	if _, err := in.Resume(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a second message after resume", func() bool {
		w.clock.Advance(time.Minute)
		return w.sent(c.ID) >= 2
	})
	got, err := in.Cancel(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sent := w.sent(c.ID)
	if got.State != StateCancelled || got.Stats.Cancelled != 30-sent || got.Stats.Queued != 0 {
		t.Fatalf("after cancel %+v", got)
	}
	w.clock.Advance(time.Hour)
	if w.sent(c.ID) != sent || len(w.journalCount()) != int(sent) {
		t.Fatal("a message went out after cancel")
	}
	if _, err := in.Resume(c.ID); apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("resume after cancel: %v", err)
	}
}

func TestTransientFailuresAreRetriedThenGivenUp(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	sim := w.newSim(quiet())
	flaky := &flakyDriver{Driver: sim, failures: map[string]int{}}
	in := w.startWith(sim, flaky)
	c, _ := in.Create(Input{Name: "F", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	flaky.failFirst("+12025550000", 2)    // succeeds on the third attempt
	flaky.failFirst("+12025550001", 1000) // never
	in.Start(c.ID)
	eventually(t, "completed", func() bool {
		w.clock.Advance(time.Minute)
		return in.state(t, c.ID) == StateCompleted
	})
	got, _ := in.Get(c.ID)
	if wentOut(got.Stats) != 2 || got.Stats.Failed != 1 {
		t.Fatalf("stats %+v", got.Stats)
	}
	page, _ := in.Recipients(c.ID, RecipientQuery{State: RecipientFailed})
	if page.Items[0].Attempts != maxAttempts || !strings.Contains(page.Items[0].Error, "Gave up after 5 attempts") {
		t.Fatalf("failed recipient %+v", page.Items[0])
	}
	if w.journalCount()["+12025550000"] != 1 {
		t.Fatal("the retried message did not go exactly once")
	}
}

func TestWaitsWhileDisconnectedAndResumesByItself(t *testing.T) {
	w := newWorld(t)
	w.addContacts(5)
	in := w.start(quiet())
	in.disconnect(t)
	c, _ := in.Create(Input{Name: "W", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	in.Start(c.ID)
	eventually(t, "waiting", func() bool { return in.state(t, c.ID) == StateWaiting })
	if w.sent(c.ID) != 0 {
		t.Fatal("sent while disconnected")
	}
	in.sim.Connect(t.Context())
	w.clock.Advance(2 * time.Second)
	eventually(t, "completed after reconnecting", func() bool { return in.state(t, c.ID) == StateCompleted })
}

func TestRepliesAreAttachedAndStopOptsOut(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(2)
	in := w.start(quiet())
	c, _ := in.Create(Input{Name: "Q", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	in.Start(c.ID)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	page, _ := in.Recipients(c.ID, RecipientQuery{})
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{ID: "in1",
		From: page.Items[0].Phone, Text: "Stop!", InReplyTo: page.Items[0].MessageID, At: t0}})
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{ID: "in2",
		From: page.Items[1].Phone, Text: "Please stop by the shop tomorrow", At: t0}})
	eventually(t, "both replies recorded", func() bool {
		got, _ := in.Get(c.ID)
		return got.Stats.Replied == 2
	})
	msgs, err := in.ContactMessages(ids[0])
	if err != nil || len(msgs) != 1 || msgs[0].CampaignName != "Q" || msgs[0].Reply != "Stop!" || msgs[0].RepliedAt == nil {
		t.Fatalf("the contact's messages %+v, %v", msgs, err)
	}
	first, _ := w.contacts.Get(ids[0])
	second, _ := w.contacts.Get(ids[1])
	if !first.OptedOut || !strings.Contains(first.OptedOutReason, "STOP") || second.OptedOut {
		t.Fatalf("opt-outs: %+v / %+v", first, second)
	}
	var replies []activity.Entry
	w.db.Where("kind = 'campaigns' AND action = 'replied'").Find(&replies)
	if len(replies) != 2 || replies[0].Ref != activity.CampaignRef(c.ID) || replies[1].Ref != activity.CampaignRef(c.ID) {
		t.Errorf("the replies' entries %+v do not refer to the campaign", replies)
	}
}

func TestCreateRefusesWhatCannotBeSent(t *testing.T) {
	w := newWorld(t)
	w.addContacts(1)
	in := w.start(quiet())
	good := w.template("Hello")
	bad := w.template("Hello {{frist_name}}")
	at := t0.Add(time.Hour).Format(time.RFC3339)
	for name, input := range map[string]Input{
		"no name":          {TemplateID: good, Audience: Audience{All: true}},
		"no audience":      {Name: "x", TemplateID: good},
		"unknown template": {Name: "x", TemplateID: 999, Audience: Audience{All: true}},
		"bad template":     {Name: "x", TemplateID: bad, Audience: Audience{All: true}, Schedule: Schedule{At: at}},
		"bad pace":         {Name: "x", TemplateID: good, Audience: Audience{All: true}, Pace: Pace{MinDelaySec: 9, MaxDelaySec: 3}},
		"bad hours":        {Name: "x", TemplateID: good, Audience: Audience{All: true}, Pace: Pace{HoursFrom: "9", HoursTo: "17:00"}},
		"bad zone":         {Name: "x", TemplateID: good, Audience: Audience{All: true}, Schedule: Schedule{At: at, TimeZone: "Mars/Base"}},
		"bad cron":         {Name: "x", TemplateID: good, Audience: Audience{All: true}, Schedule: Schedule{Cron: "every day"}},
		"every second":     {Name: "x", TemplateID: good, Audience: Audience{All: true}, Schedule: Schedule{Cron: "@every 1s"}},
		"bad time":         {Name: "x", TemplateID: good, Audience: Audience{All: true}, Schedule: Schedule{At: "tomorrow"}},
	} {
		_, err := in.Create(input)
		if err == nil {
			t.Errorf("%s: created", name)
			continue
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			t.Errorf("%s: %v is not a message for the user", name, err)
		}
	}
	// A draft may use a template with problems; starting it is refused.
	c, err := in.Create(Input{Name: "Draft", TemplateID: bad, Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); apperr.KindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), "frist_name") {
		t.Fatalf("start with an unknown variable: %v", err)
	}
}

func TestWeekdaysReadNumbersAndNames(t *testing.T) {
	var p Pace
	if err := json.Unmarshal([]byte(`{"weekdays":[1,"tue","Wednesday",0]}`), &p); err != nil {
		t.Fatal(err)
	}
	want := Weekdays{time.Monday, time.Tuesday, time.Wednesday, time.Sunday}
	if len(p.Weekdays) != 4 || p.Weekdays[0] != want[0] || p.Weekdays[1] != want[1] || p.Weekdays[2] != want[2] || p.Weekdays[3] != want[3] {
		t.Fatalf("weekdays %v", p.Weekdays)
	}
	for _, bad := range []string{`{"weekdays":["x"]}`, `{"weekdays":[9]}`, `{"weekdays":"mon"}`} {
		if json.Unmarshal([]byte(bad), &p) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestAudiencePartsAddUpAndExcludedTagsWin(t *testing.T) {
	w := newWorld(t)
	vip := w.addContacts(4, "vip")
	lead := w.addContacts(3, "lead")
	both := w.addContacts(2, "vip", "lead")
	other := w.addContacts(3)
	if _, err := w.contacts.Update(withName(w, other[0], "Zelda Quinn")); err != nil {
		t.Fatal(err)
	}
	in := w.start(quiet())
	for name, tc := range map[string]struct {
		a    Audience
		want int64
	}{
		"any tag":            {Audience{Tags: []string{"vip", "lead"}}, int64(len(vip) + len(lead) + len(both))},
		"all tags":           {Audience{Tags: []string{"vip", "lead"}, TagsMatch: "all"}, int64(len(both))},
		"exclude":            {Audience{Tags: []string{"vip"}, ExcludeTags: []string{"lead"}}, int64(len(vip))},
		"everyone but leads": {Audience{All: true, ExcludeTags: []string{"LEAD"}}, int64(len(vip) + len(other))},
		"hand-picked":        {Audience{ContactIDs: []int64{other[1], other[2]}}, 2},
		"search":             {Audience{Search: "zelda"}, 1},
		"search and tag":     {Audience{Search: "zel", Tags: []string{"lead"}}, int64(1 + len(lead) + len(both))},
		"unknown tag":        {Audience{Tags: []string{"nope"}}, 0},
		"all with unknown":   {Audience{Tags: []string{"vip", "nope"}, TagsMatch: "all"}, 0},
		"any with unknown":   {Audience{Tags: []string{"vip", "nope"}}, int64(len(vip) + len(both))},
		"exclude unknown":    {Audience{Tags: []string{"lead"}, ExcludeTags: []string{"nope"}}, int64(len(lead) + len(both))},
	} {
		got, err := in.Audience(tc.a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Recipients != tc.want {
			t.Errorf("%s: %d recipients, want %d", name, got.Recipients, tc.want)
		}
	}
}

// setCompany gives contact id the company name.
func (w *world) setCompany(id int64, name string) {
	w.t.Helper()
	c, err := w.contacts.Get(id)
	if err != nil {
		w.t.Fatal(err)
	}
	c.Company = name
	if _, err := w.contacts.Update(c); err != nil {
		w.t.Fatal(err)
	}
}

func withName(w *world, id int64, name string) contacts.Contact {
	c, err := w.contacts.Get(id)
	if err != nil {
		w.t.Fatal(err)
	}
	c.Name = name
	return c
}

func TestPreviewRendersEachRecipientAndPlansTheSend(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(3)
	w.setCompany(ids[0], "Acme")
	in := w.start(quiet())
	tmpl := w.template("Hi {{first_name}} from {{company}}")
	plan, err := in.Preview(Input{Name: "P", TemplateID: tmpl, Audience: Audience{All: true},
		Pace: Pace{PerMinute: 2}}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Problems) != 0 || plan.Audience.Recipients != 3 || len(plan.Messages) != 3 {
		t.Fatalf("plan %+v", plan)
	}
	first := plan.Messages[0]
	if first.ContactID != ids[0] || first.Name == "" || first.Text != "Hi Person0 from Acme" || first.Problem != "" {
		t.Fatalf("first message %+v", first)
	}
	if plan.Messages[1].Problem == "" || !strings.Contains(plan.Messages[1].Problem, "{{company}}") {
		t.Fatalf("a contact without a company is not flagged: %+v", plan.Messages[1])
	}
	// Two of the three have no company and are skipped: one message at two
	// a minute, counted at 30 s.
	if plan.Skipped.Total != 2 || plan.Estimate == nil || plan.Estimate.Messages != 1 || plan.Estimate.Sec != 30 {
		t.Errorf("skipped %+v, estimate %+v", plan.Skipped, plan.Estimate)
	}
	bad, _ := in.Preview(Input{TemplateID: tmpl, Audience: Audience{All: true}}, 1)
	if len(bad.Problems) == 0 {
		t.Error("a campaign without a name passes the preview")
	}
}
