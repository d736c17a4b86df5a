package campaigns

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/store"
)

// Service is the bound CampaignService. Every exported method is callable
// from the UI.
type Service struct {
	e *Engine
	// call is the context of the request being served (`herald serve`
	// makes a view per request with WithContext); nil in the window.
	call context.Context
}

// WithContext returns a view of s whose long work (exports) stops when ctx
// ends.
func WithContext(s *Service, ctx context.Context) *Service {
	return &Service{e: s.e, call: ctx}
}

// ctx is the context long work runs in.
func (s *Service) ctx() context.Context {
	if s.call == nil {
		return context.Background()
	}
	return s.call
}

// Query selects campaigns for the list.
type Query struct {
	Search string `json:"search"`
	// State keeps campaigns in this state ("" for all).
	State string `json:"state"`
	// ParentID keeps the runs of one repeating campaign.
	ParentID *int64 `json:"parentId"`
	Offset   int    `json:"offset"`
	Limit    int    `json:"limit"`
}

// Page is a page of campaigns and how many match.
type Page struct {
	Items []Campaign `json:"items"`
	Total int64      `json:"total"`
}

// MaxLimit is the largest page of recipients or campaigns.
const MaxLimit = 1000

const maxNameLen = 200

// Create saves a new campaign: scheduled at once when the schedule has a
// time or a repeat, else a draft until Start.
func (s *Service) Create(in Input) (Campaign, error) {
	e := s.e
	r, err := e.prepare(in)
	if err != nil {
		return Campaign{}, err
	}
	key, err := newMessageKey()
	if err != nil {
		return Campaign{}, err
	}
	now := e.clock.Now().UTC()
	r.MessageKey, r.CreatedAt, r.UpdatedAt = key, now, now
	err = e.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("save campaign: %w", err)
		}
		return e.freeze(tx, r.ID, in.Audience)
	})
	if err != nil {
		return Campaign{}, err
	}
	summary := fmt.Sprintf("Created campaign “%s”", r.Name)
	if r.State == StateScheduled {
		summary += ", scheduled for " + describeNext(r)
		if err := e.arm(r); err != nil {
			return Campaign{}, err
		}
	}
	e.record(r.ID, "created", summary)
	return e.get(r.ID)
}

// Update changes a campaign that has not started yet.
func (s *Service) Update(in Input) (Campaign, error) {
	e := s.e
	old, err := e.row(in.ID)
	if err != nil {
		return Campaign{}, err
	}
	if old.State != StateDraft && old.State != StateScheduled {
		return Campaign{}, apperr.Conflict("Campaign “%s” has started: only a draft or a scheduled campaign can be edited. Duplicate it to change it.", old.Name)
	}
	r, err := e.prepare(in)
	if err != nil {
		return Campaign{}, err
	}
	e.timer.disarm(in.ID)
	now := e.clock.Now().UTC()
	err = e.db.Transaction(func(tx *gorm.DB) error {
		// A follow-up keeps the contacts taken when it was saved, unless it
		// now names another group.
		refreeze := in.Audience.FollowUp == nil || !e.savedWith(tx, in.ID, *in.Audience.FollowUp)
		res := tx.Model(&row{}).Where("id = ? AND state IN ?", in.ID, []State{StateDraft, StateScheduled}).Updates(map[string]any{
			"name": r.Name, "template_id": r.TemplateID, "audience": r.Audience, "pace": r.Pace, "schedule": r.Schedule,
			"state": r.State, "next_run_at": r.NextRunAt, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("save campaign: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.Conflict("Campaign “%s” started while you were editing it.", old.Name)
		}
		if !refreeze {
			return nil
		}
		var a Audience
		if err := json.Unmarshal([]byte(r.Audience), &a); err != nil {
			return fmt.Errorf("campaign %d audience: %w", in.ID, err)
		}
		return e.freeze(tx, in.ID, a)
	})
	if err != nil {
		return Campaign{}, err
	}
	r.ID = in.ID
	if r.State == StateScheduled {
		if err := e.arm(r); err != nil {
			return Campaign{}, err
		}
	}
	e.record(in.ID, "updated", fmt.Sprintf("Edited campaign “%s”", r.Name))
	return e.get(in.ID)
}

// Duplicate copies a campaign's settings into a new draft.
func (s *Service) Duplicate(id int64) (Campaign, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return Campaign{}, err
	}
	key, err := newMessageKey()
	if err != nil {
		return Campaign{}, err
	}
	now := e.clock.Now().UTC()
	sched, _ := r.schedule()
	// The copy keeps the zone but neither the time (a past time would start
	// it at once) nor the repeat: it is a draft to send once.
	c := row{Name: copyName(r.Name), TemplateID: r.TemplateID, Audience: r.Audience, Pace: r.Pace,
		Schedule: jsonText(Schedule{TimeZone: sched.TimeZone}), State: StateDraft, MessageKey: key,
		CreatedAt: now, UpdatedAt: now}
	err = e.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("duplicate campaign: %w", err)
		}
		// A follow-up's copy goes to the same contacts.
		if err := tx.Exec("INSERT INTO campaign_audience_members (campaign_id, contact_id) SELECT ?, contact_id FROM campaign_audience_members WHERE campaign_id = ?",
			c.ID, id).Error; err != nil {
			return fmt.Errorf("duplicate the audience of campaign %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return Campaign{}, err
	}
	e.record(c.ID, "created", fmt.Sprintf("Duplicated campaign “%s” as “%s”", r.Name, c.Name))
	return e.get(c.ID)
}

// Delete removes a campaign that is not sending, with its recipients.
func (s *Service) Delete(id int64) error {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return err
	}
	if r.State.active() || r.State == StatePaused {
		return apperr.Conflict("Campaign “%s” is %s: cancel it before deleting it.", r.Name, r.State)
	}
	e.timer.disarm(id)
	if err := e.db.Delete(&row{}, id).Error; err != nil {
		return fmt.Errorf("delete campaign: %w", err)
	}
	e.record(0, "deleted", fmt.Sprintf("Deleted campaign “%s”", r.Name))
	return nil
}

