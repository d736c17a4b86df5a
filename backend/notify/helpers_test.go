package notify

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/events"
	"herald/backend/internal/fakeclock"
	"herald/backend/notify/smtptest"
	"herald/backend/store"
)

// start is a Monday morning, in UTC.
var start = time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)

// fakeCampaigns answers Outcome from a map.
type fakeCampaigns struct {
	mu  sync.Mutex
	out map[int64]campaigns.Outcome
}

func (f *fakeCampaigns) Outcome(id int64) (campaigns.Outcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.out[id]
	if !ok {
		return campaigns.Outcome{}, errors.New("no such campaign")
	}
	return o, nil
}

// noKeychain is a computer without a keychain.
type noKeychain struct{}

func (noKeychain) Set(string) error     { return errors.New("no keychain") }
func (noKeychain) Get() (string, error) { return "", errors.New("no keychain") }
func (noKeychain) Delete() error        { return errors.New("no keychain") }

// memKeychain is a keychain in memory.
type memKeychain struct {
	mu sync.Mutex
	pw string
}

func (k *memKeychain) Set(pw string) error { k.mu.Lock(); defer k.mu.Unlock(); k.pw = pw; return nil }
func (k *memKeychain) Get() (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.pw == "" {
		return "", errors.New("not found")
	}
	return k.pw, nil
}
func (k *memKeychain) Delete() error { return k.Set("") }

// activityFeed passes the activity entries recorded to a channel, and to
// the engine once it is set.
type activityFeed struct {
	mu      sync.Mutex
	entries chan activity.Entry
	next    events.Emitter
}

func (f *activityFeed) Emit(topic string, payload any) {
	f.mu.Lock()
	next := f.next
	f.mu.Unlock()
	if e, ok := payload.(activity.Entry); ok && topic == events.TopicActivity {
		select {
		case f.entries <- e:
		default:
		}
	}
	if next != nil {
		next.Emit(topic, payload)
	}
}

// rig is a notices engine on a database of its own, with a fake clock and
// a mail server.
type rig struct {
	t         *testing.T
	dir       string
	db        *gorm.DB
	log       *activity.Log
	feed      *activityFeed
	desktop   *events.Recorder
	clock     *fakeclock.Clock
	campaigns *fakeCampaigns
	server    *smtptest.Server
	svc       *Service
	engine    *Engine
	keychain  Keychain
	// zone is the time zone the user chose, "" for none.
	zone atomic.Value
}

// timeZone is the zone the user chose, as the settings give it.
func (r *rig) timeZone() string {
	z, _ := r.zone.Load().(string)
	return z
}

func newRig(t *testing.T, opts smtptest.Options) *rig {
	t.Helper()
	server, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.Close)
	r := &rig{t: t, dir: t.TempDir(), clock: fakeclock.New(start), server: server, keychain: noKeychain{},
		campaigns: &fakeCampaigns{out: map[int64]campaigns.Outcome{}}}
	r.open()
	return r
}

// open opens the database and starts an engine on it, as Herald does at
// each start.
func (r *rig) open() {
	t := r.t
	db, err := store.Open(filepath.Join(r.dir, "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	r.db = db
	r.feed = &activityFeed{entries: make(chan activity.Entry, 100)}
	r.desktop = &events.Recorder{}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.log = activity.NewLog(db, r.feed, logger)
	r.svc, r.engine, err = New(Deps{DB: db, Activity: r.log, Emitter: r.desktop, Log: logger, Clock: r.clock,
		Campaigns: r.campaigns, Keychain: r.keychain, Database: filepath.Join(r.dir, "herald.db"),
		TimeZone: r.timeZone, Local: time.UTC, RootCAs: r.server.Roots})
	if err != nil {
		t.Fatal(err)
	}
	r.feed.mu.Lock()
	r.feed.next = r.engine
	r.feed.mu.Unlock()
	r.engine.Start()
	t.Cleanup(r.close)
}

// close stops the engine and closes the database (once).
func (r *rig) close() {
	if r.engine == nil {
		return
	}
	r.engine.Stop()
	_ = store.Close(r.db)
	r.engine = nil
}

// config is a configuration for the rig's server.
func (r *rig) config() Config {
	c := defaults()
	c.Host, c.Port, c.Security = "127.0.0.1", r.server.Port, SecurityStartTLS
	c.From, c.To = "herald@shop.example", []string{"owner@shop.example, night@shop.example"}
	return c
}

// save saves cfg as the user's settings.
func (r *rig) save(cfg Config) {
	r.t.Helper()
	if _, err := r.svc.Save(cfg); err != nil {
		r.t.Fatal(err)
	}
}

// waitActivity waits for an entry of kind and action and returns it.
func (r *rig) waitActivity(kind, action string) activity.Entry {
	r.t.Helper()
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case e := <-r.feed.entries:
			if e.Kind == kind && e.Action == action {
				return e
			}
		case <-timeout.C:
			r.t.Fatalf("no activity %s/%s", kind, action)
		}
	}
}

// mails waits for n mails and returns them.
func (r *rig) mails(n int) []smtptest.Mail {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := r.server.Wait(ctx, n)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

// outbox counts the outbox's rows in state.
func (r *rig) outbox(state string) int64 {
	var n int64
	if err := r.db.Raw("SELECT count(*) FROM notice_outbox WHERE state = ?", state).Scan(&n).Error; err != nil {
		r.t.Fatal(err)
	}
	return n
}
