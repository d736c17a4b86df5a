// Package notify tells the user what needs them while they are not looking:
// email notices through their own mail server, sent from a durable outbox
// in the database, and the window's desktop notifications.
//
// The notices follow the activity log (activity.Log.After) from where they
// stopped, and queue a mail for an entry in the same transaction that moves
// their place on, keyed on the entry, so that an event is never queued
// twice nor skipped across a crash. A worker sends what is queued with
// retries and backoff; nothing that sends campaigns ever waits on it.
package notify

import (
	"context"
	"crypto/x509"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/events"
)

// TopicDesktop carries a desktop notification to the page: the window
// shows it with the system's notifications, a browser as a toast.
const TopicDesktop = "notice:desktop"

// Campaigns is what the notices read of the campaigns.
type Campaigns interface {
	Outcome(id int64) (campaigns.Outcome, error)
}

// Deps is what the notices need.
type Deps struct {
	DB       *gorm.DB
	Activity *activity.Log
	Emitter  events.Emitter
	Log      *slog.Logger
	// Clock is the real clock unless a test gives a fake one.
	Clock     clockwork.Clock
	Campaigns Campaigns
	// Keychain keeps the mail password; nil is the operating system's.
	Keychain Keychain
	// Database is the database file's path, named to the user when the
	// password is kept there.
	Database string
	// TimeZone is the zone the user chose for Herald (an IANA name, as
	// campaigns read it): the daily summary goes at its time there and
	// mails tell times in it. Nil or "" is Local.
	TimeZone func() string
	// Local is the computer's zone; nil is time.Local.
	Local *time.Location
	// RootCAs are the authorities a mail server's certificate must come
	// from; nil is the system's.
	RootCAs *x509.CertPool
	// Grace is how long a campaign waits for WhatsApp before a notice
	// says so; zero is DefaultGrace.
	Grace time.Duration
}

// DefaultGrace is how long a campaign may wait for WhatsApp to come back
// before the user hears of it: a short drop of the connection is common
// and mends itself.
const DefaultGrace = 5 * time.Minute

// Service is the notices' settings as the UI sees them (NoticeService).
type Service struct{ e *Engine }

// Engine follows the activity log, queues the notices and sends them. It
// is not bound to the UI.
type Engine struct {
	db        *gorm.DB
	activity  *activity.Log
	emitter   events.Emitter
	log       *slog.Logger
	clock     clockwork.Clock
	campaigns Campaigns
	secrets   *secrets
	timeZone  func() string
	local     *time.Location
	roots     *x509.CertPool
	grace     time.Duration

	// scanned is the id of the last activity entry the worker has read;
	// only the worker uses it.
	scanned int64
	// wake asks the worker for a pass now; it holds at most one request.
	wake chan struct{}
	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}

	mu      sync.Mutex
	started bool
	sched   gocron.Scheduler
	daily   string // the daily summary's crontab the job was made for, "" when none
	// failure is the last failed attempt to send, in plain words, shown in
	// Settings until a mail goes.
	failure string
}

// New returns the notices' service and engine; Start starts the worker.
func New(d Deps) (*Service, *Engine, error) {
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	if d.TimeZone == nil {
		d.TimeZone = func() string { return "" }
	}
	if d.Local == nil {
		d.Local = time.Local
	}
	if d.Grace <= 0 {
		d.Grace = DefaultGrace
	}
	if d.Keychain == nil {
		d.Keychain = systemKeychain(d.Database)
	}
	if d.Emitter == nil {
		d.Emitter = events.Fanout{}
	}
	e := &Engine{db: d.DB, activity: d.Activity, emitter: d.Emitter, log: d.Log, clock: d.Clock,
		campaigns: d.Campaigns, timeZone: d.TimeZone, local: d.Local, roots: d.RootCAs, grace: d.Grace,
		secrets: &secrets{db: d.DB, keychain: d.Keychain, database: d.Database},
		wake:    make(chan struct{}, 1), done: make(chan struct{})}
	e.ctx, e.stop = context.WithCancel(context.Background())
	sched, err := gocron.NewScheduler(gocron.WithClock(d.Clock), gocron.WithLocation(d.Local))
	if err != nil {
		return nil, nil, err
	}
	e.sched = sched
	return &Service{e: e}, e, nil
}

// Start starts the worker and the daily summary's schedule.
func (e *Engine) Start() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started || e.ctx.Err() != nil {
		return
	}
	e.started = true
	// A start is a natural time to try again the mails a closed or crashed
	// Herald left waiting.
	if err := e.db.Exec("UPDATE notice_outbox SET due_at = ? WHERE state = ? AND due_at > ?",
		e.clock.Now().UTC(), statePending, e.clock.Now().UTC()).Error; err != nil {
		e.log.Error("notices: try the waiting mails again", "err", err)
	}
	e.sched.Start()
	go e.run()
	if cfg, err := e.config(); err == nil {
		e.scheduleDailyLocked(cfg)
	}
}

// Stop stops the worker, after the mail it is sending, and the schedule.
func (e *Engine) Stop() {
	e.mu.Lock()
	started := e.started
	e.stop()
	e.mu.Unlock()
	_ = e.sched.Shutdown()
	if started {
		<-e.done
	}
}

// Emit wakes the worker when the activity log has a new entry; the Engine
// listens to the events the services emit.
func (e *Engine) Emit(topic string, _ any) {
	if topic == events.TopicActivity {
		e.poke()
	}
}

// location is the zone the user chose, the computer's when none is set or
// the name is unknown.
func (e *Engine) location() *time.Location {
	loc, err := campaigns.ZoneLocation(e.timeZone(), e.local)
	if err != nil {
		e.log.Error("notices: the time zone", "err", err)
		return e.local
	}
	return loc
}

// poke asks the worker for a pass without waiting for it.
func (e *Engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// run is the worker: a pass over the activity log and the outbox, then a
// wait for the next mail due, a new activity entry, or Stop.
func (e *Engine) run() {
	defer close(e.done)
	for {
		next := e.pass()
		var timer clockwork.Timer
		var due <-chan time.Time
		if !next.IsZero() {
			timer = e.clock.NewTimer(max(next.Sub(e.clock.Now()), 0))
			due = timer.Chan()
			// The clock may have passed next between reading it and arming
			// the timer, which then waits too long: go round at once.
			if !e.clock.Now().Before(next) {
				timer.Stop()
				continue
			}
		}
		select {
		case <-e.ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return
		case <-e.wake:
		case <-due:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// pass queues the notices of new activity, releases or drops the held
// ones that are due, sends what is due, and returns when the next mail
// falls due (zero when none waits).
func (e *Engine) pass() time.Time {
	// The settings may have changed under the engine: a restore puts a
	// backup's in place, and records it in the activity log, which wakes
	// the worker.
	if cfg, err := e.config(); err == nil {
		e.mu.Lock()
		e.scheduleDailyLocked(cfg)
		e.mu.Unlock()
	}
	if err := e.follow(); err != nil {
		e.log.Error("notices: follow the activity", "err", err)
	}
	if err := e.ripen(); err != nil {
		e.log.Error("notices: held notices", "err", err)
	}
	e.deliver()
	next, err := e.nextDue()
	if err != nil {
		e.log.Error("notices: next mail due", "err", err)
		return e.clock.Now().Add(time.Minute)
	}
	return next
}
