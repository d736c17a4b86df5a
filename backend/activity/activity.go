// Package activity is Herald's audit log: what the user did and what Herald
// did on their behalf. Services write through Log.Record; the UI reads
// through Service. Nothing else touches the activity table.
package activity

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/events"
	"herald/backend/store"
)

// Entry is one line of the activity log.
type Entry struct {
	ID      int64     `json:"id" gorm:"primaryKey"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Action  string    `json:"action"`
	Summary string    `json:"summary"`
	Detail  string    `json:"detail,omitempty"`
}

// TableName keeps GORM on the table the migrations create.
func (Entry) TableName() string { return "activity" }

// Log records entries. It is handed to every service that does something
// worth recording; it is not bound to the UI.
type Log struct {
	db      *gorm.DB
	emitter events.Emitter
	log     *slog.Logger
	now     func() time.Time
}

// NewLog returns a Log writing to db and announcing entries through emitter.
func NewLog(db *gorm.DB, emitter events.Emitter, log *slog.Logger) *Log {
	return &Log{db: db, emitter: emitter, log: log, now: func() time.Time { return time.Now().UTC() }}
}

// Record stores an entry and announces it. kind names the area (contacts,
// settings, campaigns …), action the verb (created, imported, started …),
// summary the sentence a user reads.
func (l *Log) Record(kind, action, summary string) (Entry, error) {
	return l.RecordDetail(kind, action, summary, "")
}

// RecordDetail is Record with machine-readable detail (counts, ids).
func (l *Log) RecordDetail(kind, action, summary, detail string) (Entry, error) {
	e := Entry{At: l.now(), Kind: kind, Action: action, Summary: summary, Detail: detail}
	if err := l.db.Create(&e).Error; err != nil {
		l.log.Error("record activity", "kind", kind, "action", action, "err", err)
		return Entry{}, fmt.Errorf("record activity %s %s: %w", kind, action, err)
	}
	l.emitter.Emit(events.TopicActivity, e)
	return e, nil
}

// Query selects a page of entries, newest first.
type Query struct {
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	Kind   string `json:"kind"`
	Search string `json:"search"`
}

// Page is one page of entries and how many match in all.
type Page struct {
	Items []Entry `json:"items"`
	Total int64   `json:"total"`
}

// MaxLimit caps a page so a request cannot pull the whole log at once.
const MaxLimit = 1000

// Service is the activity log as the UI sees it.
type Service struct {
	db *gorm.DB
}

// NewService returns the read side of the activity log.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

// List returns the entries matching q, newest first.
func (s *Service) List(q Query) (Page, error) {
	q.Offset, q.Limit = store.Window(q.Offset, q.Limit, MaxLimit)
	tx := s.db.Model(&Entry{})
	if q.Kind != "" {
		tx = tx.Where("kind = ?", q.Kind)
	}
	if term := strings.TrimSpace(q.Search); term != "" {
		like := "%" + store.EscapeLike(term) + "%"
		tx = tx.Where(`(summary LIKE ? ESCAPE '\' OR action LIKE ? ESCAPE '\' OR kind LIKE ? ESCAPE '\')`, like, like, like)
	}
	page := Page{Items: []Entry{}}
	if err := tx.Count(&page.Total).Error; err != nil {
		return Page{}, fmt.Errorf("count activity: %w", err)
	}
	if err := tx.Order("id DESC").Offset(q.Offset).Limit(q.Limit).Find(&page.Items).Error; err != nil {
		return Page{}, fmt.Errorf("list activity: %w", err)
	}
	return page, nil
}

// Kinds lists the kinds present in the log, for the filter.
func (s *Service) Kinds() ([]string, error) {
	kinds := []string{}
	if err := s.db.Model(&Entry{}).Distinct("kind").Order("kind").Pluck("kind", &kinds).Error; err != nil {
		return nil, fmt.Errorf("list activity kinds: %w", err)
	}
	return kinds, nil
}
