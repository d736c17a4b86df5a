package campaigns

import (
	"testing"

	"herald/backend/activity"
)

func TestActivity_EntriesReferToTheirCampaign(t *testing.T) {
	w := newWorld(t)
	w.addContacts(2)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "Linked", TemplateID: w.template("Hi"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	// The entry follows the state: wait for the entry.
	eventually(t, "its completion in the log", func() bool {
		var n int64
		w.db.Model(&activity.Entry{}).Where("kind = 'campaigns' AND action = 'completed'").Count(&n)
		return n == 1
	})
	copied, err := in.Duplicate(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Delete(copied.ID); err != nil {
		t.Fatal(err)
	}
	var entries []activity.Entry
	if err := w.db.Where("kind = 'campaigns'").Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	want := map[string]activity.Ref{
		"created": activity.CampaignRef(c.ID), "started": activity.CampaignRef(c.ID), "completed": activity.CampaignRef(c.ID),
		"deleted": {},
	}
	seen := map[string]bool{}
	for _, e := range entries {
		ref, ok := want[e.Action]
		if e.Action == "created" && seen["created"] {
			ref = activity.CampaignRef(copied.ID) // the duplicate
		}
		seen[e.Action] = true
		if ok && e.Ref != ref {
			t.Errorf("%s entry refers to %+v, want %+v", e.Action, e.Ref, ref)
		}
	}
	for action := range want {
		if !seen[action] {
			t.Errorf("no %s entry among %+v", action, entries)
		}
	}
}
