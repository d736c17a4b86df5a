package connection

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/internal/fakeclock"
	"herald/backend/store"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

// quiet is a simulator with every random behaviour off.
func quiet() simulator.Config { return simulator.Config{Seed: 7} }

// world is a data dir with its database, shared by the services a test
// starts in turn (as Herald restarting on the same data).
type world struct {
	t     *testing.T
	dir   string
	db    *gorm.DB
	clock *fakeclock.Clock
	rec   *events.Recorder
	log   *slog.Logger
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	return &world{t: t, dir: dir, db: db, clock: fakeclock.New(t0), rec: &events.Recorder{},
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// instance is one running service with its simulator.
type instance struct {
	*Service
	sim  *simulator.Simulator
	stop func() error
}

// start builds a simulator with cfg and the service, as core does.
func (w *world) start(cfg simulator.Config) *instance {
	w.t.Helper()
	sim, err := simulator.New(w.dir, cfg, w.clock)
	if err != nil {
		w.t.Fatal(err)
	}
	svc, stop, err := NewService(Deps{DB: w.db, Driver: sim, Activity: activity.NewLog(w.db, w.rec, w.log),
		Emitter: w.rec, Log: w.log, Contacts: contacts.NewReach(w.db), Country: func() string { return "US" },
		Clock: w.clock})
	if err != nil {
		w.t.Fatal(err)
	}
	in := &instance{Service: svc, sim: sim, stop: stop}
	w.t.Cleanup(func() { _ = in.stop() })
	if err := Resume(svc); err != nil {
		w.t.Fatal(err)
	}
	return in
}

// restart stops in and starts a new instance on the same data.
func (w *world) restart(in *instance, cfg simulator.Config) *instance {
	w.t.Helper()
	if err := in.stop(); err != nil {
		w.t.Fatalf("stop: %v", err)
	}
	in.stop = func() error { return nil }
	return w.start(cfg)
}

// waitState waits until the service reports want. The deadline guards
// against a hang; it returns as soon as the state is reached.
func (in *instance) waitState(t *testing.T, want whatsapp.State) whatsapp.Status {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := in.Status()
		if st.State == want {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("state is %s (last error %q), want %s", st.State, st.LastError, want)
		}
		time.Sleep(time.Millisecond)
	}
}

// pairByQR connects an unpaired instance and scans the QR code.
func (in *instance) pairByQR(t *testing.T) whatsapp.Status {
	t.Helper()
	if err := in.Connect(); err != nil {
		t.Fatalf("Connect: %v", err)
	}
	in.waitState(t, whatsapp.StateQR)
	if err := in.SimulateScan(); err != nil {
		t.Fatalf("SimulateScan: %v", err)
	}
	return in.waitState(t, whatsapp.StateConnected)
}

func (w *world) historyStates() []whatsapp.State {
	w.t.Helper()
	var states []whatsapp.State
	if err := w.db.Raw("SELECT state FROM whatsapp_history ORDER BY id").Scan(&states).Error; err != nil {
		w.t.Fatal(err)
	}
	return states
}

func (w *world) activity() []string {
	w.t.Helper()
	page, err := activity.NewService(w.db).List(activity.Query{Kind: "whatsapp", Limit: 100})
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for i := len(page.Items) - 1; i >= 0; i-- {
		out = append(out, page.Items[i].Summary)
	}
	return out
}

func wantKind(t *testing.T, err error, kind apperr.Kind) {
	t.Helper()
	if err == nil || apperr.KindOf(err) != kind {
		t.Fatalf("error %v (kind %d), want kind %d", err, apperr.KindOf(err), kind)
	}
}
