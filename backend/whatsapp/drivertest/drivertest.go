// Package drivertest is the behaviour Herald's engine relies on from every
// whatsapp.Driver, as one test suite: each driver's tests run it with a
// Harness that says how to make WhatsApp's side act (scan the QR code,
// deliver, read, reply), so the simulator and the real drivers are held to
// the same contract.
package drivertest

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"herald/backend/whatsapp"
)

// Harness opens drivers for the suite.
type Harness struct {
	// Open returns a new, unpaired driver on its own data and the
	// WhatsApp side acting on it. The suite reads the driver's events and
	// closes it.
	Open func(t *testing.T) (whatsapp.Driver, Server)
}

// Server makes WhatsApp's side act. Each method returns once the action
// happened on that side; the suite then waits for the driver's events.
type Server interface {
	// ScanQR is the phone scanning the QR code on show.
	ScanQR(t *testing.T)
	// EnterCode is the user typing the pairing code on the phone.
	EnterCode(t *testing.T, code string)
	// ExpireQR lets the QR code on show run out, so the next replaces it.
	ExpireQR(t *testing.T)
	// Handshake completes the connection of a paired session after
	// Connect, for drivers whose handshake takes time.
	Handshake(t *testing.T)
	// Deliver and Read are the recipient's phone receiving and opening
	// msg.
	Deliver(t *testing.T, msg whatsapp.Message)
	Read(t *testing.T, msg whatsapp.Message)
	// Reply is the recipient answering msg, quoting it, with text.
	Reply(t *testing.T, msg whatsapp.Message, text string)
	// Taken says how many times the server took message id.
	Taken(t *testing.T, id string) int
}

// Run runs the suite, each case on a driver of its own.
func Run(t *testing.T, h Harness) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, *subject)
	}{
		{"ConnectShowsRotatingQRCodesAndAScanConnects", qrPairing},
		{"PairPhoneGivesACodeThatLinksThatNumber", codePairing},
		{"SendGivesSentThenDeliveredReadAndTheReply", sendAndReceipts},
		{"ARepeatedIDIsTheSameMessage", repeatedID},
		{"SendRefusesBadInputAndWaitsForAConnection", sendRefusals},
		{"IsOnWhatsAppAnswersEachNumber", numberCheck},
		{"DisconnectKeepsThePairing", disconnectKeepsPairing},
		{"LogoutForgetsThePairing", logoutForgetsPairing},
		{"CloseClosesEventsAndRefusesWork", closeClosesEvents},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, srv := h.Open(t)
			s := &subject{Recorder: Record(d), t: t, d: d, srv: srv}
			t.Cleanup(func() {
				if err := d.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				<-s.Closed()
			})
			c.run(t, s)
		})
	}
}

// subject is a driver under test with its events recorded.
type subject struct {
	*Recorder
	t   *testing.T
	d   whatsapp.Driver
	srv Server
}

func (s *subject) waitFor(what string, ok func([]whatsapp.Event) bool) {
	s.t.Helper()
	s.WaitFor(s.t, what, ok)
}

func (s *subject) waitState(want whatsapp.State) {
	s.t.Helper()
	s.WaitState(s.t, want)
}

func (s *subject) waitEvent(what string, ok func(whatsapp.Event) bool) whatsapp.Event {
	s.t.Helper()
	return s.WaitEvent(s.t, what, ok)
}

func (s *subject) waitReceipt(id string, st whatsapp.ReceiptStatus) whatsapp.Receipt {
	s.t.Helper()
	return s.WaitReceipt(s.t, id, st)
}

// connect pairs by QR and waits until connected.
func (s *subject) connect() {
	s.t.Helper()
	if err := s.d.Connect(context.Background()); err != nil {
		s.t.Fatalf("Connect: %v", err)
	}
	s.waitState(whatsapp.StateQR)
	s.srv.ScanQR(s.t)
	s.waitState(whatsapp.StateConnected)
}

// inOrder reports whether want appears in got in that order, other
// states allowed in between.
func inOrder(got, want []whatsapp.State) bool {
	i := 0
	for _, st := range got {
		if i < len(want) && st == want[i] {
			i++
		}
	}
	return i == len(want)
}

var pairCode = regexp.MustCompile(`^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$`)