// Get returns one campaign with its stats.
func (s *Service) Get(id int64) (Campaign, error) { return s.e.get(id) }

// List returns a page of campaigns, newest first.
func (s *Service) List(q Query) (Page, error) {
	e := s.e
	offset, limit := store.Window(q.Offset, q.Limit, MaxLimit)
	tx := e.db.Model(&row{})
	if q.State != "" {
		tx = tx.Where("state = ?", q.State)
	}
	if q.ParentID != nil {
		tx = tx.Where("parent_id = ?", *q.ParentID)
	}
	if search := strings.TrimSpace(q.Search); search != "" {
		tx = tx.Where("name LIKE ? ESCAPE '\\'", "%"+store.EscapeLike(search)+"%")
	}
	var total int64
	if err := tx.Count(&total).Error; err != nil {
		return Page{}, fmt.Errorf("count campaigns: %w", err)
	}
	var rows []row
	if err := tx.Order("id DESC").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return Page{}, fmt.Errorf("list campaigns: %w", err)
	}
	items := make([]Campaign, 0, len(rows))
	for _, r := range rows {
		c, err := e.withStats(r)
		if err != nil {
			return Page{}, err
		}
		items = append(items, c)
	}
	return Page{Items: items, Total: total}, nil
}

// Start sends a draft or a scheduled campaign now.
func (s *Service) Start(id int64) (Campaign, error) {
	if _, err := s.e.begin(id, 0); err != nil {
		return Campaign{}, err
	}
	return s.e.get(id)
}

// Pause stops a sending campaign before its next message.
func (s *Service) Pause(id int64) (Campaign, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return Campaign{}, err
	}
	if !r.State.active() {
		return Campaign{}, apperr.Conflict("Campaign “%s” is %s: only a sending campaign can be paused.", r.Name, r.State)
	}
	now := e.clock.Now().UTC()
	res := e.db.Exec("UPDATE campaigns SET state = ?, note = '', updated_at = ? WHERE id = ? AND state IN ?",
		StatePaused, now, id, []State{StateRunning, StateWaiting})
	if res.Error != nil {
		return Campaign{}, fmt.Errorf("pause campaign: %w", res.Error)
	}
	e.halt(id)
	if res.RowsAffected > 0 {
		e.record(id, "paused", fmt.Sprintf("Paused campaign “%s”", r.Name))
	}
	e.progress.touch(id)
	return e.get(id)
}

