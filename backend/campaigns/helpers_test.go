package campaigns

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/internal/fakeclock"
	"herald/backend/store"
	"herald/backend/templates"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

// t0 is a Wednesday, 10:00 UTC.
var t0 = time.Date(2026, 1, 7, 10, 0, 0, 0, time.UTC)

// quiet is a simulator with every random behaviour off: no latency, no
// failures, every number on WhatsApp, no rate limit.
func quiet() simulator.Config { return simulator.Config{Seed: 7} }

// world is a data dir and its database, shared by the engines a test
// starts in turn, as Herald restarting on the same data.
type world struct {
	t         testing.TB
	dir       string
	db        *gorm.DB
	rec       *events.Recorder
	log       *slog.Logger
	act       *activity.Log
	contacts  *contacts.Service
	book      *contacts.API
	templates *templates.Service
	// clock drives campaigns, their gocron jobs and the simulator.
	clock *fakeclock.Clock
}

func newWorld(t testing.TB) *world {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	w := &world{t: t, dir: dir, db: db, rec: &events.Recorder{}, log: slog.New(slog.NewTextHandler(debugOut(), nil)),
		clock: fakeclock.New(t0)}
	w.act = activity.NewLog(db, w.rec, w.log)
	w.contacts, err = contacts.NewService(db, w.act, w.rec, w.log, fixedCountry("US"), userfiles.Desktop(filepath.Join(dir, "exports")))
	if err != nil {
		t.Fatal(err)
	}
	w.book = contacts.NewAPI(w.contacts)
	w.templates = templates.NewService(db, w.act, w.log, w.contacts, dir, userfiles.Desktop(filepath.Join(dir, "exports")))
	return w
}

type fixedCountry string

func (c fixedCountry) Get(string) (string, error) { return string(c), nil }

