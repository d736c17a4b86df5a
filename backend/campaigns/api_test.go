package campaigns

import (
	"testing"
	"time"
)

func TestAPI_LastStartedIsTheCampaignThatStartedMostRecently(t *testing.T) {
	w := newWorld(t)
	w.addContacts(3)
	tmpl := w.template("Hi {{first_name}}")
	in := w.start(quiet())
	api := NewAPI(in.Service)

	if _, ok, err := api.LastStarted(); err != nil || ok {
		t.Fatalf("LastStarted on an empty book: ok %v, err %v; want none", ok, err)
	}
	older, err := in.Create(Input{Name: "Older", TemplateID: tmpl, Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	newer, err := in.Create(Input{Name: "Newer", TemplateID: tmpl, Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := api.LastStarted(); err != nil || ok {
		t.Fatalf("LastStarted with drafts only: ok %v, err %v; want none", ok, err)
	}

	// The newer campaign starts first, the older one a minute later.
	for _, id := range []int64{newer.ID, older.ID} {
		if _, err := in.Start(id); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the campaign completes", func() bool { return in.state(t, id) == StateCompleted })
		w.clock.Advance(time.Minute)
	}
	last, ok, err := api.LastStarted()
	if err != nil || !ok {
		t.Fatalf("LastStarted: ok %v, err %v", ok, err)
	}
	if last.ID != older.ID || last.Name != "Older" {
		t.Errorf("LastStarted is %q (id %d), want the one started last, %q (id %d)", last.Name, last.ID, older.Name, older.ID)
	}
	if last.State != StateCompleted || last.Stats.Total != 3 || wentOut(last.Stats) != 3 || last.StartedAt == nil {
		t.Errorf("LastStarted state %s, stats %+v, started %v; want completed with 3 sent", last.State, last.Stats, last.StartedAt)
	}
}

func TestAPI_OutcomeCountsWhoOptedOutByAnsweringTheCampaign(t *testing.T) {
	w := newWorld(t)
	w.addContacts(4)
	tmpl := w.template("Hi {{first_name}}")
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "Told", TemplateID: tmpl, Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the campaign completes", func() bool { return in.state(t, c.ID) == StateCompleted })
	// Two answers are opt-out words, one is not.
	for i, reply := range []string{"stop", "Thanks!", "UNSUBSCRIBE please"} {
		if err := w.db.Exec(`UPDATE campaign_recipients SET reply = ?, replied_at = ? WHERE id = (
				SELECT id FROM campaign_recipients WHERE campaign_id = ? ORDER BY id LIMIT 1 OFFSET ?)`,
			reply, w.clock.Now().UTC(), c.ID, i).Error; err != nil {
			t.Fatal(err)
		}
	}
	out, err := NewAPI(in.Service).Outcome(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if out.OptedOut != 2 || out.Campaign.Name != "Told" || out.Campaign.Stats.Total != 4 {
		t.Errorf("Outcome = %d opted out, %q, %+v; want 2 of 4 for “Told”", out.OptedOut, out.Campaign.Name, out.Campaign.Stats)
	}
	if _, err := NewAPI(in.Service).Outcome(c.ID + 100); err == nil {
		t.Error("the Outcome of no campaign has no error")
	}
}
