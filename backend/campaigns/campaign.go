// Package campaigns sends one template to an audience, now, at a set time or
// on a repeat, at a pace that keeps the WhatsApp account safe, and records
// the fate of every message. The database is the source of truth: a
// recipient's state is committed before and after each send, gocron only
// triggers, and after a crash every campaign resumes from its rows.
package campaigns

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// State is where a campaign stands.
type State string

// Campaign states.
const (
	StateDraft     State = "draft"
	StateScheduled State = "scheduled"
	StateRunning   State = "running"
	StatePaused    State = "paused"
	// StateWaiting: running, but held until WhatsApp is connected again.
	StateWaiting   State = "waiting"
	StateCompleted State = "completed"
	StateCancelled State = "cancelled"
	StateFailed    State = "failed"
)

// active reports whether a runner should be sending for a campaign in st.
func (st State) active() bool { return st == StateRunning || st == StateWaiting }

// finished reports whether st is final.
func (st State) finished() bool {
	return st == StateCompleted || st == StateCancelled || st == StateFailed
}

// Recipient states, in the order a message goes through them, then the
// ends that are not a delivery.
const (
	RecipientQueued    = "queued"
	RecipientSending   = "sending"
	RecipientSent      = "sent"
	RecipientDelivered = "delivered"
	RecipientRead      = "read"
	RecipientFailed    = "failed"
	RecipientSkipped   = "skipped"
	RecipientCancelled = "cancelled"
	// RecipientUnconfirmed is a message Herald was sending when it stopped,
	// on a driver that cannot say whether it went (the linked phone), and
	// that no receipt confirmed within the confirmation window, or one
	// whose send ended in doubt (whatsapp.InDoubt: no answer in time): it
	// may or may not have arrived. It is never sent again by itself; the user
	// decides (Service.ResendUnconfirmed). A late receipt still moves it on.
	RecipientUnconfirmed = "unconfirmed"
)

// Audience says who receives a campaign. It is resolved when the campaign
// starts, so contacts added in between are included. Opted-out contacts
// and numbers known not to be on WhatsApp are always left out.
type Audience struct {
	// All is every contact; Tags, ContactIDs and Search are then ignored.
	All bool `json:"all"`
	// Tags keeps contacts with any of these tags (all of them when
	// TagsMatch is "all").
	Tags      []string `json:"tags"`
	TagsMatch string   `json:"tagsMatch,omitempty"`
	// ExcludeTags drops contacts with any of these tags, whatever else
	// selected them.
	ExcludeTags []string `json:"excludeTags"`
	// ContactIDs are hand-picked contacts.
	ContactIDs []int64 `json:"contactIds"`
	// Search is a saved search of the contact list: the contacts it finds.
	Search string `json:"search,omitempty"`
	// FollowUp, when set, is the audience instead of the parts above: the
	// recipients of another campaign in one state of its results, taken
	// when the campaign is saved (followup.go). ExcludeTags still apply.
	FollowUp *FollowUp `json:"followUp,omitempty"`
	// SkipRecentDays, above 0, skips the recipients whose number got a
	// message from another campaign in that many days before the start:
	// the frequency cap (recent.go).
	SkipRecentDays int `json:"skipRecentDays,omitempty"`
}

// empty reports whether a selects nobody by itself.
func (a Audience) empty() bool {
	return a.FollowUp == nil && !a.All && len(a.Tags) == 0 && len(a.ContactIDs) == 0 && strings.TrimSpace(a.Search) == ""
}

// Pace is how fast a campaign sends. Zero values mean no limit: no cap per
// minute, no delay, no batch pauses, no daily cap, any hour, every day. The
// wizard fills in safe values for the user.
type Pace struct {
	PerMinute        int `json:"perMinute"`
	MinDelaySec      int `json:"minDelaySec"`
	MaxDelaySec      int `json:"maxDelaySec"`
	BatchSize        int `json:"batchSize"`
	BatchPauseMinSec int `json:"batchPauseMinSec"`
	BatchPauseMaxSec int `json:"batchPauseMaxSec"`
	DailyCap         int `json:"dailyCap"`
	// HoursFrom and HoursTo ("HH:MM", in the schedule's time zone) bound
	// the sending hours; HoursTo before HoursFrom spans midnight.
	HoursFrom string   `json:"hoursFrom"`
	HoursTo   string   `json:"hoursTo"`
	Weekdays  Weekdays `json:"weekdays"`
	// WarmupCap, when set, is the daily cap of the first sending day,
	// raised by WarmupStep each day after (up to DailyCap when set), so a
	// new number starts slow.
	WarmupCap  int `json:"warmupCap,omitempty"`
	WarmupStep int `json:"warmupStep,omitempty"`
}

