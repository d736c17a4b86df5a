// Package dashboard gathers, in one call, the figures of Herald's first page:
// how many contacts and campaigns there are, what was sent lately and how
// much of it arrived and was read, what is scheduled next, the WhatsApp
// connection, the latest activity and how the last campaign did. It only reads: the contact book through
// its API, the other packages' tables through the indexes they already have,
// so that it stays fast with a million contacts and hundreds of thousands of
// messages.
package dashboard

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/whatsapp"
)

// Days is how many local days the message figures cover, today included.
const Days = 30

// RecentActivity is how many activity entries the summary carries.
const RecentActivity = 8

// NextScheduled is how many upcoming campaigns the summary lists.
const NextScheduled = 5

// ActivityLister is the read side of the activity log.
type ActivityLister interface {
	List(activity.Query) (activity.Page, error)
}

// ContactBook is what the dashboard reads of the contact book.
// *contacts.API implements it.
type ContactBook interface {
	// Counts counts the contacts and those of them who opted out.
	Counts() (contacts.Counts, error)
}

// Deps are what the dashboard reads.
type Deps struct {
	DB *gorm.DB
	// Contacts is the contact book.
	Contacts ContactBook
	// Location is the user's time zone: days and weeks start at its
	// midnight. Nil means the computer's zone.
	Location *time.Location
	// Now is the clock; nil means the wall clock.
	Now func() time.Time
	// WhatsApp reports the connection (connection.Service.Status).
	WhatsApp func() (whatsapp.Status, error)
	// Activity lists the latest activity entries.
	Activity ActivityLister
	// Campaigns finds the last campaign started; nil leaves it out.
	Campaigns CampaignReader
}

// Service is the dashboard as the UI sees it.
type Service struct {
	db        *gorm.DB
	book      ContactBook
	loc       *time.Location
	now       func() time.Time
	whatsapp  func() (whatsapp.Status, error)
	activity  ActivityLister
	campaigns CampaignReader
}

// NewService returns the dashboard reading through d.
func NewService(d Deps) *Service {
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: d.DB, book: d.Contacts, loc: d.Location, now: d.Now, whatsapp: d.WhatsApp, activity: d.Activity, campaigns: d.Campaigns}
}

// Contacts counts the contact book.
type Contacts struct {
	Total    int64 `json:"total"`
	OptedOut int64 `json:"optedOut"`
}

// Day is what happened on one local day: messages that went out, and the
// deliveries and reads that came back that day.
type Day struct {
	// Date is the local date, YYYY-MM-DD.
	Date      string `json:"date"`
	Sent      int64  `json:"sent"`
	Delivered int64  `json:"delivered"`
	Read      int64  `json:"read"`
}

// Messages are the message figures of the last Days local days.
type Messages struct {
	// Today and ThisWeek count messages sent since local midnight and
	// since the start of the local week (Monday, as ISO 8601 has it).
	Today    int64 `json:"today"`
	ThisWeek int64 `json:"thisWeek"`
	// Sent, Delivered and Read follow the messages sent in the period:
	// how many went out, how many of those arrived (or were read, which
	// implies it) and how many were read. The rates are those shares, 0
	// to 1, and 0 when nothing was sent.
	Sent         int64   `json:"sent"`
	Delivered    int64   `json:"delivered"`
	Read         int64   `json:"read"`
	DeliveryRate float64 `json:"deliveryRate"`
	ReadRate     float64 `json:"readRate"`
	// PerDay has one entry per local day, oldest first, the last being
	// today; days without messages are zeros.
	PerDay []Day `json:"perDay"`
}

// Upcoming is a scheduled campaign.
type Upcoming struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	NextRunAt time.Time `json:"nextRunAt"`
}

