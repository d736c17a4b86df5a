package campaigns

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/calls"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/templates"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
)

// TopicProgress is the event a campaign's Campaign (stats included) is
// announced on whenever it changes, at most a few times a second.
const TopicProgress = "campaign:progress"

// Templates is what campaigns need of the template book.
type Templates interface {
	Get(id int64) (templates.Template, error)
}

// Contacts is what campaigns read and change of single contacts in the
// contact book. *contacts.API implements it.
type Contacts interface {
	// Recipients returns the contacts of ids that exist, as they are now:
	// what a message renders.
	Recipients(ids []int64) (map[int64]contacts.Recipient, error)
	// Phones returns the numbers of the contacts of ids that exist.
	Phones(ids []int64) (map[int64]string, error)
	// FindPhone returns the contact whose number is phone, 0 for none.
	FindPhone(phone string) (int64, error)
	// OptOut opts contacts out (a reply such as STOP).
	OptOut(ids []int64, reason string) (int64, error)
	// MarkOnWhatsApp records numbers found not to be on WhatsApp.
	MarkOnWhatsApp(ids []int64, onWhatsApp bool, at time.Time) error
	// Tag adds a tag, existing or new, to contacts, in one call however
	// many they are.
	Tag(ids []int64, tag string) (contacts.Tagged, error)
}

// Deps are what the campaigns need. Clock defaults to the wall clock,
// Location to the computer's zone.
type Deps struct {
	DB        *gorm.DB
	Driver    whatsapp.Driver
	Activity  *activity.Log
	Emitter   events.Emitter
	Log       *slog.Logger
	Templates Templates
	Contacts  Contacts
	// Audiences chooses and queues a campaign's recipients.
	Audiences Audiences
	Clock     clockwork.Clock
	Location  *time.Location
	// OptOutWords returns the replies that opt a contact out (STOP …).
	OptOutWords func() []string
	// TimeZone returns the zone the user chose for Herald, given to a
	// campaign whose schedule names none; nil or "" keeps Location.
	TimeZone func() string
	// Files decides where exports are written.
	Files *userfiles.Access
	// ProgressEvery is the shortest time between two progress events of
	// one campaign; 0 means 250 ms.
	ProgressEvery time.Duration
	// Keywords counts the reply keywords the recipients of campaigns (a
	// campaign and its runs) answered with, for the report; nil counts none.
	Keywords func(ids []int64) ([]KeywordCount, error)
	// ReplyKeyword is the reply keyword a reply says, "" for none, for the
	// export of a campaign's recipients; nil reads none.
	ReplyKeyword func(reply string) string
	// ConfirmWindow is how long a message in doubt after a stop, on a
	// driver that cannot reconcile, waits for a receipt before it is marked
	// unconfirmed; 0 means DefaultConfirmWindow.
	ConfirmWindow time.Duration
}

// DefaultConfirmWindow is how long, once WhatsApp is connected again after
// a stop, Herald waits for a receipt of a message it was sending when it
// stopped, on a driver that cannot say whether it took it, before it marks
// that message unconfirmed for the user to decide.
//
// A message that reached WhatsApp's server is confirmed by the recipient's
// phone within seconds when that phone is online; receipts that fell due
// while Herald was down wait on the server and come in the first seconds
// after it connects again. Ten minutes covers that backlog with a wide
// margin, and a phone that was out of signal for a few minutes. A phone
// that is off for hours would need hours, and no campaign should wait that
// long on a message that may never have left: after ten minutes the user
// gets the decision while the campaign is still fresh in mind. A receipt
// that comes later still moves the message on, unless the user has already
// sent it again.
const DefaultConfirmWindow = 10 * time.Minute