// Weekdays are days of the week, Sunday = 0 as in Go and JavaScript. In
// JSON it reads numbers or English names ("mon", "Monday") and writes
// numbers.
type Weekdays []time.Weekday

// UnmarshalJSON accepts [1, 2] and ["mon", "tuesday"].
func (w *Weekdays) UnmarshalJSON(data []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("weekdays must be a list: %w", err)
	}
	out := make(Weekdays, 0, len(raw))
	for _, r := range raw {
		var n int
		if json.Unmarshal(r, &n) == nil {
			if n < 0 || n > 7 {
				return fmt.Errorf("weekday %d is not 0 (Sunday) to 6", n)
			}
			out = append(out, time.Weekday(n%7))
			continue
		}
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			return fmt.Errorf("weekday %s is neither a number nor a name", r)
		}
		d, ok := weekdayByName(s)
		if !ok {
			return fmt.Errorf("%q is not a day of the week", s)
		}
		out = append(out, d)
	}
	*w = out
	return nil
}

func weekdayByName(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 2 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), s) {
			return d, true
		}
	}
	return 0, false
}

// Schedule says when a campaign starts. With neither At nor Cron it starts
// when the user says so.
type Schedule struct {
	// At is an RFC 3339 time.
	At string `json:"at"`
	// TimeZone is an IANA name ("Europe/Lisbon"): the zone of At when it
	// has no offset, of Cron and of the sending hours. Empty means the
	// computer's zone.
	TimeZone string `json:"timeZone"`
	// Cron repeats the campaign: five fields (minute hour day month
	// weekday) or @daily, @weekly... Each run is a campaign of its own.
	Cron string `json:"cron"`
}

// Stats count a campaign's recipients by their current state, so that
// Queued..Unconfirmed add up to Total; Replied counts those who answered.
type Stats struct {
	Total       int64 `json:"total"`
	Queued      int64 `json:"queued"`
	Sending     int64 `json:"sending"`
	Sent        int64 `json:"sent"`
	Delivered   int64 `json:"delivered"`
	Read        int64 `json:"read"`
	Failed      int64 `json:"failed"`
	Skipped     int64 `json:"skipped"`
	Cancelled   int64 `json:"cancelled"`
	Unconfirmed int64 `json:"unconfirmed"`
	Replied     int64 `json:"replied"`
}

func (s *Stats) add(state string, n int64) {
	s.Total += n
	switch state {
	case RecipientQueued:
		s.Queued += n
	case RecipientSending:
		s.Sending += n
	case RecipientSent:
		s.Sent += n
	case RecipientDelivered:
		s.Delivered += n
	case RecipientRead:
		s.Read += n
	case RecipientFailed:
		s.Failed += n
	case RecipientSkipped:
		s.Skipped += n
	case RecipientCancelled:
		s.Cancelled += n
	case RecipientUnconfirmed:
		s.Unconfirmed += n
	}
}

