package drivertest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"herald/backend/whatsapp"
)

// Recorder reads a driver's Events for a test, which then waits on what
// it recorded instead of sleeping.
type Recorder struct {
	d whatsapp.Driver

	mu     sync.Mutex
	events []whatsapp.Event
	more   chan struct{} // closed and replaced at each event
	done   chan struct{}
}

// Record starts reading d's events until the driver closes them.
func Record(d whatsapp.Driver) *Recorder {
	r := &Recorder{d: d, more: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for e := range d.Events() {
			r.mu.Lock()
			r.events = append(r.events, e)
			close(r.more)
			r.more = make(chan struct{})
			r.mu.Unlock()
		}
	}()
	return r
}

// Closed is closed once the driver closed its events.
func (r *Recorder) Closed() <-chan struct{} { return r.done }

// Events returns the events recorded so far.
func (r *Recorder) Events() []whatsapp.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// WaitFor waits until ok holds for the events recorded, checking again at
// each new event. The deadline guards against a hang; it is not a sleep.
func (r *Recorder) WaitFor(t testing.TB, what string, ok func([]whatsapp.Event) bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		evs, more := slices.Clone(r.events), r.more
		r.mu.Unlock()
		if ok(evs) {
			return
		}
		select {
		case <-more:
		case <-deadline:
			t.Fatalf("timed out waiting for %s; status %+v; events %+v", what, r.d.Status(), evs)
		}
	}
}

// WaitState waits until the driver's status is in state want and its
// state event is recorded.
func (r *Recorder) WaitState(t testing.TB, want whatsapp.State) whatsapp.Status {
	t.Helper()
	var st whatsapp.Status
	r.WaitFor(t, "state "+string(want), func(evs []whatsapp.Event) bool {
		st = r.d.Status()
		return st.State == want && len(evs) > 0 && slices.ContainsFunc(evs, func(e whatsapp.Event) bool {
			return e.Kind == whatsapp.EventState && e.Status.State == want
		})
	})
	return st
}

// WaitEvent waits for an event that ok accepts and returns the first.
func (r *Recorder) WaitEvent(t testing.TB, what string, ok func(whatsapp.Event) bool) whatsapp.Event {
	t.Helper()
	var found whatsapp.Event
	r.WaitFor(t, what, func(evs []whatsapp.Event) bool {
		i := slices.IndexFunc(evs, ok)
		if i >= 0 {
			found = evs[i]
		}
		return i >= 0
	})
	return found
}

// WaitReceipt waits for a receipt of status st for message id.
func (r *Recorder) WaitReceipt(t testing.TB, id string, st whatsapp.ReceiptStatus) whatsapp.Receipt {
	t.Helper()
	return r.WaitEvent(t, fmt.Sprintf("a %s receipt for %s", st, id), func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventReceipt && e.Receipt.MessageID == id && e.Receipt.Status == st
	}).Receipt
}

// States returns the states of the state events in evs, in order.
func States(evs []whatsapp.Event) []whatsapp.State {
	var out []whatsapp.State
	for _, e := range evs {
		if e.Kind == whatsapp.EventState {
			out = append(out, e.Status.State)
		}
	}
	return out
}
