package dashboard

import (
	"errors"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/whatsapp"
)

// lastStarted is a CampaignReader with a fixed answer.
type lastStarted struct {
	c   campaigns.Campaign
	ok  bool
	err error
}

func (l lastStarted) LastStarted() (campaigns.Campaign, bool, error) { return l.c, l.ok, l.err }

func (w *world) serviceWith(reader CampaignReader) *Service {
	return NewService(Deps{DB: w.db, Contacts: contacts.NewAPI(w.contacts), Location: time.UTC,
		Now:      func() time.Time { return created },
		WhatsApp: func() (whatsapp.Status, error) { return whatsapp.Status{}, nil }, Activity: activity.NewService(w.db),
		Campaigns: reader})
}

func TestSummary_CarriesTheLastCampaignStartedWithItsCounts(t *testing.T) {
	w := newWorld(t)
	started := created.Add(time.Hour)
	finished := started.Add(10 * time.Minute)
	stats := campaigns.Stats{Total: 10, Sent: 2, Delivered: 3, Read: 2, Failed: 1, Skipped: 2, Replied: 1}
	sum := w.summary(w.serviceWith(lastStarted{ok: true, c: campaigns.Campaign{
		ID: 7, Name: "Spring sale", State: campaigns.StateCompleted, StartedAt: &started, FinishedAt: &finished, Stats: stats,
	}}))
	got := sum.LastCampaign
	if got == nil {
		t.Fatal("no last campaign in the summary")
	}
	if got.ID != 7 || got.Name != "Spring sale" || got.State != campaigns.StateCompleted || got.Stats != stats ||
		!got.StartedAt.Equal(started) || !got.FinishedAt.Equal(finished) {
		t.Errorf("last campaign %+v", *got)
	}
}

func TestSummary_HasNoLastCampaignBeforeTheFirstStarts(t *testing.T) {
	w := newWorld(t)
	if sum := w.summary(w.serviceWith(lastStarted{})); sum.LastCampaign != nil {
		t.Errorf("last campaign %+v before any started", *sum.LastCampaign)
	}
	if sum := w.summary(w.serviceWith(nil)); sum.LastCampaign != nil {
		t.Errorf("last campaign %+v without campaigns to read", *sum.LastCampaign)
	}
}

func TestSummary_FailsWhenTheLastCampaignCannotBeRead(t *testing.T) {
	w := newWorld(t)
	broken := errors.New("disk on fire")
	if _, err := w.serviceWith(lastStarted{err: broken}).Summary(); !errors.Is(err, broken) {
		t.Errorf("Summary error %v, want %v", err, broken)
	}
}