// Engine runs campaigns: it arms their schedules, runs one dispatcher per
// sending campaign and applies receipts and replies. It is not bound to the
// UI; Service is.
type Engine struct {
	db          *gorm.DB
	driver      whatsapp.Driver
	activity    *activity.Log
	emitter     events.Emitter
	log         *slog.Logger
	templates   Templates
	contacts    Contacts
	clock       clockwork.Clock
	loc         *time.Location
	optOutWords func() []string
	keywords    func(ids []int64) ([]KeywordCount, error)
	keywordOf   func(reply string) string
	userZone    func() string
	files       *userfiles.Access
	// exports are the exports in progress, which CancelExport stops.
	exports   calls.Running
	audiences Audiences
	// confirmWindow: see Deps.ConfirmWindow.
	confirmWindow time.Duration

	timer    *timer
	inbox    *inbox
	progress *progress

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// writing serialises the engine's own hot writes (claims, outcomes,
	// receipts): SQLite takes one writer at a time, and its busy handler
	// sleeps for milliseconds where a mutex hands over in microseconds.
	writing sync.Mutex

	mu        sync.Mutex
	runners   map[int64]*runner
	connected *whatsapp.Connected
	stopped   bool
	// suspended is set between Suspend and Restart.
	suspended bool
}

// runner is one campaign's dispatcher goroutine.
type runner struct {
	cancel context.CancelFunc
	done   chan struct{}
	// again starts a new dispatcher when this one ends: messages were
	// queued after it may have decided it had nothing left.
	again bool
}

// New returns the bound Service and the Engine behind it. Call
// Engine.Start once the app is up and Engine.Stop before closing the
// database.
func New(d Deps) (*Service, *Engine, error) {
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.OptOutWords == nil {
		d.OptOutWords = DefaultOptOutWords
	}
	t, err := newTimer(d.Clock, d.Location)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{db: d.DB, driver: d.Driver, activity: d.Activity, emitter: d.Emitter, log: d.Log,
		templates: d.Templates, contacts: d.Contacts, clock: d.Clock, loc: d.Location, optOutWords: d.OptOutWords,
		files: d.Files, audiences: d.Audiences, timer: t, ctx: ctx, cancel: cancel, runners: map[int64]*runner{}, connected: &whatsapp.Connected{}}
	e.userZone = d.TimeZone
	e.keywords = d.Keywords
	e.keywordOf = d.ReplyKeyword
	e.confirmWindow = d.ConfirmWindow
	if e.confirmWindow <= 0 {
		e.confirmWindow = DefaultConfirmWindow
	}
	e.inbox = newInbox(e)
	every := d.ProgressEvery
	if every <= 0 {
		every = 250 * time.Millisecond
	}
	e.progress = newProgress(e, every)
	if d.Driver.Status().State == whatsapp.StateConnected {
		e.connected.Set(true)
	}
	e.wg.Add(2)
	go e.inbox.loop()
	go e.progress.loop()
	return &Service{e: e}, e, nil
}

