package campaigns

import (
	"math"
	"testing"
	"time"
)

func TestReportOfAFinishedCampaignIsCumulativeWithItsDurationAndSpeed(t *testing.T) {
	w := newWorld(t)
	w.addContacts(5)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "R", TemplateID: w.template("Hi"), Audience: Audience{All: true},
		Pace: Pace{PerMinute: 60}, Schedule: Schedule{TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	w.advanceUntil("completion", time.Second, func() bool { return in.state(t, c.ID) == StateCompleted })
	rep, err := in.Report(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Campaign
	took := got.FinishedAt.Sub(*got.StartedAt)
	if took < 4*time.Second || rep.DurationSec != int64(took.Round(time.Second)/time.Second) {
		t.Fatalf("duration %d s, the campaign took %s", rep.DurationSec, took)
	}
	if want := 5 / took.Minutes(); math.Abs(rep.AvgPerMinute-want) > 1e-9 {
		t.Fatalf("average %.2f a minute, want %.2f", rep.AvgPerMinute, want)
	}
	if len(rep.Timeline) < 2 {
		t.Fatalf("timeline %+v", rep.Timeline)
	}
	for i := 1; i < len(rep.Timeline); i++ {
		if rep.Timeline[i].Sent < rep.Timeline[i-1].Sent {
			t.Fatalf("the timeline goes down: %+v", rep.Timeline)
		}
	}
	if last := rep.Timeline[len(rep.Timeline)-1]; last.Sent != 5 {
		t.Fatalf("the timeline ends at %d sent, want 5: %+v", last.Sent, rep.Timeline)
	}
	if got.Estimate != nil || rep.PerMinute != 0 {
		t.Fatalf("a finished campaign has an estimate %+v or a speed %.1f", got.Estimate, rep.PerMinute)
	}
}
