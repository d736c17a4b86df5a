package whatsmeow_test

import (
	"testing"

	"go.mau.fi/whatsmeow/store"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/drivertest"
	"herald/backend/whatsapp/whatsmeow"
	"herald/backend/whatsapp/whatsmeow/fakeclient"
)

// TestConformance holds the linked-phone driver, over the fake client, to
// the contract every driver keeps.
func TestConformance(t *testing.T) {
	drivertest.Run(t, drivertest.Harness{Open: func(t *testing.T) (whatsapp.Driver, drivertest.Server) {
		clock := fakeclock.New(t0)
		srv := fakeclient.NewServer(fakeclient.Options{Clock: clock})
		d, err := whatsmeow.Open(t.TempDir(), whatsmeow.Options{Clock: clock,
			NewClient: func(dev *store.Device) whatsmeow.Client { return srv.NewClient(dev) }})
		if err != nil {
			t.Fatal(err)
		}
		return d, fakeSide{srv}
	}})
}

// fakeSide is the conformance suite's WhatsApp side over a fake server.
type fakeSide struct{ srv *fakeclient.Server }

func (f fakeSide) ScanQR(t *testing.T) {
	t.Helper()
	if err := f.srv.Scan(); err != nil {
		t.Fatal(err)
	}
}

func (f fakeSide) EnterCode(t *testing.T, code string) {
	t.Helper()
	if got := f.srv.PairingCode(); got != code {
		t.Fatalf("the server handed out code %q, not %q", got, code)
	}
	f.ScanQR(t)
}

func (f fakeSide) ExpireQR(t *testing.T) {
	t.Helper()
	if err := f.srv.ExpireQR(); err != nil {
		t.Fatal(err)
	}
}

// Handshake: the fake logs a paired session in as it connects.
func (f fakeSide) Handshake(*testing.T) {}

func (f fakeSide) Deliver(_ *testing.T, m whatsapp.Message) { f.srv.Deliver(whatsmeow.MessageID(m.ID)) }

func (f fakeSide) Read(_ *testing.T, m whatsapp.Message) { f.srv.Read(whatsmeow.MessageID(m.ID)) }

func (f fakeSide) Reply(_ *testing.T, m whatsapp.Message, text string) {
	f.srv.Reply(m.To, text, whatsmeow.MessageID(m.ID))
}

func (f fakeSide) Taken(_ *testing.T, id string) int { return f.srv.SentCount(whatsmeow.MessageID(id)) }
