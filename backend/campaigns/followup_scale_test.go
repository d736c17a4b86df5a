package campaigns

import (
	"testing"
	"time"
)

// A campaign of 100,000 recipients: its results are counted, one group is
// tagged and becomes a follow-up's audience, frozen, counted and queued,
// and the frequency cap counts and skips over the same sends, each in
// seconds.
func TestFollowUp_AHundredThousandRecipientsInSeconds(t *testing.T) {
	if testing.Short() {
		t.Skip("a big campaign")
	}
	const n = 100_000
	w := newWorld(t)
	w.addContactsFast(n)
	in := w.start(quiet())
	src, err := in.Create(Input{Name: "Big", TemplateID: w.template("Hi"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := in.e.beginTx(src.ID); err != nil {
		t.Fatal(err)
	}
	// As if it had gone out an hour ago: every third message read, the others delivered.
	sent := dbTime(w.clock.Now().Add(-time.Hour))
	if err := w.db.Exec(`UPDATE campaign_recipients SET state = CASE WHEN id % 3 = 0 THEN 'read' ELSE 'delivered' END,
		message_id = 'big-' || id, sent_at = ?, delivered_at = ? WHERE campaign_id = ?`, sent, sent, src.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := w.db.Exec("UPDATE campaigns SET state = ? WHERE id = ?", StateCompleted, src.ID).Error; err != nil {
		t.Fatal(err)
	}
	var read int64
	w.db.Raw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND state = 'read'", src.ID).Scan(&read)

	timed := func(what string, f func()) {
		t.Helper()
		start := time.Now()
		f()
		took := time.Since(start)
		t.Logf("%s: %s", what, took)
		if took > 10*time.Second {
			t.Errorf("%s took %s", what, took)
		}
	}
	timed("results", func() {
		groups, err := in.Results(src.ID)
		if err != nil || groups[1].Count != read {
			t.Fatalf("results %+v (%v), want %d read", groups, err, read)
		}
	})
	timed("tag the read", func() {
		out, err := in.TagResults(src.ID, ResultRead, "", "Opened")
		if err != nil || out.Added != read {
			t.Fatalf("tagged %+v (%v), want %d", out, err, read)
		}
	})
	follow := Input{Name: "Nudge", TemplateID: w.template("Hi again"), Audience: Audience{FollowUp: &FollowUp{CampaignID: src.ID, Result: ResultRead}}}
	timed("count the follow-up", func() {
		if c, err := in.Audience(follow.Audience); err != nil || c.Recipients != read {
			t.Fatalf("count %+v (%v)", c, err)
		}
	})
	var id int64
	timed("save the follow-up", func() {
		c, err := in.Create(follow)
		if err != nil {
			t.Fatal(err)
		}
		id = c.ID
	})
	timed("queue the follow-up", func() {
		if q, _, err := in.e.beginTx(id); err != nil || q.Recipients != read {
			t.Fatalf("queued %+v (%v)", q, err)
		}
	})
	capped := Audience{All: true, SkipRecentDays: 7}
	timed("count the cap", func() {
		c, err := in.Audience(capped)
		if err != nil || c.RecentlyMessaged != n {
			t.Fatalf("the cap counts %+v (%v), want all %d", c, err, n)
		}
	})
	timed("skip by the cap", func() {
		c, err := in.Create(Input{Name: "Capped", TemplateID: w.template("Hi"), Audience: capped})
		if err != nil {
			t.Fatal(err)
		}
		if q, _, err := in.e.beginTx(c.ID); err != nil || q.RecentlyMessaged != n {
			t.Fatalf("queued %+v (%v)", q, err)
		}
	})
}
