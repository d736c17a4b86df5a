package whatsmeow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/store"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/drivertest"
	"herald/backend/whatsapp/whatsmeow"
	"herald/backend/whatsapp/whatsmeow/fakeclient"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

// rig is the driver on a data folder, over a fake WhatsApp side, on a
// fake clock, with its events recorded.
type rig struct {
	*drivertest.Recorder
	t     *testing.T
	dir   string
	clock *fakeclock.Clock
	srv   *fakeclient.Server
	d     *whatsmeow.Driver
}

func newRig(t *testing.T, opts ...func(*fakeclient.Options)) *rig {
	t.Helper()
	clock := fakeclock.New(t0)
	o := fakeclient.Options{Clock: clock}
	for _, f := range opts {
		f(&o)
	}
	return openRig(t, t.TempDir(), clock, fakeclient.NewServer(o))
}

// openRig opens the driver on dir; srv outlives it, as WhatsApp outlives
// a restart of Herald.
func openRig(t *testing.T, dir string, clock *fakeclock.Clock, srv *fakeclient.Server) *rig {
	t.Helper()
	d, err := whatsmeow.Open(dir, whatsmeow.Options{Clock: clock,
		NewClient: func(dev *store.Device) whatsmeow.Client { return srv.NewClient(dev) }})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	r := &rig{Recorder: drivertest.Record(d), t: t, dir: dir, clock: clock, srv: srv, d: d}
	t.Cleanup(r.close)
	return r
}

func (r *rig) close() {
	if err := r.d.Close(); err != nil {
		r.t.Errorf("Close: %v", err)
	}
	<-r.Closed()
}

// restart closes the driver and opens a new one on the same folder and
// WhatsApp side.
func (r *rig) restart() *rig {
	r.t.Helper()
	r.close()
	return openRig(r.t, r.dir, r.clock, r.srv)
}

// link pairs by QR and waits until connected.
func (r *rig) link() {
	r.t.Helper()
	if err := r.d.Connect(context.Background()); err != nil {
		r.t.Fatalf("Connect: %v", err)
	}
	r.WaitState(r.t, whatsapp.StateQR)
	if err := r.srv.Scan(); err != nil {
		r.t.Fatal(err)
	}
	r.WaitState(r.t, whatsapp.StateConnected)
}

// waitLastError waits for a state event in state st whose LastError
// holds want.
func (r *rig) waitLastError(st whatsapp.State, want string) whatsapp.Status {
	r.t.Helper()
	return r.WaitEvent(r.t, string(st)+" saying "+want, func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventState && e.Status.State == st && strings.Contains(e.Status.LastError, want)
	}).Status
}

// incoming waits for the nth incoming message (from 1).
func (r *rig) incoming(n int) whatsapp.Incoming {
	r.t.Helper()
	var in whatsapp.Incoming
	r.WaitFor(r.t, "incoming message", func(evs []whatsapp.Event) bool {
		seen := 0
		for _, e := range evs {
			if e.Kind == whatsapp.EventIncoming {
				if seen++; seen == n {
					in = e.Incoming
					return true
				}
			}
		}
		return false
	})
	return in
}

// receipts returns the receipts recorded for message id, in order.
func (r *rig) receipts(id string) []whatsapp.ReceiptStatus {
	var out []whatsapp.ReceiptStatus
	for _, e := range r.Events() {
		if e.Kind == whatsapp.EventReceipt && e.Receipt.MessageID == id {
			out = append(out, e.Receipt.Status)
		}
	}
	return out
}

func text(id, to string) whatsapp.Message {
	return whatsapp.Message{ID: id, To: to, Text: "Hello " + id}
}