// Summary is everything the dashboard shows.
type Summary struct {
	Contacts  Contacts `json:"contacts"`
	Templates int64    `json:"templates"`
	// Campaigns counts campaigns by state; every state is present.
	Campaigns     map[campaigns.State]int64 `json:"campaigns"`
	Messages      Messages                  `json:"messages"`
	NextScheduled []Upcoming                `json:"nextScheduled"`
	WhatsApp      whatsapp.Status           `json:"whatsapp"`
	Activity      []activity.Entry          `json:"activity"`
	// LastCampaign is the campaign started last; nil before the first.
	LastCampaign *LastCampaign `json:"lastCampaign"`
	// TimeZone names the zone the days are counted in; GeneratedAt is
	// when the figures were read.
	TimeZone    string    `json:"timeZone"`
	GeneratedAt time.Time `json:"generatedAt"`
}

// states are every campaign state, so that the UI finds a zero rather
// than nothing for a state no campaign is in.
func states() []campaigns.State {
	return []campaigns.State{
		campaigns.StateDraft, campaigns.StateScheduled, campaigns.StateRunning, campaigns.StatePaused,
		campaigns.StateWaiting, campaigns.StateCompleted, campaigns.StateCancelled, campaigns.StateFailed,
	}
}

// Summary reads the dashboard's figures.
func (s *Service) Summary() (Summary, error) {
	now := s.now()
	out := Summary{
		Campaigns:     make(map[campaigns.State]int64, len(states())),
		NextScheduled: []Upcoming{},
		Activity:      []activity.Entry{},
		TimeZone:      s.loc.String(),
		GeneratedAt:   now.UTC(),
	}
	var err error
	if out.Contacts, err = s.contacts(); err != nil {
		return Summary{}, err
	}
	if err := s.db.Raw("SELECT count(*) FROM templates").Scan(&out.Templates).Error; err != nil {
		return Summary{}, fmt.Errorf("count templates: %w", err)
	}
	if err := s.campaignStates(out.Campaigns); err != nil {
		return Summary{}, err
	}
	if out.Messages, err = s.messages(now); err != nil {
		return Summary{}, err
	}
	if out.NextScheduled, err = s.upcoming(); err != nil {
		return Summary{}, err
	}
	if s.whatsapp != nil {
		if out.WhatsApp, err = s.whatsapp(); err != nil {
			return Summary{}, fmt.Errorf("read the WhatsApp connection: %w", err)
		}
	}
	if out.LastCampaign, err = s.lastCampaign(); err != nil {
		return Summary{}, err
	}
	if s.activity != nil {
		// The connection's steps would push what the user did off the card.
		page, err := s.activity.List(activity.Query{Limit: RecentActivity, HideSteps: true})
		if err != nil {
			return Summary{}, err
		}
		if page.Items != nil {
			out.Activity = page.Items
		}
	}
	return out, nil
}

func (s *Service) contacts() (Contacts, error) {
	n, err := s.book.Counts()
	if err != nil {
		return Contacts{}, err
	}
	return Contacts{Total: n.Total, OptedOut: n.OptedOut}, nil
}

func (s *Service) campaignStates(into map[campaigns.State]int64) error {
	for _, st := range states() {
		into[st] = 0
	}
	var rows []struct {
		State campaigns.State
		N     int64
	}
	if err := s.db.Raw("SELECT state, count(*) AS n FROM campaigns GROUP BY state").Scan(&rows).Error; err != nil {
		return fmt.Errorf("count campaigns: %w", err)
	}
	for _, r := range rows {
		into[r.State] += r.N
	}
	return nil
}

// upcoming lists the next scheduled campaigns, soonest first, through the
// index campaigns_state (state, next_run_at).
func (s *Service) upcoming() ([]Upcoming, error) {
	var rows []struct {
		ID        int64
		Name      string
		NextRunAt *time.Time
	}
	err := s.db.Raw(`SELECT id, name, next_run_at FROM campaigns
		WHERE state = ? AND next_run_at IS NOT NULL ORDER BY next_run_at, id LIMIT ?`,
		campaigns.StateScheduled, NextScheduled).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list scheduled campaigns: %w", err)
	}
	out := make([]Upcoming, 0, len(rows))
	for _, r := range rows {
		out = append(out, Upcoming{ID: r.ID, Name: r.Name, NextRunAt: r.NextRunAt.UTC()})
	}
	return out, nil
}
