package campaigns

import (
	"testing"
	"time"
)

// sameEstimate fails t when got is not want, time by time.
func sameEstimate(t *testing.T, what string, got, want *Estimate) {
	t.Helper()
	if got == nil || want == nil {
		t.Fatalf("%s: estimate %+v, want %+v", what, got, want)
	}
	if got.Messages != want.Messages || got.Sec != want.Sec || got.WaitSec != want.WaitSec || !got.Now.Equal(want.Now) ||
		!got.StartsAt.Equal(want.StartsAt) || !got.FinishesAt.Equal(want.FinishesAt) {
		t.Fatalf("%s: estimate %+v, want %+v", what, got, want)
	}
}

// hoursInput is a campaign of everyone at one message a second whose
// sending hours open six minutes after t0.
func hoursInput(w *world) Input {
	return Input{Name: "Hours", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Pace: Pace{PerMinute: 60, HoursFrom: "10:06", HoursTo: "12:00"}, Schedule: Schedule{TimeZone: "UTC"}}
}

func TestCampaignOutsideItsHoursWaitsWithTheReasonAndOneEstimate(t *testing.T) {
	w := newWorld(t)
	w.addContacts(5)
	in := w.start(quiet())
	input := hoursInput(w)
	plan, err := in.Preview(input, 1)
	if err != nil {
		t.Fatal(err)
	}
	open := t0.Add(6 * time.Minute)
	want := &Estimate{Messages: 5, Now: t0, StartsAt: open, FinishesAt: open.Add(5 * time.Second), Sec: 365, WaitSec: 360}
	sameEstimate(t, "review", plan.Estimate, want)

	c, err := in.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	if c.HoursOpenAt == nil || !c.HoursOpenAt.Equal(open) || c.Estimate != nil {
		t.Fatalf("a draft outside its hours: opens at %v, estimate %+v", c.HoursOpenAt, c.Estimate)
	}
	started, err := in.Start(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if started.State != StateWaiting || started.WaitingFor != WaitHours || started.Note != "Waiting for sending hours: starts at 10:06." {
		t.Fatalf("a campaign outside its hours starts as %s, %q", started.State, started.Note)
	}
	sameEstimate(t, "start", started.Estimate, want)
	got, err := in.Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameEstimate(t, "detail", got.Estimate, want)
	page, err := in.List(Query{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("list %+v, %v", page, err)
	}
	sameEstimate(t, "list", page.Items[0].Estimate, want)
	rep, err := in.Report(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameEstimate(t, "report", rep.Campaign.Estimate, want)
	if w.sent(c.ID) != 0 || in.state(t, c.ID) != StateWaiting {
		t.Fatalf("sent %d while waiting, state %s", w.sent(c.ID), in.state(t, c.ID))
	}

	w.advanceTo(open)
	eventually(t, "the first message", func() bool { return w.sent(c.ID) > 0 })
	if st := in.state(t, c.ID); st != StateRunning && st != StateCompleted {
		t.Fatalf("state %s once the window opened", st)
	}
	first := w.sentTimes(c.ID)[0]
	if first.Before(open) || first.After(open.Add(20*time.Second)) {
		t.Fatalf("first message at %s, the window opens at %s", first, open)
	}
	got, _ = in.Get(c.ID)
	if got.Note != "" {
		t.Fatalf("a sending campaign keeps the note %q", got.Note)
	}
	w.advanceUntil("completion", 5*time.Second, func() bool { return in.state(t, c.ID) == StateCompleted })
}

func TestCampaignWaitingForItsHoursSurvivesARestartAndSendsEachMessageOnce(t *testing.T) {
	w := newWorld(t)
	w.addContacts(4)
	in := w.start(quiet())
	c, err := in.Create(hoursInput(w))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	in.stop()
	in2 := w.start(quiet())
	got, err := in2.Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != StateWaiting || got.Estimate == nil || !got.Estimate.StartsAt.Equal(t0.Add(6*time.Minute)) {
		t.Fatalf("after a restart: %s, %+v", got.State, got.Estimate)
	}
	w.advanceUntil("completion", 20*time.Second, func() bool { return in2.state(t, c.ID) == StateCompleted })
	for phone, n := range w.journalCount() {
		if n != 1 {
			t.Errorf("%s got %d messages", phone, n)
		}
	}
	if n := len(w.journalCount()); n != 4 {
		t.Errorf("%d numbers got the message, want 4", n)
	}
}

func TestEstimateCountsWhatTheDailyCapLeftForToday(t *testing.T) {
	p := Pace{PerMinute: 60, DailyCap: 10}
	// 5 of today's 10 went already: 5 today, 3 from tomorrow's midnight.
	est := p.plan(8, t0, t0, time.UTC, capDay{SentToday: 5})
	tomorrow := startOfDay(t0, time.UTC).AddDate(0, 0, 1)
	if !est.FinishesAt.Equal(tomorrow.Add(3 * time.Second)) {
		t.Fatalf("finishes at %s, want %s", est.FinishesAt, tomorrow.Add(3*time.Second))
	}
	if est.WaitSec != 0 || !est.StartsAt.Equal(t0) {
		t.Fatalf("an open window waits %d s from %s", est.WaitSec, est.StartsAt)
	}
	// With today's cap used up, the first message waits for tomorrow.
	full := p.plan(8, t0, t0, time.UTC, capDay{SentToday: 10})
	if !full.StartsAt.Equal(tomorrow) || full.WaitSec != int64(tomorrow.Sub(t0)/time.Second) {
		t.Fatalf("a used-up cap starts at %s (wait %d s), want %s", full.StartsAt, full.WaitSec, tomorrow)
	}
}

func TestReviewEstimatesInTheZoneTheSavedCampaignGets(t *testing.T) {
	w := newWorld(t)
	w.addContacts(2)
	in := w.start(quiet())
	// 04:00 in Mexico City at t0: the hours open at 04:06 there.
	in.e.userZone = func() string { return "America/Mexico_City" }
	input := Input{Name: "Zone", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Pace: Pace{PerMinute: 60, HoursFrom: "04:06", HoursTo: "06:00"}}
	plan, err := in.Preview(input, 1)
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	started, err := in.Start(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameEstimate(t, "review and campaign", plan.Estimate, started.Estimate)
	if !started.Estimate.StartsAt.Equal(t0.Add(6 * time.Minute)) {
		t.Fatalf("starts at %s, want 04:06 in Mexico City", started.Estimate.StartsAt)
	}
}

func TestCampaignPastItsDailyCapWaitsForTheNextDay(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "Cap", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Pace: Pace{DailyCap: 2}, Schedule: Schedule{TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the cap to hold it", func() bool { return in.state(t, c.ID) == StateWaiting })
	got, err := in.Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := startOfDay(t0, time.UTC).AddDate(0, 0, 1)
	if got.WaitingFor != WaitCap || got.Note != "Waiting for the next sending day: the daily cap of 2 messages is reached; starts at Thu 8 Jan 00:00." {
		t.Fatalf("waiting for %q: %q", got.WaitingFor, got.Note)
	}
	if w.sent(c.ID) != 2 || got.Estimate == nil || !got.Estimate.StartsAt.Equal(tomorrow) || got.Estimate.Messages != 1 {
		t.Fatalf("sent %d, estimate %+v", w.sent(c.ID), got.Estimate)
	}
	w.advanceUntil("completion the next day", time.Hour, func() bool { return in.state(t, c.ID) == StateCompleted })
}
