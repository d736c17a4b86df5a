package campaigns

import "fmt"

// API is the campaigns as Herald's other packages read them (the
// dashboard), never through the campaigns tables. It is apart from Service
// so that none of it is bound to the UI.
type API struct {
	e *Engine
}

// NewAPI returns the API over s's campaigns.
func NewAPI(s *Service) *API { return &API{e: s.e} }

// LastStarted returns the campaign that most recently started sending,
// whatever its state now, with its stats; ok is false when none has
// started yet.
func (x *API) LastStarted() (c Campaign, ok bool, err error) {
	var rows []row
	if err := x.e.db.Where("started_at IS NOT NULL").Order("started_at DESC, id DESC").Limit(1).Find(&rows).Error; err != nil {
		return Campaign{}, false, fmt.Errorf("find the last campaign started: %w", err)
	}
	if len(rows) == 0 {
		return Campaign{}, false, nil
	}
	c, err = x.e.withStats(rows[0])
	if err != nil {
		return Campaign{}, false, fmt.Errorf("read the last campaign started: %w", err)
	}
	return c, true, nil
}
