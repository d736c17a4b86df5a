package contacts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/calls"
	"herald/backend/contacts/internal/bulk"
	"herald/backend/contacts/internal/maintenance"
	"herald/backend/contacts/internal/order"
	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/events"
	"herald/backend/phone"
	"herald/backend/userfiles"
	"herald/backend/usertext"
)

// Settings is what the contact book needs to know of the user's settings.
type Settings interface {
	Get(key string) (string, error)
}

// Service is the contact book as the UI sees it. A Service is one view of
// the book: the window's has no call context, and `herald serve` makes one
// per request (WithContext) so that long work stops when the browser goes
// away. The state all views share lives in shared.
type Service struct {
	*shared
	// call is the context of the request being served; nil in the window.
	call context.Context
}

// WithContext returns a view of s whose long work (previews, imports,
// exports) stops when ctx ends.
func WithContext(s *Service, ctx context.Context) *Service {
	view := *s
	view.call = ctx
	return &view
}

// ctx is the context long work runs in.
func (s *Service) ctx() context.Context {
	if s.call == nil {
		return context.Background()
	}
	return s.call
}

// shared is the state every view of the contact book shares.
type shared struct {
	db       *gorm.DB
	activity *activity.Log
	emitter  events.Emitter
	log      *slog.Logger
	settings Settings
	now      func() time.Time
	// files decides which files imports read and exports write.
	files *userfiles.Access
	// exportDir is where import problem reports go.
	exportDir string

	importMu     sync.Mutex
	cancelImport func()
	// importing counts the imports running; held refuses new ones while
	// the book is replaced (Hold).
	importing sync.WaitGroup
	held      bool
	// exports are the exports in progress, which CancelExport stops.
	exports calls.Running
	// matching are the PreviewMatches in progress, which CancelImport stops.
	matching calls.Running
	// bulkImport is set while a bulk import has the name index down.
	bulkImport atomic.Bool
	// ordered is set while the list orders' buckets are in step with the
	// book (internal/order).
	ordered atomic.Bool
	// orders are the list orders by name and phone (internal/order).
	orders *order.Orders
	tuning tuning
	// importIndexing is set while an import builds its own search index
	// (search.ImportIndex).
	importIndexing atomic.Bool
	// preparing is set while open repairs an interrupted import in the
	// background; ready is closed when it is done, with readyErr.
	preparing atomic.Bool
	ready     chan struct{}
	readyErr  error
	// schema marks and repairs the run-time schema changes (startup.go).
	schema *maintenance.Schema
}

// writer starts a writer on tx for a change made outside an import.
func (s *Service) writer(tx *gorm.DB) *writer {
	if s.importIndexing.Load() {
		return newWriter(tx, s.now(), writeBesideImport, nil)
	}
	return newWriter(tx, s.now(), writeInStep, nil)
}

// NewService returns the contact book stored in db. files decides which
// files it may import and export; exports named without a folder, and import
// problem reports, go to its exports folder. It finishes an import that a
// crash interrupted before it returns.
func NewService(db *gorm.DB, act *activity.Log, emitter events.Emitter, log *slog.Logger, settings Settings, files *userfiles.Access) (*Service, error) {
	if err := checkSQLFunctions(db); err != nil {
		return nil, err
	}
	s := &Service{shared: &shared{db: db, activity: act, emitter: emitter, log: log, settings: settings,
		files: files, exportDir: files.Exports(), now: func() time.Time { return time.Now().UTC() }, ready: make(chan struct{}), tuning: defaultTuning(),
		orders: order.New(db, order.DefaultConfig())}}
	s.schema = maintenance.New(db, s.now)
	s.registerTasks()
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Service) defaultCountry() string {
	c, err := s.settings.Get("defaultCountry")
	if err != nil || c == "" {
		return "US"
	}
	return c
}