func qrPairing(t *testing.T, s *subject) {
	ctx := context.Background()
	if s.d.Paired() {
		t.Fatal("a new driver says it is paired")
	}
	if err := s.d.Connect(ctx); err != nil {
		t.Fatalf("Connect: %v", err)
	}
	s.waitState(whatsapp.StateQR)
	first := s.d.Pairing()
	if first.QR == "" || first.QRExpires.IsZero() || first.Code != "" {
		t.Fatalf("Pairing() = %+v, want a QR payload with its expiry", first)
	}
	s.waitEvent("the QR code as a pairing event", func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventPairing && e.Pairing.QR == first.QR
	})
	if err := s.d.Connect(ctx); err != nil || s.d.Status().State != whatsapp.StateQR {
		t.Fatalf("Connect while pairing = %v, state %s; want a no-op", err, s.d.Status().State)
	}
	s.srv.ExpireQR(t)
	next := s.waitEvent("the next QR code", func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventPairing && e.Pairing.QR != "" && e.Pairing.QR != first.QR
	}).Pairing
	if got := s.d.Pairing(); got.QR != next.QR {
		t.Fatalf("Pairing() = %+v after rotation, want the new code %q", got, next.QR)
	}
	s.srv.ScanQR(t)
	s.waitState(whatsapp.StateConnected)
	st := s.d.Status()
	if !whatsapp.ValidE164(st.Phone) || !s.d.Paired() || s.d.Pairing() != (whatsapp.Pairing{}) {
		t.Fatalf("connected: status %+v, paired %v, pairing %+v; want the phone, paired, nothing pending",
			st, s.d.Paired(), s.d.Pairing())
	}
	s.waitFor("state events connecting → qr → connected", func(evs []whatsapp.Event) bool {
		return inOrder(States(evs), []whatsapp.State{whatsapp.StateConnecting, whatsapp.StateQR, whatsapp.StateConnected})
	})
}

func codePairing(t *testing.T, s *subject) {
	ctx := context.Background()
	if _, err := s.d.PairPhone(ctx, "12345"); !errors.Is(err, whatsapp.ErrInvalidNumber) {
		t.Fatalf("PairPhone(12345) = %v, want ErrInvalidNumber", err)
	}
	const phone = "+4915112345678"
	code, err := s.d.PairPhone(ctx, phone)
	if err != nil {
		t.Fatalf("PairPhone: %v", err)
	}
	if !pairCode.MatchString(code) {
		t.Fatalf("code %q is not XXXX-XXXX from WhatsApp's alphabet", code)
	}
	s.waitState(whatsapp.StatePairingCode)
	if got := s.d.Pairing(); got.Code != code || got.QR != "" {
		t.Fatalf("Pairing() = %+v, want only the code %s", got, code)
	}
	s.waitEvent("the code as a pairing event", func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventPairing && e.Pairing.Code == code
	})
	s.srv.EnterCode(t, code)
	s.waitState(whatsapp.StateConnected)
	if got := s.d.Status().Phone; got != phone {
		t.Fatalf("linked phone %s, want the number the code was for, %s", got, phone)
	}
}

func sendAndReceipts(t *testing.T, s *subject) {
	s.connect()
	msg := whatsapp.Message{ID: "conformance-1", To: "+4915100000001", Text: "Hello from the suite"}
	r, err := s.d.Send(context.Background(), msg)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if r.MessageID != msg.ID || r.Status != whatsapp.ReceiptSent || r.At.IsZero() {
		t.Fatalf("Send = %+v, want a sent receipt for %s with its time", r, msg.ID)
	}
	s.waitReceipt(msg.ID, whatsapp.ReceiptSent)
	if n := s.srv.Taken(t, msg.ID); n != 1 {
		t.Fatalf("the server took the message %d times, want 1", n)
	}
	s.srv.Deliver(t, msg)
	s.waitReceipt(msg.ID, whatsapp.ReceiptDelivered)
	s.srv.Read(t, msg)
	s.waitReceipt(msg.ID, whatsapp.ReceiptRead)
	s.srv.Reply(t, msg, "Thanks, see you Friday")
	in := s.waitEvent("the reply", func(e whatsapp.Event) bool { return e.Kind == whatsapp.EventIncoming }).Incoming
	if in.From != msg.To || in.InReplyTo != msg.ID || in.Text != "Thanks, see you Friday" || in.ID == "" || in.At.IsZero() {
		t.Fatalf("reply %+v, want from %s in reply to %s with the text", in, msg.To, msg.ID)
	}
}

func repeatedID(t *testing.T, s *subject) {
	s.connect()
	ctx := context.Background()
	msg := whatsapp.Message{ID: "conformance-again", To: "+4915100000002", Text: "Once only"}
	first, err := s.d.Send(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.d.Send(ctx, msg)
	if err != nil || again.Status != whatsapp.ReceiptSent || again.MessageID != msg.ID || !again.At.Equal(first.At) {
		t.Fatalf("repeated Send = %+v, %v; want the original receipt %+v", again, err, first)
	}
	both := whatsapp.Message{ID: "conformance-both", To: "+4915100000003", Text: "Twice at once"}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if r, err := s.d.Send(ctx, both); err != nil || r.Status != whatsapp.ReceiptSent {
				t.Errorf("concurrent Send = %+v, %v", r, err)
			}
		})
	}
	wg.Wait()
	for _, id := range []string{msg.ID, both.ID} {
		if n := s.srv.Taken(t, id); n != 1 {
			t.Fatalf("the server took %s %d times, want once", id, n)
		}
	}
}