// addContacts creates n contacts named "Person i" with US numbers and the
// given tags, and returns their ids.
func (w *world) addContacts(n int, tags ...string) []int64 {
	w.t.Helper()
	ids := make([]int64, 0, n)
	count, err := w.book.Counts()
	if err != nil {
		w.t.Fatal(err)
	}
	for i := range n {
		k := int(count.Total) + i
		c, err := w.contacts.Create(contacts.Contact{Name: fmt.Sprintf("Person%d Test", k),
			Phone: fmt.Sprintf("+1202555%04d", k), Tags: tags})
		if err != nil {
			w.t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	return ids
}

func (w *world) template(body string) int64 {
	w.t.Helper()
	t, err := w.templates.Create(templates.Template{Name: fmt.Sprintf("T%d", time.Now().UnixNano()), Body: body})
	if err != nil {
		w.t.Fatal(err)
	}
	return t.ID
}

// instance is one running engine with its simulator.
type instance struct {
	*Service
	e    *Engine
	sim  *simulator.Simulator
	stop func()
}

// start builds a connected simulator with cfg and an engine, and pumps the
// simulator's events into the engine as the connection monitor does.
func (w *world) start(cfg simulator.Config) *instance {
	w.t.Helper()
	sim, err := simulator.New(w.dir, cfg, w.clock)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.startWith(sim, sim)
}

func (w *world) startWith(sim *simulator.Simulator, driver whatsapp.Driver) *instance {
	w.t.Helper()
	svc, e, err := New(Deps{DB: w.db, Driver: driver, Activity: w.act, Emitter: w.rec, Log: w.log,
		Templates: w.templates, Contacts: w.book, Audiences: w.book, Clock: w.clock,
		Location: time.UTC, Files: userfiles.Desktop(filepath.Join(w.dir, "exports")), ProgressEvery: 50 * time.Millisecond})
	if err != nil {
		w.t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev := range sim.Events() {
			e.Observe(ev)
		}
	}()
	if !sim.Paired() {
		if err := sim.Connect(context.Background()); err != nil {
			w.t.Fatal(err)
		}
		if err := sim.SimulateScan(); err != nil {
			w.t.Fatal(err)
		}
	} else {
		if err := sim.Connect(context.Background()); err != nil {
			w.t.Fatal(err)
		}
		w.clock.Advance(2 * time.Second) // the paired session's handshake
	}
	return w.running(svc, e, sim, &wg)
}

// wentOut counts the messages that left. The simulator runs on the
// campaigns' clock, so a test that advances it also gets the delivered and
// read receipts that fall due meanwhile.
func wentOut(s Stats) int64 { return s.Sent + s.Delivered + s.Read }

// leftAs reports whether a recipient in state went out, whatever receipts
// have come since.
func leftAs(state string) bool {
	return state == RecipientSent || state == RecipientDelivered || state == RecipientRead
}

// eventually waits until cond holds, failing after a generous deadline.
// It polls: the engine works in its own goroutines.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// state reads campaign id's state alone: tests poll it, and Get would count
// every recipient each time.
func (in *instance) state(t *testing.T, id int64) State {
	t.Helper()
	var st State
	if err := in.e.db.Raw("SELECT state FROM campaigns WHERE id = ?", id).Scan(&st).Error; err != nil {
		t.Fatal(err)
	}
	return st
}

// journalCount returns how many messages the simulator accepted per phone.
func (w *world) journalCount() map[string]int {
	w.t.Helper()
	entries, err := simulator.ReadJournal(w.dir)
	if err != nil {
		return map[string]int{}
	}
	out := map[string]int{}
	for _, e := range entries {
		out[e.To]++
	}
	return out
}

func (w *world) newSim(cfg simulator.Config) *simulator.Simulator {
	w.t.Helper()
	sim, err := simulator.New(w.dir, cfg, w.clock)
	if err != nil {
		w.t.Fatal(err)
	}
	return sim
}

func (w *world) journalEntries() []simulator.JournalEntry {
	w.t.Helper()
	entries, err := simulator.ReadJournal(w.dir)
	if err != nil {
		w.t.Fatal(err)
	}
	return entries
}

// sent counts campaign id's recipients that have gone out.
func (w *world) sent(id int64) int64 {
	var n int64
	w.db.Raw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND sent_at IS NOT NULL", id).Scan(&n)
	return n
}

// flakyDriver fails the first sends to chosen numbers with a server error,
// as a real server under load does now and then.
type flakyDriver struct {
	whatsapp.Driver
	mu       sync.Mutex
	failures map[string]int
}

func (f *flakyDriver) failFirst(phone string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[phone] = n
}

func (f *flakyDriver) Send(ctx context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	f.mu.Lock()
	if f.failures[msg.To] > 0 {
		f.failures[msg.To]--
		f.mu.Unlock()
		return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrServer)
	}
	f.mu.Unlock()
	return f.Driver.Send(ctx, msg)
}

func debugOut() io.Writer {
	if os.Getenv("CAMPAIGN_DEBUG") != "" {
		return os.Stderr
	}
	return io.Discard
}

// running starts e, whose events sim's pump goroutine (counted by wg) feeds,
// as an instance the test stops at its end if it has not already.
func (w *world) running(svc *Service, e *Engine, sim *simulator.Simulator, wg *sync.WaitGroup) *instance {
	w.t.Helper()
	e.connected.Set(sim.Status().State == whatsapp.StateConnected)
	in := &instance{Service: svc, e: e, sim: sim}
	var once sync.Once
	in.stop = func() {
		once.Do(func() {
			if err := e.Stop(); err != nil {
				w.t.Error(err)
			}
			_ = sim.Close()
			wg.Wait()
		})
	}
	w.t.Cleanup(in.stop)
	if err := e.Start(); err != nil {
		w.t.Fatal(err)
	}
	return in
}

// disconnect drops WhatsApp and waits until the engine has seen it.
func (in *instance) disconnect(t testing.TB) {
	t.Helper()
	in.sim.Disconnect()
	eventually(t, "the engine sees the drop", func() bool {
		select {
		case <-in.e.connected.Wait():
			return false
		default:
			return true
		}
	})
}
