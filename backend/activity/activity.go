// Package activity is Herald's audit log: what the user did and what Herald
// did on their behalf. Services write through Log.Record; the UI reads
// through Service. Nothing else touches the activity table.
package activity

import (
	"fmt"
	"log/slog"
	"slices"
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
	Ref     Ref       `json:"ref" gorm:"embedded;embeddedPrefix:ref_"`
	// The words the page shows for Kind and Action (see Words), and
	// whether the entry is a step of the WhatsApp connection.
	KindWords string `json:"kindWords" gorm:"-"`
	Title     string `json:"title" gorm:"-"`
	Step      bool   `json:"step" gorm:"-"`
}

// The things an entry can concern, for Ref.Kind.
const (
	RefCampaign = "campaign" // ID is the campaign's
	RefContact  = "contact"  // ID is the contact's
	RefTemplate = "template" // ID is the template's
	RefImport   = "import"   // ID is the import run's, Path its problems report in the exports folder
)

// Ref is what an entry concerns, so the page can link to it. Columns of
// their own rather than JSON in Detail: they are read for every row shown
// and can be queried ("everything about campaign 7") without parsing.
type Ref struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
	Path string `json:"path"`
}

// CampaignRef refers to campaign id.
func CampaignRef(id int64) Ref { return Ref{Kind: RefCampaign, ID: id} }

// ContactRef refers to contact id.
func ContactRef(id int64) Ref { return Ref{Kind: RefContact, ID: id} }

// TemplateRef refers to template id.
func TemplateRef(id int64) Ref { return Ref{Kind: RefTemplate, ID: id} }

// ImportRef refers to the import run (which the contact book can undo)
// and its problems report, a file name in the exports folder ("" when
// every row went in: then there is no report).
func ImportRef(run int64, report string) Ref { return Ref{Kind: RefImport, ID: run, Path: report} }

// TableName keeps GORM on the table the migrations create.
func (Entry) TableName() string { return "activity" }

// Log records entries. It is handed to every service that does something
// worth recording; it is not bound to the UI.
type Log struct {
	db      *gorm.DB
	emitter events.Emitter
	log     *slog.Logger
	now     func() time.Time
	words   Words
}

// NewLog returns a Log writing to db and announcing entries through emitter.
func NewLog(db *gorm.DB, emitter events.Emitter, log *slog.Logger) *Log {
	return &Log{db: db, emitter: emitter, log: log, now: func() time.Time { return time.Now().UTC() }, words: NewWords()}
}

// Record stores an entry and announces it. kind names the area (contacts,
// settings, campaigns …), action the verb (created, imported, started …),
// summary the sentence a user reads.
func (l *Log) Record(kind, action, summary string) (Entry, error) {
	return l.RecordDetail(kind, action, summary, "")
}

// RecordDetail is Record with machine-readable detail (counts, ids).
func (l *Log) RecordDetail(kind, action, summary, detail string) (Entry, error) {
	return l.RecordRef(kind, action, summary, detail, Ref{})
}

// RecordRef is RecordDetail with what the entry concerns (CampaignRef …).
func (l *Log) RecordRef(kind, action, summary, detail string, ref Ref) (Entry, error) {
	e := Entry{At: l.now(), Kind: kind, Action: action, Summary: summary, Detail: detail, Ref: ref}
	if err := l.db.Create(&e).Error; err != nil {
		l.log.Error("record activity", "kind", kind, "action", action, "err", err)
		return Entry{}, fmt.Errorf("record activity %s %s: %w", kind, action, err)
	}
	l.words.describe(&e)
	l.emitter.Emit(events.TopicActivity, e)
	return e, nil
}

// Query selects a page of entries, newest first. HideSteps leaves out the
// steps of the WhatsApp connection (Words.Step), which otherwise bury what
// the user did.
type Query struct {
	Offset    int    `json:"offset"`
	Limit     int    `json:"limit"`
	Kind      string `json:"kind"`
	Search    string `json:"search"`
	HideSteps bool   `json:"hideSteps"`
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
	db    *gorm.DB
	words Words
}

// NewService returns the read side of the activity log.
func NewService(db *gorm.DB) *Service { return &Service{db: db, words: NewWords()} }

// List returns the entries matching q, newest first.
func (s *Service) List(q Query) (Page, error) {
	q.Offset, q.Limit = store.Window(q.Offset, q.Limit, MaxLimit)
	tx := s.db.Model(&Entry{})
	if q.Kind != "" {
		tx = tx.Where("kind = ?", q.Kind)
	}
	if term := strings.TrimSpace(q.Search); term != "" {
		like := "%" + store.EscapeLike(term) + "%"
		cond, args := pairsCondition(s.words.matching(term))
		tx = tx.Where(`(summary LIKE ? ESCAPE '\' OR action LIKE ? ESCAPE '\' OR kind LIKE ? ESCAPE '\' OR `+cond+`)`,
			append([]any{like, like, like}, args...)...)
	}
	page := Page{Items: []Entry{}}
	if err := tx.Session(&gorm.Session{}).Count(&page.Total).Error; err != nil {
		return Page{}, fmt.Errorf("count activity: %w", err)
	}
	if q.HideSteps {
		// Counting the steps and taking them off reads an index; counting
		// what is not a step would read every row.
		cond, args := pairsCondition(s.words.steps())
		var steps int64
		if err := tx.Session(&gorm.Session{}).Where(cond, args...).Count(&steps).Error; err != nil {
			return Page{}, fmt.Errorf("count activity: %w", err)
		}
		page.Total -= steps
		tx = tx.Where("NOT "+cond, args...)
	}
	if err := tx.Order("id DESC").Offset(q.Offset).Limit(q.Limit).Find(&page.Items).Error; err != nil {
		return Page{}, fmt.Errorf("list activity: %w", err)
	}
	for i := range page.Items {
		s.words.describe(&page.Items[i])
	}
	return page, nil
}

// pairsCondition is the SQL condition "the entry is one of pairs", with
// its arguments, one test of the kind per kind; "0" (false) when there
// are none.
func pairsCondition(pairs []pair) (string, []any) {
	if len(pairs) == 0 {
		return "0", nil
	}
	var terms []string
	var args []any
	for i := 0; i < len(pairs); {
		kind := pairs[i].kind
		var actions []string
		for ; i < len(pairs) && pairs[i].kind == kind; i++ {
			actions = append(actions, pairs[i].action)
		}
		terms = append(terms, "(kind = ? AND action IN ?)")
		args = append(args, kind, actions)
	}
	return "(" + strings.Join(terms, " OR ") + ")", args
}

// Kind is an area present in the log, for the filter: its code and its
// name.
type Kind struct {
	Kind  string `json:"kind"`
	Words string `json:"words"`
}

// Kinds lists the kinds present in the log, for the filter, by name.
func (s *Service) Kinds() ([]Kind, error) {
	var codes []string
	if err := s.db.Model(&Entry{}).Distinct("kind").Pluck("kind", &codes).Error; err != nil {
		return nil, fmt.Errorf("list activity kinds: %w", err)
	}
	kinds := make([]Kind, len(codes))
	for i, code := range codes {
		kinds[i] = Kind{Kind: code, Words: s.words.Kind(code)}
	}
	slices.SortFunc(kinds, func(a, b Kind) int { return strings.Compare(a.Words, b.Words) })
	return kinds, nil
}