func sendRefusals(t *testing.T, s *subject) {
	ctx := context.Background()
	msg := whatsapp.Message{ID: "conformance-offline", To: "+4915100000004", Text: "Not yet"}
	if _, err := s.d.Send(ctx, msg); !errors.Is(err, whatsapp.ErrNotConnected) || !whatsapp.Temporary(err) {
		t.Fatalf("Send while never connected = %v, want ErrNotConnected (temporary)", err)
	}
	s.connect()
	if _, err := s.d.Send(ctx, whatsapp.Message{ID: "conformance-bad", To: "12345", Text: "x"}); !errors.Is(err, whatsapp.ErrInvalidNumber) || whatsapp.Temporary(err) {
		t.Fatalf("Send to 12345 = %v, want ErrInvalidNumber (permanent)", err)
	}
	if _, err := s.d.Send(ctx, whatsapp.Message{To: msg.To, Text: "x"}); err == nil {
		t.Fatal("Send without an ID succeeded")
	}
	if _, err := s.d.Send(ctx, whatsapp.Message{ID: "conformance-empty", To: msg.To}); err == nil {
		t.Fatal("Send of an empty message succeeded")
	}
	if n := s.srv.Taken(t, msg.ID); n != 0 {
		t.Fatalf("the server took the refused message %d times", n)
	}
}

func numberCheck(t *testing.T, s *subject) {
	ctx := context.Background()
	phones := []string{"+4915100000005", "+4915100000006"}
	if _, err := s.d.IsOnWhatsApp(ctx, phones); !errors.Is(err, whatsapp.ErrNotConnected) {
		t.Fatalf("IsOnWhatsApp while never connected = %v, want ErrNotConnected", err)
	}
	s.connect()
	got, err := s.d.IsOnWhatsApp(ctx, phones)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(phones) {
		t.Fatalf("IsOnWhatsApp answered %+v for %v", got, phones)
	}
	for i, c := range got {
		if c.Phone != phones[i] || !c.OnWhatsApp {
			t.Fatalf("answer %d = %+v, want %s on WhatsApp", i, c, phones[i])
		}
	}
}

func disconnectKeepsPairing(t *testing.T, s *subject) {
	s.connect()
	phone := s.d.Status().Phone
	if err := s.d.Disconnect(); err != nil {
		t.Fatal(err)
	}
	s.waitState(whatsapp.StateDisconnected)
	if !s.d.Paired() || s.d.Status().Phone != phone {
		t.Fatalf("after Disconnect: paired %v, status %+v; want still paired to %s", s.d.Paired(), s.d.Status(), phone)
	}
	if err := s.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.srv.Handshake(t)
	s.waitState(whatsapp.StateConnected)
	if s.d.Pairing() != (whatsapp.Pairing{}) {
		t.Fatalf("a paired reconnect shows %+v, want no pairing", s.d.Pairing())
	}
}

func logoutForgetsPairing(t *testing.T, s *subject) {
	ctx := context.Background()
	if err := s.d.Logout(ctx); !errors.Is(err, whatsapp.ErrNotPaired) {
		t.Fatalf("Logout unpaired = %v, want ErrNotPaired", err)
	}
	s.connect()
	if err := s.d.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	s.waitState(whatsapp.StateLoggedOut)
	if st := s.d.Status(); s.d.Paired() || st.Phone != "" {
		t.Fatalf("after Logout: paired %v, status %+v; want nothing linked", s.d.Paired(), st)
	}
	if err := s.d.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	s.waitState(whatsapp.StateQR)
}

func closeClosesEvents(t *testing.T, s *subject) {
	ctx := context.Background()
	if err := s.d.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Closed():
	case <-time.After(5 * time.Second):
		t.Fatal("Events is still open after Close")
	}
	if err := s.d.Connect(ctx); !errors.Is(err, whatsapp.ErrClosed) {
		t.Fatalf("Connect after Close = %v, want ErrClosed", err)
	}
	if _, err := s.d.Send(ctx, whatsapp.Message{ID: "late", To: "+4915100000007", Text: "x"}); !errors.Is(err, whatsapp.ErrClosed) {
		t.Fatalf("Send after Close = %v, want ErrClosed", err)
	}
	if err := s.d.Close(); err != nil {
		t.Fatalf("a second Close = %v, want nil", err)
	}
}
