package campaigns

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
)

// advanceUntil moves the campaigns' clock forward by step until cond holds,
// so a dispatcher or a gocron job that sleeps on the fake clock gets there
// whatever the goroutines' timing.
func (w *world) advanceUntil(what string, step time.Duration, cond func() bool) {
	w.t.Helper()
	eventually(w.t, what, func() bool {
		if cond() {
			return true
		}
		w.clock.Advance(step)
		return cond()
	})
}

// advanceTo moves the clock to at once something sleeps until then, so a
// dispatcher waiting for a known time wakes at that time exactly.
func (w *world) advanceTo(at time.Time) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := w.clock.WaitDeadline(ctx, at); err != nil {
		w.t.Fatal(err)
	}
	w.clock.Advance(at.Sub(w.clock.Now()))
}

func (w *world) sentTimes(id int64) []time.Time {
	w.t.Helper()
	var out []time.Time
	if err := w.db.Raw("SELECT sent_at FROM campaign_recipients WHERE campaign_id = ? AND sent_at IS NOT NULL ORDER BY sent_at", id).
		Scan(&out).Error; err != nil {
		w.t.Fatal(err)
	}
	return out
}

func TestOneTimeScheduleStartsOnTime(t *testing.T) {
	w := newWorld(t)
	w.addContacts(5)
	in := w.start(quiet())
	at := t0.Add(time.Hour)
	c, err := in.Create(Input{Name: "Later", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Schedule: Schedule{At: at.Format(time.RFC3339), TimeZone: "Europe/Lisbon"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateScheduled || c.NextRunAt == nil || !c.NextRunAt.Equal(at) || in.e.timer.count() != 1 {
		t.Fatalf("scheduled campaign %+v, %d jobs", c, in.e.timer.count())
	}
	w.clock.Advance(time.Hour - time.Second)
	if in.state(t, c.ID) != StateScheduled || w.sent(c.ID) != 0 {
		t.Fatal("started before its time")
	}
	w.clock.Advance(time.Second)
	eventually(t, "it completes", func() bool { return in.state(t, c.ID) == StateCompleted })
	got, _ := in.Get(c.ID)
	if got.StartedAt.Sub(at) > time.Second || got.StartedAt.Before(at) {
		t.Fatalf("started at %s, due %s", got.StartedAt, at)
	}
	eventually(t, "the one-time job is gone", func() bool { return in.e.timer.count() == 0 })
}

func TestRepeatingScheduleStartsARunEachTime(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	in := w.start(quiet())
	// t0 is Wednesday 10:00 UTC: the next 09:00 is Thursday's.
	c, err := in.Create(Input{Name: "Daily", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Schedule: Schedule{Cron: "0 9 * * *", TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	thursday := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	if c.State != StateScheduled || !c.NextRunAt.Equal(thursday) {
		t.Fatalf("repeating campaign %+v", c)
	}
	if _, err := in.Start(c.ID); err == nil {
		t.Fatal("a repeating campaign started by hand")
	}
	for day := range 2 {
		due := thursday.AddDate(0, 0, day)
		w.clock.Advance(due.Sub(w.clock.Now()))
		eventually(t, "a run completes", func() bool {
			page, _ := in.List(Query{State: string(StateCompleted)})
			return page.Total == int64(day+1)
		})
		parent, _ := in.Get(c.ID)
		if parent.State != StateScheduled || !parent.NextRunAt.Equal(due.AddDate(0, 0, 1)) {
			t.Fatalf("after run %d the parent is %+v", day+1, parent)
		}
		if parent.Stats.Total != int64(3*(day+1)) {
			t.Fatalf("parent totals %+v", parent.Stats)
		}
		if n := in.e.timer.count(); n != 1 {
			t.Fatalf("%d jobs after run %d, want 1", n, day+1)
		}
	}
	page, _ := in.List(Query{State: string(StateCompleted)})
	if page.Items[0].ParentID == nil || *page.Items[0].ParentID != c.ID || !strings.HasPrefix(page.Items[0].Name, "Daily · ") {
		t.Fatalf("run %+v", page.Items[0])
	}
	if runs, _ := in.List(Query{ParentID: &c.ID}); runs.Total != 2 {
		t.Errorf("%d runs listed under the repeating campaign, want 2", runs.Total)
	}
	if all, _ := in.Recipients(c.ID, RecipientQuery{}); all.Total != 6 {
		t.Errorf("the repeating campaign lists %d recipients over its two runs, want 6", all.Total)
	}
	// Every contact got one message per run.
	for phone, n := range w.journalCount() {
		if n != 2 {
			t.Errorf("%s got %d messages in two runs", phone, n)
		}
	}
	if _, err := in.Cancel(c.ID); err != nil {
		t.Fatal(err)
	}
	if n := in.e.timer.count(); n != 0 {
		t.Fatalf("%d jobs after cancel", n)
	}
}

func TestCampaignMissedWhileClosedStartsAtOpenAndSaysHowLate(t *testing.T) {
	w := newWorld(t)
	w.addContacts(4)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "Missed", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Schedule: Schedule{At: t0.Add(10 * time.Minute).Format(time.RFC3339)}})
	if err != nil {
		t.Fatal(err)
	}
	in.stop()
	w.clock.Advance(time.Hour)
	in2 := w.start(quiet())
	eventually(t, "it completes after the restart", func() bool { return in2.state(t, c.ID) == StateCompleted })
	var entries []activity.Entry
	w.db.Where("kind = 'campaigns' AND action = 'started'").Find(&entries)
	if len(entries) != 1 || !strings.Contains(entries[0].Summary, "50 minutes earlier") {
		t.Fatalf("activity %+v does not say how late", entries)
	}
}

func TestInterruptedCampaignResumesAfterRestart(t *testing.T) {
	w := newWorld(t)
	w.addContacts(10)
	in := w.start(quiet())
	c, _ := in.Create(Input{Name: "R", TemplateID: w.template("Hi"), Audience: Audience{All: true}, Pace: Pace{PerMinute: 1}})
	in.Start(c.ID)
	eventually(t, "a first message", func() bool { return w.sent(c.ID) == 1 })
	in.stop()
	in2 := w.start(quiet())
	w.advanceUntil("completion after restart", time.Minute, func() bool { return in2.state(t, c.ID) == StateCompleted })
	if n := len(w.journalCount()); n != 10 {
		t.Fatalf("%d numbers reached, want 10", n)
	}
	for phone, n := range w.journalCount() {
		if n != 1 {
			t.Errorf("%s got %d", phone, n)
		}
	}
}

func TestMessageInFlightAtACrashIsNotSentTwice(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	in := w.start(quiet())
	c, _ := in.Create(Input{Name: "C", TemplateID: w.template("Hi"), Audience: Audience{All: true}})
	in.Start(c.ID)
	eventually(t, "completed", func() bool { return in.state(t, c.ID) == StateCompleted })
	in.stop()
	// As a crash right after the driver took the messages, before they were
	// marked: all three are back to "sending" in a running campaign.
	w.db.Exec("UPDATE campaign_recipients SET state = 'sending', sent_at = NULL WHERE campaign_id = ?", c.ID)
	w.db.Exec("UPDATE campaigns SET state = 'running', finished_at = NULL WHERE id = ?", c.ID)
	in2 := w.start(quiet())
	eventually(t, "completed again", func() bool { return in2.state(t, c.ID) == StateCompleted })
	// Sent, or delivered: the simulated server hands over on reconnection
	// the receipts that fell due while Herald was down.
	got, _ := in2.Get(c.ID)
	if got.Stats.Sent+got.Stats.Delivered != 3 {
		t.Fatalf("stats %+v", got.Stats)
	}
	for phone, n := range w.journalCount() {
		if n != 1 {
			t.Errorf("%s got %d messages", phone, n)
		}
	}
}

func TestSendingHoursHoldMessagesUntilTheWindowOpens(t *testing.T) {
	w := newWorld(t)
	w.addContacts(5)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "H", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Pace: Pace{PerMinute: 60, HoursFrom: "13:00", HoursTo: "14:00"}, Schedule: Schedule{TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	in.Start(c.ID)
	eventually(t, "it explains the wait", func() bool {
		got, _ := in.Get(c.ID)
		return got.State == StateWaiting && got.Note == "Waiting for sending hours: starts at 13:00."
	})
	open := time.Date(2026, 1, 7, 13, 0, 0, 0, time.UTC)
	w.advanceTo(open)
	w.advanceUntil("completion", time.Second, func() bool { return in.state(t, c.ID) == StateCompleted })
	for _, at := range w.sentTimes(c.ID) {
		if at.Before(open) || !at.Before(open.Add(time.Hour)) {
			t.Errorf("sent at %s, outside 13:00–14:00", at)
		}
	}
}

func TestDailyCapAndWarmUpSpreadSendsOverDays(t *testing.T) {
	for name, tc := range map[string]struct {
		pace   Pace
		perDay []int
	}{
		"cap":     {Pace{DailyCap: 3}, []int{3, 3, 1}},
		"warm-up": {Pace{WarmupCap: 2, WarmupStep: 1, DailyCap: 10}, []int{2, 3, 2}},
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			w.addContacts(7)
			in := w.start(quiet())
			c, err := in.Create(Input{Name: name, TemplateID: w.template("Hi"), Audience: Audience{All: true},
				Pace: tc.pace, Schedule: Schedule{TimeZone: "UTC"}})
			if err != nil {
				t.Fatal(err)
			}
			in.Start(c.ID)
			// Each day, once its sends are recorded and the dispatcher
			// sleeps until the next midnight, the clock moves there.
			total := 0
			for day, n := range tc.perDay {
				total += n
				eventually(t, fmt.Sprintf("%d sent", total), func() bool { return w.sent(c.ID) >= int64(total) })
				if day == len(tc.perDay)-1 {
					break
				}
				midnight := startOfDay(t0, time.UTC).AddDate(0, 0, day+1)
				w.advanceTo(midnight)
			}
			eventually(t, "completion", func() bool { return in.state(t, c.ID) == StateCompleted })
			perDay := map[int]int{}
			for _, at := range w.sentTimes(c.ID) {
				perDay[daysBetween(t0, at, time.UTC)]++
			}
			for day, want := range tc.perDay {
				if perDay[day] != want {
					t.Fatalf("sent per day %v, want %v", perDay, tc.perDay)
				}
			}
		})
	}
}

func TestScheduleJobsStayOnePerCampaign(t *testing.T) {
	w := newWorld(t)
	w.addContacts(2)
	in := w.start(quiet())
	tmpl := w.template("Hi")
	var ids []int64
	for i := range 3 {
		c, err := in.Create(Input{Name: "S", TemplateID: tmpl, Audience: Audience{All: true},
			Schedule: Schedule{At: t0.Add(time.Duration(i+1) * time.Hour).Format(time.RFC3339)}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if n := in.e.timer.count(); n != 3 {
		t.Fatalf("%d jobs, want 3", n)
	}
	// Editing re-arms instead of adding a job.
	if _, err := in.Update(Input{ID: ids[0], Name: "S2", TemplateID: tmpl, Audience: Audience{All: true},
		Schedule: Schedule{At: t0.Add(5 * time.Hour).Format(time.RFC3339)}}); err != nil {
		t.Fatal(err)
	}
	if n := in.e.timer.count(); n != 3 {
		t.Fatalf("%d jobs after an edit, want 3", n)
	}
	in.Cancel(ids[1])
	if n := in.e.timer.count(); n != 2 {
		t.Fatalf("%d jobs after a cancel, want 2", n)
	}
	// Send one now instead of at its time.
	in.Start(ids[2])
	if n := in.e.timer.count(); n != 1 {
		t.Fatalf("%d jobs after starting one by hand, want 1", n)
	}
	in.stop()
	in2 := w.start(quiet())
	if n := in2.e.timer.count(); n != 1 {
		t.Fatalf("%d jobs after a restart, want 1", n)
	}
	// An edit back to a draft removes the job.
	if _, err := in2.Update(Input{ID: ids[0], Name: "S2", TemplateID: tmpl, Audience: Audience{All: true}}); err != nil {
		t.Fatal(err)
	}
	if n := in2.e.timer.count(); n != 0 {
		t.Fatalf("%d jobs after unscheduling, want 0", n)
	}
}

func TestNextOpenAndEstimate(t *testing.T) {
	p := Pace{HoursFrom: "22:00", HoursTo: "02:00", Weekdays: Weekdays{time.Friday}}
	// Friday 23:00 is inside Friday's window; Saturday 01:00 too (it
	// started on Friday); Saturday 03:00 waits for next Friday 22:00.
	fri := time.Date(2026, 1, 9, 23, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ at, want time.Time }{
		{fri, fri},
		{fri.Add(2 * time.Hour), fri.Add(2 * time.Hour)},
		{fri.Add(4 * time.Hour), time.Date(2026, 1, 16, 22, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 9, 12, 0, 0, 0, time.UTC), time.Date(2026, 1, 9, 22, 0, 0, 0, time.UTC)},
	} {
		if got := p.nextOpen(tc.at, time.UTC); !got.Equal(tc.want) {
			t.Errorf("nextOpen(%s) = %s, want %s", tc.at, got, tc.want)
		}
	}
	// 1,000 messages at 10 a minute, 09:00–10:00 (600 a day): 600 on the
	// first day, 400 in 40 minutes on the next.
	q := Pace{PerMinute: 10, HoursFrom: "09:00", HoursTo: "10:00"}
	d := q.estimate(1000, time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC), time.UTC)
	want := 24*time.Hour + 400*6*time.Second
	if d != want {
		t.Errorf("estimate %s, want %s", d, want)
	}
	if d := (Pace{DailyCap: 100}).estimate(250, t0, time.UTC); d < 24*time.Hour {
		t.Errorf("a daily cap of 100 sends 250 in %s", d)
	}
}