// Resume goes on sending a paused campaign.
func (s *Service) Resume(id int64) (Campaign, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return Campaign{}, err
	}
	if r.State != StatePaused {
		return Campaign{}, apperr.Conflict("Campaign “%s” is %s: only a paused campaign can be resumed.", r.Name, r.State)
	}
	now := e.clock.Now().UTC()
	state, note, err := e.startState(r)
	if err != nil {
		return Campaign{}, err
	}
	if err := e.db.Exec("UPDATE campaigns SET state = ?, note = ?, updated_at = ? WHERE id = ? AND state = ?",
		state, note, now, id, StatePaused).Error; err != nil {
		return Campaign{}, fmt.Errorf("resume campaign: %w", err)
	}
	e.record(id, "resumed", fmt.Sprintf("Resumed campaign “%s”", r.Name))
	e.launch(id)
	e.progress.touch(id)
	return e.get(id)
}

// Cancel stops a campaign for good: its queued recipients are marked
// cancelled. A scheduled or repeating campaign will not start again.
func (s *Service) Cancel(id int64) (Campaign, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return Campaign{}, err
	}
	if r.State.finished() {
		return Campaign{}, apperr.Conflict("Campaign “%s” is already %s.", r.Name, r.State)
	}
	now := e.clock.Now().UTC()
	res := e.db.Exec("UPDATE campaigns SET state = ?, note = '', next_run_at = NULL, finished_at = ?, updated_at = ? WHERE id = ? AND state NOT IN ?",
		StateCancelled, now, now, id, []State{StateCompleted, StateCancelled, StateFailed})
	if res.Error != nil {
		return Campaign{}, fmt.Errorf("cancel campaign: %w", res.Error)
	}
	e.timer.disarm(id)
	e.halt(id)
	// After halt nothing is in flight; what is still queued will not go.
	if err := e.db.Exec("UPDATE campaign_recipients SET state = ?, error = 'Cancelled before it was sent.' WHERE campaign_id = ? AND state = ?",
		RecipientCancelled, id, RecipientQueued).Error; err != nil {
		return Campaign{}, fmt.Errorf("cancel the queued messages: %w", err)
	}
	// Only a stop in the middle of a send leaves a message "sending" in a
	// campaign that is not running; whether WhatsApp took it is unknown, so
	// the reason says so rather than guess.
	if err := e.db.Exec("UPDATE campaign_recipients SET state = ?, error = 'Cancelled while Herald was stopped in the middle of sending it: it may have gone out.' WHERE campaign_id = ? AND state = ?",
		RecipientCancelled, id, RecipientSending).Error; err != nil {
		return Campaign{}, fmt.Errorf("cancel the interrupted messages: %w", err)
	}
	if res.RowsAffected > 0 {
		e.record(id, "cancelled", fmt.Sprintf("Cancelled campaign “%s”", r.Name))
	}
	e.progress.touch(id)
	return e.get(id)
}

// Audience counts who an audience reaches and who it leaves out, for the
// wizard.
func (s *Service) Audience(a Audience) (AudienceCount, error) {
	return s.e.countAudience(a, 0)
}

func (e *Engine) row(id int64) (row, error) {
	var r row
	if err := e.db.Take(&r, id).Error; err != nil {
		return row{}, notFound(err, id)
	}
	return r, nil
}

func (e *Engine) get(id int64) (Campaign, error) {
	r, err := e.row(id)
	if err != nil {
		return Campaign{}, err
	}
	return e.withStats(r)
}

func (e *Engine) withStats(r row) (Campaign, error) {
	c, err := r.campaign()
	if err != nil {
		return Campaign{}, err
	}
	if c.Stats, err = e.stats(r.ID); err != nil {
		return Campaign{}, err
	}
	if c.Estimate, err = e.estimateOf(c); err != nil {
		return Campaign{}, err
	}
	c.HoursOpenAt = e.hoursOpenAt(c)
	return c, nil
}

// newMessageKey is the random prefix of a campaign's message IDs, so that
// IDs never repeat across campaigns or reinstalls.
func newMessageKey() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make message key: %w", err)
	}
	return "H" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}

func copyName(name string) string {
	n := name + " (copy)"
	if utf8.RuneCountInString(n) > maxNameLen {
		n = string([]rune(n)[:maxNameLen])
	}
	return n
}

func describeNext(r row) string {
	if r.NextRunAt == nil {
		return "later"
	}
	sched, _ := r.schedule()
	loc, err := sched.location(time.Local)
	if err != nil {
		loc = time.UTC
	}
	s := r.NextRunAt.In(loc).Format("Mon 2 Jan 2006 15:04 MST")
	if sched.repeats() {
		s += " and then " + sched.Cron
	}
	return s
}
