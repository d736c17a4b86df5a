package dashboard

import (
	"time"

	"herald/backend/campaigns"
)

// CampaignReader is what the dashboard reads of the campaigns.
// *campaigns.API implements it.
type CampaignReader interface {
	// LastStarted is the campaign that started sending most recently;
	// ok is false when none has.
	LastStarted() (c campaigns.Campaign, ok bool, err error)
}

// LastCampaign is how the campaign started last is doing, or did.
type LastCampaign struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	State      campaigns.State `json:"state"`
	StartedAt  *time.Time      `json:"startedAt"`
	FinishedAt *time.Time      `json:"finishedAt"`
	// Stats counts its messages by state, as the campaign's page does.
	Stats campaigns.Stats `json:"stats"`
}

func (s *Service) lastCampaign() (*LastCampaign, error) {
	if s.campaigns == nil {
		return nil, nil
	}
	c, ok, err := s.campaigns.LastStarted()
	if err != nil || !ok {
		return nil, err
	}
	return &LastCampaign{ID: c.ID, Name: c.Name, State: c.State, StartedAt: c.StartedAt, FinishedAt: c.FinishedAt, Stats: c.Stats}, nil
}