// Start arms every scheduled campaign, starts those whose time passed while
// Herald was closed, and resumes those a quit or crash interrupted.
func (e *Engine) Start() error {
	var rows []row
	if err := e.db.Where("state IN ?", []State{StateScheduled, StateRunning, StateWaiting}).Order("id").Find(&rows).Error; err != nil {
		return fmt.Errorf("read campaigns to resume: %w", err)
	}
	var errs []error
	for _, r := range rows {
		if r.State.active() {
			e.record(r.ID, "resumed", fmt.Sprintf("Campaign “%s” resumed where it stopped when Herald closed", r.Name))
			e.launch(r.ID)
			continue
		}
		if err := e.arm(r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Stop stops the dispatchers (each leaves its campaign resumable), the
// scheduler and the receipt writer, and waits for them.
func (e *Engine) Stop() error {
	e.haltAll(func() { e.stopped = true })
	err := e.timer.stop()
	e.cancel()
	e.wg.Wait()
	e.inbox.flush()
	return err
}

// haltAll stops every dispatcher, each leaving its campaign resumable, and
// waits for them; mark, run under e.mu first, keeps new ones from starting.
func (e *Engine) haltAll(mark func()) {
	e.mu.Lock()
	mark()
	runners := make([]*runner, 0, len(e.runners))
	for _, r := range e.runners {
		runners = append(runners, r)
	}
	e.mu.Unlock()
	for _, r := range runners {
		r.cancel()
		<-r.done
	}
}

// Observe takes one event of the driver: the connection monitor passes each
// on. It never blocks.
func (e *Engine) Observe(ev whatsapp.Event) {
	switch ev.Kind {
	case whatsapp.EventState:
		e.connected.Set(ev.Status.State == whatsapp.StateConnected)
		// A ban or a logout stops everything at once: a campaign that only
		// waited would go on by itself the moment the number is back, at
		// the pace that may have got it banned.
		if reason := e.stopReason(ev.Status); reason != "" {
			e.stopAll(reason)
		}
	case whatsapp.EventReceipt, whatsapp.EventIncoming:
		e.inbox.add(ev)
	}
}

// launch starts campaign id's dispatcher unless it runs already.
func (e *Engine) launch(id int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped || e.suspended {
		return
	}
	if _, ok := e.runners[id]; ok {
		return
	}
	ctx, cancel := context.WithCancel(e.ctx)
	r := &runner{cancel: cancel, done: make(chan struct{})}
	e.runners[id] = r
	go func() {
		defer close(r.done)
		defer func() {
			e.mu.Lock()
			again := r.again && ctx.Err() == nil
			if e.runners[id] == r {
				delete(e.runners, id)
			}
			e.mu.Unlock()
			if again {
				e.launch(id)
			}
		}()
		if err := e.dispatch(ctx, id); err != nil && ctx.Err() == nil {
			e.log.Error("campaign dispatcher", "campaign", id, "err", err)
			e.fail(id, err)
		}
	}()
}

// relaunch makes sure a dispatcher looks at campaign id's queue after now:
// a new one, or, when one runs, another after it, since the running one
// may already have found nothing left to send.
func (e *Engine) relaunch(id int64) {
	e.mu.Lock()
	if r, ok := e.runners[id]; ok {
		r.again = true
		e.mu.Unlock()
		return
	}
	e.mu.Unlock()
	e.launch(id)
}

// halt stops campaign id's dispatcher and waits until it has stopped, so
// that no message goes out after halt returns.
func (e *Engine) halt(id int64) {
	e.mu.Lock()
	r, ok := e.runners[id]
	e.mu.Unlock()
	if ok {
		r.cancel()
		<-r.done
	}
}

// running reports whether campaign id has a dispatcher, for tests.
func (e *Engine) running(id int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.runners[id]
	return ok
}

// fail ends campaign id as failed after an error the dispatcher cannot
// get past (the database refusing writes, a template that no longer
// compiles). Its queued recipients stay queued: nothing is lost.
func (e *Engine) fail(id int64, cause error) {
	now := e.clock.Now().UTC()
	note := "Stopped by an error: " + cause.Error()
	res := e.db.Exec("UPDATE campaigns SET state = ?, note = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state IN ?",
		StateFailed, note, now, now, id, []State{StateRunning, StateWaiting})
	if res.Error != nil {
		e.log.Error("record campaign failure", "campaign", id, "err", res.Error)
		return
	}
	if res.RowsAffected > 0 {
		e.record(id, "failed", fmt.Sprintf("Campaign “%s” stopped: %s", e.nameOf(id), cause))
		e.progress.touch(id)
	}
}

// record writes an activity entry about campaign id (0 when it is gone,
// so the entry links to nothing); a failure to log is logged by Record.
func (e *Engine) record(id int64, action, summary string) {
	ref := activity.Ref{}
	if id != 0 {
		ref = activity.CampaignRef(id)
	}
	_, _ = e.activity.RecordRef("campaigns", action, summary, "", ref)
}

// nameOf returns campaign id's name for the activity log ("" if gone).
func (e *Engine) nameOf(id int64) string {
	var name string
	e.db.Raw("SELECT name FROM campaigns WHERE id = ?", id).Scan(&name)
	return name
}
