package simulator

import (
	"context"
	"testing"
	"time"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/drivertest"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

// quiet is a config with every random behaviour off, so each test turns on
// only what it is about.
func quiet() Config {
	return Config{Seed: 7}
}

// harness is a simulator on a fake clock with its event stream recorded.
type harness struct {
	t     *testing.T
	dir   string
	clock *fakeclock.Clock
	sim   *Simulator
	rec   *drivertest.Recorder
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	return openHarness(t, t.TempDir(), cfg, fakeclock.New(t0))
}

func openHarness(t *testing.T, dir string, cfg Config, clock *fakeclock.Clock) *harness {
	t.Helper()
	sim, err := New(dir, cfg, clock)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h := &harness{t: t, dir: dir, clock: clock, sim: sim, rec: drivertest.Record(sim)}
	t.Cleanup(h.close)
	return h
}

// close closes the simulator and waits for the recorder to finish.
func (h *harness) close() {
	if err := h.sim.Close(); err != nil {
		h.t.Errorf("Close: %v", err)
	}
	<-h.rec.Closed()
}

// waitEvents waits until ok holds for the recorded events. The deadline is a
// guard against a hang, not a sleep: it returns as soon as ok holds.
func (h *harness) waitEvents(what string, ok func([]whatsapp.Event) bool) []whatsapp.Event {
	h.t.Helper()
	var got []whatsapp.Event
	h.rec.WaitFor(h.t, what, func(evs []whatsapp.Event) bool {
		got = evs
		return ok(evs)
	})
	return got
}

func (h *harness) wantState(want whatsapp.State) {
	h.t.Helper()
	if got := h.sim.Status().State; got != want {
		h.t.Fatalf("state = %s, want %s (last error %q)", got, want, h.sim.Status().LastError)
	}
}

// connect pairs by QR scan and returns connected.
func (h *harness) connect() {
	h.t.Helper()
	if err := h.sim.Connect(context.Background()); err != nil {
		h.t.Fatalf("Connect: %v", err)
	}
	if !h.sim.Paired() {
		if err := h.sim.SimulateScan(); err != nil {
			h.t.Fatalf("SimulateScan: %v", err)
		}
	} else {
		h.clock.Advance(connectDelay)
	}
	h.wantState(whatsapp.StateConnected)
}

func states(evs []whatsapp.Event) []whatsapp.State {
	var out []whatsapp.State
	for _, e := range evs {
		if e.Kind == whatsapp.EventState {
			out = append(out, e.Status.State)
		}
	}
	return out
}

func msg(id, to string) whatsapp.Message {
	return whatsapp.Message{ID: id, To: to, Text: "Hello " + id}
}