// Campaign is a campaign as the UI sees it.
type Campaign struct {
	ID         int64    `json:"id"`
	ParentID   *int64   `json:"parentId"`
	Name       string   `json:"name"`
	TemplateID int64    `json:"templateId"`
	Audience   Audience `json:"audience"`
	Pace       Pace     `json:"pace"`
	Schedule   Schedule `json:"schedule"`
	State      State    `json:"state"`
	Stats      Stats    `json:"stats"`
	// NextRunAt is when a scheduled campaign starts next.
	NextRunAt *time.Time `json:"nextRunAt"`
	// Excluded counts contacts of the audience left out when it started.
	ExcludedOptedOut      int64 `json:"excludedOptedOut"`
	ExcludedNotOnWhatsApp int64 `json:"excludedNotOnWhatsApp"`
	// Note says, in plain words, why the campaign is waiting or failed.
	Note string `json:"note"`
	// WaitingFor is what a waiting campaign waits for ("" when it is not
	// waiting).
	WaitingFor Wait `json:"waitingFor"`
	// Estimate is when a sending campaign's messages go out; nil when it
	// is not sending.
	Estimate *Estimate `json:"estimate"`
	// HoursOpenAt is when the sending hours open next, for a campaign that
	// has not finished while they are closed; nil while they are open.
	HoursOpenAt *time.Time `json:"hoursOpenAt"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	StartedAt   *time.Time `json:"startedAt"`
	FinishedAt  *time.Time `json:"finishedAt"`
}

// Input is what Create and Update take.
type Input struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	TemplateID int64    `json:"templateId"`
	Audience   Audience `json:"audience"`
	Pace       Pace     `json:"pace"`
	Schedule   Schedule `json:"schedule"`
}

// row is a campaign as stored.
type row struct {
	ID                    int64
	ParentID              *int64
	Name                  string
	TemplateID            int64
	TemplateBody          string
	MediaPath             string
	MediaType             string
	Audience              string
	Pace                  string
	Schedule              string
	State                 State
	MessageKey            string
	NextRunAt             *time.Time
	ExcludedOptedOut      int64
	ExcludedNotOnWhatsapp int64 `gorm:"column:excluded_not_on_whatsapp"`
	Note                  string
	CreatedAt             time.Time
	UpdatedAt             time.Time
	StartedAt             *time.Time
	FinishedAt            *time.Time
}

func (row) TableName() string { return "campaigns" }

// schedule decodes the row's schedule.
func (r row) schedule() (Schedule, error) {
	var s Schedule
	if err := json.Unmarshal([]byte(r.Schedule), &s); err != nil {
		return Schedule{}, fmt.Errorf("campaign %d schedule: %w", r.ID, err)
	}
	return s, nil
}

func (r row) campaign() (Campaign, error) {
	c := Campaign{ID: r.ID, ParentID: r.ParentID, Name: r.Name, TemplateID: r.TemplateID, State: r.State,
		NextRunAt: r.NextRunAt, ExcludedOptedOut: r.ExcludedOptedOut, ExcludedNotOnWhatsApp: r.ExcludedNotOnWhatsapp,
		Note: r.Note, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
	for _, f := range []struct {
		raw  string
		into any
	}{{r.Audience, &c.Audience}, {r.Pace, &c.Pace}, {r.Schedule, &c.Schedule}} {
		if err := json.Unmarshal([]byte(f.raw), f.into); err != nil {
			return Campaign{}, fmt.Errorf("campaign %d: stored settings: %w", r.ID, err)
		}
	}
	normalise(&c.Audience, &c.Pace)
	c.WaitingFor = waitOf(c.State, c.Note)
	return c, nil
}

// normalise makes nil lists empty, so they encode as [] for the UI.
func normalise(a *Audience, p *Pace) {
	if a.Tags == nil {
		a.Tags = []string{}
	}
	if a.ExcludeTags == nil {
		a.ExcludeTags = []string{}
	}
	if a.ContactIDs == nil {
		a.ContactIDs = []int64{}
	}
	if p.Weekdays == nil {
		p.Weekdays = Weekdays{}
	}
}

// recipientColumns are what the recipients page and the export read.
const recipientColumns = "id, contact_id, phone, name, state, message_id, error, attempts, sent_at, delivered_at, read_at, replied_at, reply"

// recipientRow is a recipient as stored (message_id is NULL until claimed).
type recipientRow struct {
	ID          int64
	ContactID   int64
	Phone       string
	Name        string
	State       string
	MessageID   *string
	Error       string
	Attempts    int
	SentAt      *time.Time
	DeliveredAt *time.Time
	ReadAt      *time.Time
	RepliedAt   *time.Time
	Reply       string
}

func (r recipientRow) recipient() Recipient {
	it := Recipient{ID: r.ID, ContactID: r.ContactID, Phone: r.Phone, Name: r.Name, State: r.State, Error: r.Error,
		Attempts: r.Attempts, SentAt: r.SentAt, DeliveredAt: r.DeliveredAt, ReadAt: r.ReadAt, RepliedAt: r.RepliedAt, Reply: r.Reply}
	if r.MessageID != nil {
		it.MessageID = *r.MessageID
	}
	return it
}

// Recipient is one message of a campaign as the UI sees it.
type Recipient struct {
	// ID is the recipient's own, as ResendUnconfirmed takes it.
	ID          int64      `json:"id"`
	ContactID   int64      `json:"contactId"`
	Phone       string     `json:"phone"`
	Name        string     `json:"name"`
	State       string     `json:"state"`
	MessageID   string     `json:"messageId"`
	Error       string     `json:"error"`
	Attempts    int        `json:"attempts"`
	SentAt      *time.Time `json:"sentAt"`
	DeliveredAt *time.Time `json:"deliveredAt"`
	ReadAt      *time.Time `json:"readAt"`
	RepliedAt   *time.Time `json:"repliedAt"`
	Reply       string     `json:"reply"`
}
