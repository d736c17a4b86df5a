// Package inbox is the replies inbox: every message people send to the
// linked number, grouped by number into conversations, and the answers
// Herald sends in them.
//
// Storage. Incoming messages and answers are recorded in the inbox's own
// tables as they arrive or are sent (inbox_conversations, inbox_messages,
// with a full-text index of the text); each conversation keeps its last
// message and unread count, so the list and its filters read one indexed
// row per conversation however many messages there are. Campaign messages
// are not copied: they live in campaign_recipients, where the dispatcher
// and thousands of receipts a second write them, and a conversation reads
// its number's few through campaigns.API (by the number's index). Copying
// them would double the campaigns' hottest writes to serve a chat view
// that opens one number at a time.
//
// Contacts are reached only through the contact book's API: a
// conversation belongs to the contact whose number it is, looked up when
// it is shown, so a number added to the contacts later has its name at
// once. A number that is no contact shows with a synthetic id, the
// negative of its conversation's.
//
// Answers go out as campaign messages do: committed as "sending" with
// Herald's ID before the driver sees them, the ID being the driver's
// idempotency key; after a stop, one left "sending" is settled as the
// dispatcher settles its own (whatsapp.CanReconcile): sent again with the
// same ID when the driver can tell it never took it, else unconfirmed and
// never sent again by itself. Herald answers only numbers that wrote.
package inbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/whatsapp"
)

// Topics the inbox announces on: a message received, sent or moved on by a
// receipt (Event), and the number of unread conversations (Unread).
const (
	TopicMessage = "inbox:message"
	TopicUnread  = "inbox:unread"
)

// Contacts is what the inbox reads of the contact book. *contacts.API
// implements it.
type Contacts interface {
	// Phones returns the numbers of the contacts of ids that exist.
	Phones(ids []int64) (map[int64]string, error)
	// ByPhones returns the contact of each number that belongs to one.
	ByPhones(phones []string) (map[string]contacts.Holder, error)
	// OptedOutPhones returns the numbers of the contacts who opted out.
	OptedOutPhones() ([]string, error)
	// Tag adds a tag to contacts; Added counts those that had it not.
	Tag(ids []int64, name string) (contacts.Tagged, error)
}

// Campaigns is what the inbox reads of the campaigns. *campaigns.API
// implements it.
type Campaigns interface {
	// ReplyTo returns the campaign an incoming message answers, 0 for none.
	ReplyTo(in whatsapp.Incoming) (int64, error)
	// SentTo returns the newest campaign messages sent to a number.
	SentTo(phone string, limit int) ([]campaigns.SentMessage, int64, error)
}

// Deps are what the inbox needs. Clock defaults to the wall clock.
// TestNumber is the number set in Settings for tests ("" for none);
// Keywords are the reply keywords that tag contacts.
type Deps struct {
	DB         *gorm.DB
	Driver     whatsapp.Driver
	Contacts   Contacts
	Campaigns  Campaigns
	Templates  Templates
	TestNumber func() string
	Keywords   func() []Keyword
	Activity   *activity.Log
	Emitter    events.Emitter
	Log        *slog.Logger
	Clock      clockwork.Clock
}

// Engine records what arrives and settles answers a stop interrupted. It
// is not bound to the UI; Service is.
type Engine struct {
	db         *gorm.DB
	driver     whatsapp.Driver
	contacts   Contacts
	campaigns  Campaigns
	templates  Templates
	testNumber func() string
	keywords   func() []Keyword
	activity   *activity.Log
	emitter    events.Emitter
	log        *slog.Logger
	clock      clockwork.Clock

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	pending   []whatsapp.Event
	wake      chan struct{}
	connected *whatsapp.Connected
}

// Service is the inbox as the UI calls it.
type Service struct {
	e *Engine
}

// New returns the bound Service and the Engine behind it. Call
// Engine.Start once the app is up and Engine.Stop before closing the
// database.
func New(d Deps) (*Service, *Engine) {
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{db: d.DB, driver: d.Driver, contacts: d.Contacts, campaigns: d.Campaigns, templates: d.Templates,
		testNumber: d.TestNumber, keywords: d.Keywords, activity: d.Activity, emitter: d.Emitter, log: d.Log, clock: d.Clock, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1), connected: &whatsapp.Connected{}}
	if d.Driver.Status().State == whatsapp.StateConnected {
		e.connected.Set(true)
	}
	e.wg.Add(1)
	go e.loop()
	return &Service{e: e}, e
}

// Start settles the answers a stop left "sending", once WhatsApp is
// connected, in the background.
func (e *Engine) Start() {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		select {
		case <-e.connected.Wait():
		case <-e.ctx.Done():
			return
		}
		if err := e.settle(e.ctx); err != nil && e.ctx.Err() == nil {
			e.log.Error("inbox: settle answers interrupted by a stop", "err", err)
		}
	}()
}

// Stop ends the background work and records what arrived before it.
func (e *Engine) Stop() {
	e.cancel()
	e.wg.Wait()
	e.flush()
}

// Observe takes one event of the driver: the connection monitor passes each
// on. It never blocks.
func (e *Engine) Observe(ev whatsapp.Event) {
	switch ev.Kind {
	case whatsapp.EventState:
		e.connected.Set(ev.Status.State == whatsapp.StateConnected)
	case whatsapp.EventIncoming, whatsapp.EventReceipt:
		e.mu.Lock()
		e.pending = append(e.pending, ev)
		e.mu.Unlock()
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
}

func (e *Engine) loop() {
	defer e.wg.Done()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-e.wake:
			e.flush()
		}
	}
}

// flush records everything pending now: incoming messages one by one,
// receipts a batch at a time.
func (e *Engine) flush() {
	for {
		e.mu.Lock()
		batch := e.pending
		e.pending = nil
		e.mu.Unlock()
		if len(batch) == 0 {
			return
		}
		var receipts []whatsapp.Receipt
		for _, ev := range batch {
			if ev.Kind == whatsapp.EventIncoming {
				if err := e.receive(ev.Incoming); err != nil {
					e.log.Error("inbox: record an incoming message", "err", err)
				}
				continue
			}
			receipts = append(receipts, ev.Receipt)
		}
		if err := e.applyReceipts(receipts); err != nil {
			e.log.Error("inbox: record receipts", "err", err)
		}
	}
}

// record writes an entry of the activity log about the inbox; the change
// itself is done, so a failure to log it is only logged.
func (e *Engine) record(action, summary string, ref activity.Ref) {
	if e.activity == nil {
		return
	}
	_, _ = e.activity.RecordRef("inbox", action, summary, "", ref)
}

// now is the engine's clock in UTC, as times are stored.
func (e *Engine) now() time.Time { return e.clock.Now().UTC() }
