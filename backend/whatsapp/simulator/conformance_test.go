package simulator

import (
	"testing"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/drivertest"
)

// TestConformance holds the simulator to the contract every driver keeps.
// Its random behaviour is off (quiet), so the suite's side acts alone:
// receipts and replies are made to happen at once instead of on their
// random timers.
func TestConformance(t *testing.T) {
	drivertest.Run(t, drivertest.Harness{Open: func(t *testing.T) (whatsapp.Driver, drivertest.Server) {
		clock := fakeclock.New(t0)
		dir := t.TempDir()
		sim, err := New(dir, quiet(), clock)
		if err != nil {
			t.Fatal(err)
		}
		return sim, simSide{sim: sim, dir: dir, clock: clock}
	}})
}

type simSide struct {
	sim   *Simulator
	dir   string
	clock *fakeclock.Clock
}

func (s simSide) ScanQR(t *testing.T) {
	t.Helper()
	if err := s.sim.SimulateScan(); err != nil {
		t.Fatal(err)
	}
}

func (s simSide) EnterCode(t *testing.T, code string) {
	t.Helper()
	if got := s.sim.Pairing().Code; got != code {
		t.Fatalf("the simulator shows code %q, not %q", got, code)
	}
	s.ScanQR(t)
}

func (s simSide) ExpireQR(*testing.T) {
	s.clock.Advance(s.sim.Pairing().QRExpires.Sub(s.clock.Now()))
}

func (s simSide) Handshake(*testing.T) { s.clock.Advance(connectDelay) }

func (s simSide) Deliver(_ *testing.T, m whatsapp.Message) {
	s.receipt(m.ID, whatsapp.ReceiptDelivered)
}

func (s simSide) Read(_ *testing.T, m whatsapp.Message) { s.receipt(m.ID, whatsapp.ReceiptRead) }

func (s simSide) receipt(id string, st whatsapp.ReceiptStatus) {
	s.sim.mu.Lock()
	defer s.sim.mu.Unlock()
	s.sim.receiptLocked(id, st)
}

func (s simSide) Reply(_ *testing.T, m whatsapp.Message, text string) {
	s.sim.mu.Lock()
	defer s.sim.mu.Unlock()
	s.sim.deliverLocked(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{
		ID: "conformance-reply-" + m.ID, From: m.To, Text: text, At: s.clock.Now(), InReplyTo: m.ID}})
}

func (s simSide) Taken(t *testing.T, id string) int {
	n := 0
	for _, got := range journalIDs(t, s.dir) {
		if got == id {
			n++
		}
	}
	return n
}