// prepare tidies c and puts its number in E.164.
func (s *Service) prepare(c *Contact) error {
	if err := tidy(c); err != nil {
		return err
	}
	if c.Phone == "" {
		return apperr.Invalid("A contact needs a phone number.")
	}
	e164, err := phone.Normalize(c.Phone, s.defaultCountry())
	if err != nil {
		return apperr.Invalid("%s.", capitalise(err.Error()))
	}
	c.Phone = e164
	// Other numbers are stored in E.164 when they are valid, else as
	// typed: they are for people to read, and nothing is sent to them.
	for i, p := range c.OtherPhones {
		if e164, err := phone.Normalize(p.Number, s.defaultCountry()); err == nil {
			c.OtherPhones[i].Number = e164
		}
	}
	if err := tidyOtherPhones(c); err != nil {
		return err
	}
	if c.OptedOut && c.OptedOutAt == nil {
		at := s.now()
		c.OptedOutAt = &at
	}
	if !c.OptedOut {
		c.OptedOutAt, c.OptedOutReason = nil, ""
	}
	return nil
}

// Get returns the contact id.
func (s *Service) Get(id int64) (Contact, error) {
	if err := s.awaitReady(); err != nil {
		return Contact{}, err
	}
	var r row
	err := s.db.Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Contact{}, apperr.NotFound("There is no contact %d: it may have been deleted.", id)
	}
	if err != nil {
		return Contact{}, fmt.Errorf("read contact %d: %w", id, err)
	}
	return r.contact(), nil
}

// Create adds c. When its number is already in the book, that contact is
// updated with what c adds instead: one number, one contact.
func (s *Service) Create(c Contact) (Contact, error) {
	if err := s.awaitReady(); err != nil {
		return Contact{}, err
	}
	if err := s.prepare(&c); err != nil {
		return Contact{}, err
	}
	var out outcome
	err := s.db.Transaction(func(tx *gorm.DB) error {
		res, err := s.writer(tx).upsert([]Contact{c}, nil)
		if err != nil {
			return err
		}
		out = res[0]
		return s.orders.Split(tx)
	})
	if err != nil {
		return Contact{}, fmt.Errorf("save contact: %w", err)
	}
	saved, err := s.Get(out.ID)
	if err != nil {
		return Contact{}, err
	}
	if out.Created {
		s.recordAbout(activity.ContactRef(saved.ID), "created", "Added contact "+describe(saved))
	} else {
		s.recordAbout(activity.ContactRef(saved.ID), "updated", "Updated contact "+describe(saved)+": the number was already in the book")
	}
	return saved, nil
}

// Update replaces the contact c.ID with c.
func (s *Service) Update(c Contact) (Contact, error) {
	if err := s.awaitReady(); err != nil {
		return Contact{}, err
	}
	if c.ID == 0 {
		return Contact{}, apperr.Invalid("Which contact? The update has no id.")
	}
	old, err := s.Get(c.ID)
	if err != nil {
		return Contact{}, err
	}
	if err := s.prepare(&c); err != nil {
		return Contact{}, err
	}
	if c.OptedOut && old.OptedOut {
		c.OptedOutAt = old.OptedOutAt
	}
	err = s.db.Transaction(func(tx *gorm.DB) error {
		var owner int64
		if err := tx.Raw("SELECT id FROM contacts WHERE phone = ? AND id <> ?", c.Phone, c.ID).Scan(&owner).Error; err != nil {
			return err
		}
		if owner != 0 {
			return apperr.Conflict("%s already belongs to another contact. Merge them by deleting one.", c.Phone)
		}
		if err := s.writer(tx).update([]Contact{c}, nil, nil); err != nil {
			return err
		}
		return s.orders.Split(tx)
	})
	if err != nil {
		if apperr.KindOf(err) != 0 {
			return Contact{}, err
		}
		return Contact{}, fmt.Errorf("update contact %d: %w", c.ID, err)
	}
	saved, err := s.Get(c.ID)
	if err != nil {
		return Contact{}, err
	}
	s.recordAbout(activity.ContactRef(saved.ID), "updated", "Updated contact "+describe(saved))
	return saved, nil
}

