package inbox

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/internal/fakeclock"
	"herald/backend/store"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
)

// t0 is a Wednesday, 10:00 UTC.
var t0 = time.Date(2026, 1, 7, 10, 0, 0, 0, time.UTC)

// fakeDriver is a connected WhatsApp that records what it is asked to
// send, and answers Taken from what it took; cannotTell makes it the linked
// phone, which cannot say.
type fakeDriver struct {
	whatsapp.Driver
	mu         sync.Mutex
	sent       []whatsapp.Message
	taken      map[string]bool
	cannotTell bool
	fail       error
	// onSend runs as a message reaches the driver.
	onSend func(whatsapp.Message)
}

func (d *fakeDriver) Status() whatsapp.Status {
	return whatsapp.Status{State: whatsapp.StateConnected}
}

func (d *fakeDriver) Send(_ context.Context, m whatsapp.Message) (whatsapp.Receipt, error) {
	if d.onSend != nil {
		d.onSend(m)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil {
		return whatsapp.Receipt{}, d.fail
	}
	d.sent = append(d.sent, m)
	if d.taken == nil {
		d.taken = map[string]bool{}
	}
	d.taken[m.ID] = true
	return whatsapp.Receipt{MessageID: m.ID, Status: whatsapp.ReceiptSent}, nil
}

func (d *fakeDriver) Taken(_ context.Context, id string) (time.Time, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cannotTell {
		return time.Time{}, false, whatsapp.ErrCannotTell
	}
	return t0, d.taken[id], nil
}

func (d *fakeDriver) sends() []whatsapp.Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]whatsapp.Message(nil), d.sent...)
}

// fakeCampaigns files replies by the message they quote and holds the
// campaign messages sent to each number.
type fakeCampaigns struct {
	byMessage map[string]int64
	sent      map[string][]campaigns.SentMessage
}

func (c *fakeCampaigns) ReplyTo(in whatsapp.Incoming) (int64, error) {
	return c.byMessage[in.InReplyTo], nil
}

func (c *fakeCampaigns) SentTo(phone string, limit int) ([]campaigns.SentMessage, int64, error) {
	all := c.sent[phone]
	return all[:min(limit, len(all))], int64(len(all)), nil
}

type fixedCountry string

func (c fixedCountry) Get(string) (string, error) { return string(c), nil }

// world is an inbox over a real store and contact book.
type world struct {
	t        testing.TB
	db       *gorm.DB
	rec      *events.Recorder
	contacts *contacts.Service
	driver   *fakeDriver
	camps    *fakeCampaigns
	clock    *fakeclock.Clock
	svc      *Service
	e        *Engine
}

func newWorld(t testing.TB) *world {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := &world{t: t, db: db, rec: &events.Recorder{}, driver: &fakeDriver{}, clock: fakeclock.New(t0),
		camps: &fakeCampaigns{byMessage: map[string]int64{}, sent: map[string][]campaigns.SentMessage{}}}
	w.contacts, err = contacts.NewService(db, activity.NewLog(db, w.rec, log), w.rec, log, fixedCountry("US"),
		userfiles.Desktop(filepath.Join(dir, "exports")))
	if err != nil {
		t.Fatal(err)
	}
	w.svc, w.e = New(Deps{DB: db, Driver: w.driver, Contacts: contacts.NewAPI(w.contacts), Campaigns: w.camps,
		Emitter: w.rec, Log: log, Clock: w.clock})
	t.Cleanup(w.e.Stop)
	return w
}

func (w *world) contact(name, phone string) int64 {
	w.t.Helper()
	c, err := w.contacts.Create(contacts.Contact{Name: name, Phone: phone})
	if err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}

// receive hands the inbox incoming messages, as the connection monitor
// does, and records them.
func (w *world) receive(ins ...whatsapp.Incoming) {
	for _, in := range ins {
		w.e.Observe(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: in})
	}
	w.e.flush()
}

func (w *world) receipt(id string, st whatsapp.ReceiptStatus) {
	w.e.Observe(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: whatsapp.Receipt{MessageID: id, Status: st, At: t0}})
	w.e.flush()
}

func (w *world) conversations(q Query) Page {
	w.t.Helper()
	p, err := w.svc.Conversations(q)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *world) messages(contactID int64) []Message {
	w.t.Helper()
	p, err := w.svc.Messages(contactID, MessageQuery{})
	if err != nil {
		w.t.Fatal(err)
	}
	return p.Items
}
