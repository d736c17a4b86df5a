package campaigns

import (
	"slices"
	"testing"
	"time"
)

// sendTo sends a campaign to ids now and waits until it has finished.
func (w *world) sendTo(in *instance, name string, ids []int64) int64 {
	w.t.Helper()
	c, err := in.Create(Input{Name: name, TemplateID: w.template("Hi"), Audience: Audience{ContactIDs: ids}})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		w.t.Fatal(err)
	}
	w.advanceUntil(name+" sent", time.Second, func() bool { return w.sent(c.ID) == int64(len(ids)) })
	return c.ID
}

func TestFrequencyCap_SkipsExactlyWhoGotAnotherCampaignWithinTheDays(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(6)
	in := w.start(quiet())
	w.sendTo(in, "Long ago", ids[0:2])
	w.clock.Advance(8 * 24 * time.Hour)
	recent := w.sendTo(in, "Last week", ids[2:4])
	w.clock.Advance(6 * 24 * time.Hour)

	capped := Audience{All: true, SkipRecentDays: 7}
	n, err := in.Audience(capped)
	if err != nil || n.Recipients != 6 || n.RecentlyMessaged != 2 {
		t.Fatalf("the audience step counts %+v (%v), want 2 of 6 skipped", n, err)
	}
	// Messages of the campaign itself are not another campaign's.
	plan, err := in.Preview(Input{ID: recent, Name: "Last week", TemplateID: w.template("Hi"), Audience: capped}, 1)
	if err != nil || plan.Audience.RecentlyMessaged != 0 {
		t.Fatalf("the campaign's own messages count: %+v, %v", plan.Audience, err)
	}
	plan, err = in.Preview(Input{Name: "Capped", TemplateID: w.template("Hi"), Audience: capped}, 1)
	if err != nil || plan.Skipped.Total != 2 || len(plan.Skipped.Reasons) != 1 || !plan.Skipped.Reasons[0].Recent {
		t.Fatalf("the review's skipped %+v (%v), want the 2 the cap skips", plan.Skipped, err)
	}
	if n, _ := in.Audience(Audience{All: true, SkipRecentDays: 15}); n.RecentlyMessaged != 4 {
		t.Errorf("15 days skip %d, want 4", n.RecentlyMessaged)
	}

	c, err := in.Create(Input{Name: "Capped", TemplateID: w.template("Hi"), Audience: capped})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	w.advanceUntil("the capped campaign's end", time.Second, func() bool { return in.state(t, c.ID) == StateCompleted })
	page, err := in.Recipients(c.ID, RecipientQuery{State: RecipientSkipped})
	if err != nil {
		t.Fatal(err)
	}
	var skipped []int64
	for _, r := range page.Items {
		skipped = append(skipped, r.ContactID)
		if r.Error != "Received another campaign in the last 7 days." {
			t.Errorf("skipped with the reason %q", r.Error)
		}
	}
	if !slices.Equal(skipped, ids[2:4]) {
		t.Fatalf("skipped %v, want exactly those of last week %v", skipped, ids[2:4])
	}
	got, _ := in.Get(c.ID)
	if got.Stats.Skipped != 2 || wentOut(got.Stats) != 4 {
		t.Fatalf("stats %+v", got.Stats)
	}
	// The campaign's results name the reason, and a follow-up can reach them.
	groups, err := in.Results(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := groups[len(groups)-1]
	if last.Result != ResultSkipped || last.Reason != "Received another campaign in the last 7 days." || last.Count != 2 {
		t.Fatalf("the skipped group %+v", last)
	}
	n, err = in.Audience(Audience{FollowUp: &FollowUp{CampaignID: c.ID, Result: ResultSkipped, Reason: last.Reason}})
	if err != nil || n.Recipients != 2 {
		t.Fatalf("a follow-up to them counts %+v (%v)", n, err)
	}
	if _, err := in.Audience(Audience{All: true, SkipRecentDays: 400}); err != nil {
		t.Fatal(err) // counting never refuses; saving does
	}
	if _, err := in.Create(Input{Name: "Too long", TemplateID: w.template("Hi"), Audience: Audience{All: true, SkipRecentDays: 400}}); err == nil {
		t.Error("a cap of 400 days was saved")
	}
}

// The runs of a repeating campaign are one campaign: a daily run under a
// weekly cap still goes to those the run before reached.
func TestFrequencyCap_CountsNoRunOfTheSameRepeat(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(3)
	in := w.start(quiet())
	other := w.sendTo(in, "Other", ids[:1])
	c, err := in.Create(Input{Name: "Daily", TemplateID: w.template("Hi"), Audience: Audience{All: true, SkipRecentDays: 7},
		Schedule: Schedule{Cron: "0 9 * * *", TimeZone: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	thursday := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	for day := range 2 {
		due := thursday.AddDate(0, 0, day)
		w.clock.Advance(due.Sub(w.clock.Now()))
		eventually(t, "a run completes", func() bool {
			page, _ := in.List(Query{State: string(StateCompleted), ParentID: &c.ID})
			return page.Total == int64(day+1)
		})
	}
	runs, _ := in.List(Query{ParentID: &c.ID})
	for _, run := range runs.Items {
		page, err := in.Recipients(run.ID, RecipientQuery{State: RecipientSkipped})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || page.Items[0].ContactID != ids[0] {
			t.Errorf("run %q skipped %+v, want only the contact of “Other” (campaign %d)", run.Name, page.Items, other)
		}
	}
}