// Delete removes the contacts ids and says how many went.
func (s *Service) Delete(ids []int64) (int64, error) {
	if err := s.awaitReady(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	if s.deleteRebuildsOrders(len(ids)) {
		resume, err := s.writeWithoutOrderTriggers()
		if err != nil {
			return 0, err
		}
		defer resume()
	}
	var n int64
	err := s.db.Transaction(func(tx *gorm.DB) error {
		w := s.writer(tx)
		for start := 0; start < len(ids); start += 500 {
			got, err := w.remove(ids[start:min(start+500, len(ids))])
			if err != nil {
				return err
			}
			n += got
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.record("deleted", fmt.Sprintf("Deleted %s", plural(n, "contact")))
	return n, nil
}

// deleteRebuildsOrders tells whether deleting n contacts should rebuild
// the list orders after instead of keeping them in step
// (bulk.RebuildBeatsTriggers). The book is counted only for a delete big enough
// to matter.
func (s *Service) deleteRebuildsOrders(n int) bool {
	if int64(n) < bulk.RebuildMinRows || s.bulkImport.Load() {
		return false
	}
	var book int64
	if err := s.db.Raw("SELECT count(*) FROM contacts").Row().Scan(&book); err != nil {
		return false
	}
	return bulk.RebuildBeatsTriggers(int64(n), book)
}

// SetOptedOut opts the contacts ids out of (or back into) every campaign.
func (s *Service) SetOptedOut(ids []int64, optedOut bool, reason string) (int64, error) {
	if err := s.awaitReady(); err != nil {
		return 0, err
	}
	reason = usertext.Clean(reason)
	// The ids go as one JSON array (sqlrun.IDsIn): one statement however many
	// are chosen, where a variable each fails past 32,766.
	var res *gorm.DB
	if optedOut {
		res = s.db.Exec("UPDATE contacts SET opted_out = 1, opted_out_at = ?, opted_out_reason = ?, updated_at = ? WHERE id IN ("+sqlrun.IDsIn+") AND opted_out = 0",
			s.now(), reason, s.now(), sqlrun.JSON(ids))
	} else {
		res = s.db.Exec("UPDATE contacts SET opted_out = 0, opted_out_at = NULL, opted_out_reason = '', updated_at = ? WHERE id IN ("+sqlrun.IDsIn+") AND opted_out = 1",
			s.now(), sqlrun.JSON(ids))
	}
	if res.Error != nil {
		return 0, fmt.Errorf("change opt-out: %w", res.Error)
	}
	verb := "Opted out"
	if !optedOut {
		verb = "Opted back in"
	}
	s.record("updated", fmt.Sprintf("%s %s", verb, plural(res.RowsAffected, "contact")))
	return res.RowsAffected, nil
}

func (s *Service) record(action, summary string) {
	s.recordAbout(activity.Ref{}, action, summary)
}

// recordAbout logs a change of what ref names (one contact, say), so the
// Activity page links to it.
func (s *Service) recordAbout(ref activity.Ref, action, summary string) {
	// The change itself has been saved; a failure to log it is logged.
	_, _ = s.activity.RecordRef("contacts", action, summary, "", ref)
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// CustomFieldKeys lists the custom fields any contact has, for templates'
// variable picker ({{custom.<key>}}).
func (s *Service) CustomFieldKeys() ([]string, error) {
	if err := s.awaitReady(); err != nil {
		return nil, err
	}
	keys := []string{}
	err := s.db.Raw(`SELECT DISTINCT j.key FROM contacts, json_each(contacts.custom_fields) AS j
		WHERE contacts.custom_fields <> '{}' ORDER BY 1`).Scan(&keys).Error
	if err != nil {
		return nil, fmt.Errorf("list custom fields: %w", err)
	}
	return keys, nil
}
