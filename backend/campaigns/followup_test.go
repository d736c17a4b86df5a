package campaigns

import (
	"slices"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/contacts"
	"herald/backend/whatsapp"
)

// results is a finished campaign on the simulator whose results no longer
// change.
type results struct {
	w  *world
	in *instance
	id int64
	// readNoReply, replied and unread are the contacts whose message was
	// read without a reply, answered, and delivered but never read; failed
	// are those whose sends never went.
	readNoReply, replied, unread, failed []int64
}

// finishedWithResults sends a campaign to 40 contacts on the simulator,
// half of the readers replying and two numbers failing for good, lets the
// receipts and replies come for ten minutes, then stops Herald, so that
// the results stay as they are, and starts it again.
func finishedWithResults(t *testing.T) results {
	t.Helper()
	w := newWorld(t)
	ids := w.addContacts(40)
	cfg := quiet()
	cfg.ReplyRate = 0.5
	sim := w.newSim(cfg)
	flaky := &flakyDriver{Driver: sim, failures: map[string]int{}}
	in := w.startWith(sim, flaky)
	phones, err := w.book.Phones(ids[3:5])
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range phones {
		flaky.failFirst(p, 1000)
	}
	c, err := in.Create(Input{Name: "Spring sale", TemplateID: w.template("Hello {{first_name}}"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	w.advanceUntil("the campaign's end", time.Minute, func() bool { return in.state(t, c.ID) == StateCompleted })
	// Reads come within two minutes of delivery and replies within three
	// of a read.
	for range 10 {
		w.clock.Advance(time.Minute)
	}
	in.stop()
	r := results{w: w, in: w.start(cfg), id: c.ID}
	var rows []struct {
		ContactID int64
		State     string
		Read      bool
		Replied   bool
	}
	w.db.Raw(`SELECT contact_id, state, read_at IS NOT NULL AS read, replied_at IS NOT NULL AS replied
		FROM campaign_recipients WHERE campaign_id = ? ORDER BY contact_id`, c.ID).Scan(&rows)
	for _, row := range rows {
		switch {
		case row.State == RecipientFailed:
			r.failed = append(r.failed, row.ContactID)
		case row.Replied:
			r.replied = append(r.replied, row.ContactID)
		case row.Read:
			r.readNoReply = append(r.readNoReply, row.ContactID)
		case row.State == RecipientDelivered:
			r.unread = append(r.unread, row.ContactID)
		}
	}
	if len(r.readNoReply) == 0 || len(r.replied) == 0 || len(r.unread) == 0 || !slices.Equal(r.failed, ids[3:5]) {
		t.Fatalf("the simulator made no mix of results: %d read, %d replied, %d unread, failed %v",
			len(r.readNoReply), len(r.replied), len(r.unread), r.failed)
	}
	return r
}

// recipientsOf lists the contacts campaign id queued, in id order.
func (w *world) recipientsOf(id int64) []int64 {
	w.t.Helper()
	var ids []int64
	if err := w.db.Raw("SELECT contact_id FROM campaign_recipients WHERE campaign_id = ? ORDER BY contact_id", id).Scan(&ids).Error; err != nil {
		w.t.Fatal(err)
	}
	return ids
}

func TestResults_CountEachGroupOfTheRecipients(t *testing.T) {
	r := finishedWithResults(t)
	groups, err := r.in.Results(r.id)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{ResultDelivered: len(r.unread), ResultRead: len(r.readNoReply), ResultReplied: len(r.replied),
		ResultFailed: len(r.failed), ResultSkipped: 0}
	var order []string
	for _, g := range groups {
		order = append(order, g.Result)
		if g.Count != int64(want[g.Result]) {
			t.Errorf("%s (%s) counts %d, want %d", g.Result, g.Title, g.Count, want[g.Result])
		}
		if g.Result == ResultRead && (g.Title != "Read, no reply" || g.Label != "Recipients of “Spring sale” who read it but did not reply") {
			t.Errorf("those who read without replying are %q, %q", g.Title, g.Label)
		}
	}
	if !slices.Equal(order, []string{ResultDelivered, ResultRead, ResultReplied, ResultFailed, ResultSkipped}) {
		t.Errorf("groups in the order %v", order)
	}
}

func TestFollowUp_FromReadButNoReplyGetsExactlyThoseContactsAsTheyWereWhenSaved(t *testing.T) {
	r := finishedWithResults(t)
	w, in := r.w, r.in
	// Contacts added since were not in the campaign: the follow-up leaves them out.
	w.addContacts(3)
	plan, err := in.Preview(Input{Name: "Nudge", TemplateID: w.template("Still interested?"),
		Audience: Audience{FollowUp: &FollowUp{CampaignID: r.id, Result: ResultRead}}}, 1)
	if err != nil || plan.Audience.Recipients != int64(len(r.readNoReply)) {
		t.Fatalf("the review counts %+v (%v), want %d", plan.Audience, err, len(r.readNoReply))
	}
	c, err := in.Create(Input{Name: "Nudge", TemplateID: w.template("Still interested?"),
		Audience: Audience{FollowUp: &FollowUp{CampaignID: r.id, Result: ResultRead}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Audience.FollowUp; got == nil || got.Label != "Recipients of “Spring sale” who read it but did not reply" {
		t.Fatalf("the saved audience %+v", got)
	}
	// One of them replies after the follow-up was saved: it keeps them.
	late := r.readNoReply[0]
	var msg struct {
		MessageID string
		Phone     string
	}
	w.db.Raw("SELECT message_id, phone FROM campaign_recipients WHERE campaign_id = ? AND contact_id = ?", r.id, late).Scan(&msg)
	in.e.Observe(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{ID: "late-reply", From: msg.Phone,
		Text: "Sorry, I was away", At: w.clock.Now(), InReplyTo: msg.MessageID}})
	eventually(t, "the late reply", func() bool {
		var n int64
		w.db.Raw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND replied_at IS NOT NULL", r.id).Scan(&n)
		return n == int64(len(r.replied))+1
	})
	// Edited with the same group, or copied, it keeps the contacts it was saved with.
	edit := Input{ID: c.ID, Name: "Nudge again", TemplateID: c.TemplateID, Audience: c.Audience}
	if _, err := in.Update(edit); err != nil {
		t.Fatal(err)
	}
	dup, err := in.Duplicate(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{c.ID, dup.ID} {
		if _, err := in.Start(id); err != nil {
			t.Fatal(err)
		}
		if got := w.recipientsOf(id); !slices.Equal(got, r.readNoReply) {
			t.Fatalf("the follow-up %d went to %v, want exactly those who read without replying %v", id, got, r.readNoReply)
		}
	}
	// Edited to another group, it takes that group as it is now.
	other, err := in.Create(Input{Name: "Thanks", TemplateID: c.TemplateID, Audience: Audience{FollowUp: &FollowUp{CampaignID: r.id, Result: ResultRead}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Update(Input{ID: other.ID, Name: "Thanks", TemplateID: c.TemplateID,
		Audience: Audience{FollowUp: &FollowUp{CampaignID: r.id, Result: ResultReplied}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(other.ID); err != nil {
		t.Fatal(err)
	}
	replied := slices.Sorted(slices.Values(append([]int64{late}, r.replied...)))
	if got := w.recipientsOf(other.ID); !slices.Equal(got, replied) {
		t.Fatalf("the edited follow-up went to %v, want those who replied %v", got, replied)
	}
	// A repeat cannot follow up: its runs would all go to the same people.
	_, err = in.Create(Input{Name: "Again", TemplateID: w.template("Hi"), Schedule: Schedule{Cron: "@daily"},
		Audience: Audience{FollowUp: &FollowUp{CampaignID: r.id, Result: ResultRead}}})
	if err == nil {
		t.Error("a repeating follow-up was saved")
	}
}

func TestTagResults_TagsExactlyTheGroupAndLogsIt(t *testing.T) {
	r := finishedWithResults(t)
	w, in := r.w, r.in
	out, err := in.TagResults(r.id, ResultRead, "", " warm  lead ")
	if err != nil {
		t.Fatal(err)
	}
	if out.Tag != "warm lead" || out.Contacts != int64(len(r.readNoReply)) || out.Added != out.Contacts {
		t.Fatalf("tagged %+v, want %d contacts", out, len(r.readNoReply))
	}
	page, err := w.contacts.List(contacts.Query{Tags: []string{"warm lead"}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var tagged []int64
	for _, c := range page.Items {
		tagged = append(tagged, c.ID)
	}
	slices.Sort(tagged)
	if !slices.Equal(tagged, r.readNoReply) {
		t.Fatalf("tagged %v, want exactly those who read without replying %v", tagged, r.readNoReply)
	}
	var entry activity.Entry
	if err := w.db.Where("kind = 'campaigns' AND action = 'tagged'").Take(&entry).Error; err != nil {
		t.Fatal(err)
	}
	if entry.Ref != activity.CampaignRef(r.id) || entry.Summary == "" {
		t.Errorf("the log says %+v", entry)
	}
	if _, err := in.TagResults(r.id, ResultSkipped, "", "nobody"); err == nil {
		t.Error("tagging an empty group succeeded")
	}
}
