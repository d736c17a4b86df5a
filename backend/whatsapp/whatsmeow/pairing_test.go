package whatsmeow_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	wm "go.mau.fi/whatsmeow"

	"herald/backend/whatsapp"
	"herald/backend/whatsapp/drivertest"
	"herald/backend/whatsapp/whatsmeow"
)

func TestOpen_TouchesNothingUntilTheFirstConnect(t *testing.T) {
	r := newRig(t)
	if _, err := os.Stat(filepath.Join(r.dir, whatsmeow.SessionFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("whatsapp.db exists before any connect: %v", err)
	}
	if r.d.Paired() || r.srv.Client() != nil {
		t.Fatal("a new driver is paired or made a client at Open")
	}
	if st := r.d.Status(); st.State != whatsapp.StateDisconnected || st.Since.IsZero() {
		t.Fatalf("status at Open = %+v, want disconnected", st)
	}
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(r.dir, whatsmeow.SessionFile)); err != nil {
		t.Fatalf("whatsapp.db not created by Connect: %v", err)
	}
}

func TestPairing_QRCodesRotateOnTheClockThenPairingTimesOut(t *testing.T) {
	r := newRig(t)
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateQR)
	first := r.d.Pairing()
	if !first.QRExpires.Equal(t0.Add(60*time.Second)) || first.QR != r.srv.QR() {
		t.Fatalf("first QR = %+v, want the server's code, expiring after 60 s", first)
	}
	codes := func(n int) func([]whatsapp.Event) bool {
		return func(evs []whatsapp.Event) bool {
			seen := 0
			for _, e := range evs {
				if e.Kind == whatsapp.EventPairing && e.Pairing.QR != "" {
					seen++
				}
			}
			return seen >= n
		}
	}
	r.clock.Advance(59 * time.Second)
	if r.d.Pairing().QR != first.QR {
		t.Fatal("the QR code changed before 60 s")
	}
	r.clock.Advance(time.Second)
	r.WaitFor(t, "the second code", codes(2))
	second := r.d.Pairing()
	if second.QR == first.QR || !second.QRExpires.Equal(t0.Add(80*time.Second)) {
		t.Fatalf("second QR = %+v, want a new code expiring 20 s later", second)
	}
	for n := 3; n <= 6; n++ {
		r.clock.Advance(20 * time.Second)
		r.WaitFor(t, "the next code", codes(n))
	}
	r.clock.Advance(20 * time.Second)
	st := r.waitLastError(whatsapp.StateDisconnected, "The QR code was not scanned in time")
	if r.d.Pairing() != (whatsapp.Pairing{}) || st.LastError != "The QR code was not scanned in time" {
		t.Fatalf("after the last code: %+v, pairing %+v", st, r.d.Pairing())
	}
	// A new Connect starts a new round of codes.
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitFor(t, "a new round", codes(7))
}

func TestPairing_ScanLinksTheDeviceAndARestartReconnectsWithoutPairing(t *testing.T) {
	r := newRig(t)
	r.link()
	st := r.d.Status()
	if st.Phone != "+15550100001" || st.PushName != "Herald Test" || !r.d.Paired() {
		t.Fatalf("linked: %+v paired %v, want the server's phone and name", st, r.d.Paired())
	}
	r = r.restart()
	if !r.d.Paired() || r.d.Status().Phone != "+15550100001" || r.d.Status().State != whatsapp.StateDisconnected {
		t.Fatalf("after restart: paired %v status %+v, want the stored phone, disconnected", r.d.Paired(), r.d.Status())
	}
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateConnected)
	for _, s := range drivertest.States(r.Events()) {
		if s == whatsapp.StateQR {
			t.Fatal("a linked phone was asked to pair again")
		}
	}
}

func TestPairing_PhoneCodeConnectsFirstAndUsesAnAcceptedDisplayName(t *testing.T) {
	r := newRig(t)
	// The fake refuses display names WhatsApp refuses: a code proves
	// Herald's was accepted.
	code, err := r.d.PairPhone(context.Background(), "+4915112345678")
	if err != nil {
		t.Fatalf("PairPhone: %v", err)
	}
	if code != r.srv.PairingCode() || !regexp.MustCompile(`^.{4}-.{4}$`).MatchString(code) {
		t.Fatalf("code %q, server handed out %q", code, r.srv.PairingCode())
	}
	r.WaitState(t, whatsapp.StatePairingCode)
	// QR codes keep rotating underneath; the code stays on show.
	if err := r.srv.ExpireQR(); err != nil {
		t.Fatal(err)
	}
	if err := r.srv.Scan(); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateConnected)
	states := drivertest.States(r.Events())
	if i := slices.Index(states, whatsapp.StatePairingCode); i < 0 || slices.Contains(states[i:], whatsapp.StateQR) {
		t.Fatalf("states %v: the QR code came back after the pairing code was shown", states)
	}
	if r.d.Status().Phone != "+4915112345678" {
		t.Fatalf("linked %s, want the number the code was for", r.d.Status().Phone)
	}
	if _, err := r.d.PairPhone(context.Background(), "+4915112345678"); err == nil {
		t.Fatal("PairPhone while linked succeeded")
	}
}

func TestPairing_PhoneCodeTimesOutWithTheQRCodes(t *testing.T) {
	r := newRig(t)
	if _, err := r.d.PairPhone(context.Background(), "+4915112345678"); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(60*time.Second + 5*20*time.Second)
	r.waitLastError(whatsapp.StateDisconnected, "The pairing code was not entered in time")
}

func TestPairing_RefusedCodeRequestsSayWhy(t *testing.T) {
	r := newRig(t)
	r.srv.FailPairPhone(wm.ErrIQRateOverLimit)
	if _, err := r.d.PairPhone(context.Background(), "+4915112345678"); !errors.Is(err, whatsapp.ErrRateLimited) {
		t.Fatalf("PairPhone when WhatsApp says wait = %v, want ErrRateLimited", err)
	}
	// A second try on the same connection works.
	if _, err := r.d.PairPhone(context.Background(), "+4915112345678"); err != nil {
		t.Fatal(err)
	}
}

func TestPairing_EveryQRChannelItem(t *testing.T) {
	for _, c := range []struct {
		name  string
		item  wm.QRChannelItem
		state whatsapp.State
		words string
	}{
		{"error", wm.QRChannelItem{Event: wm.QRChannelEventError, Error: errors.New("bad signature")},
			whatsapp.StateError, "Linking the phone did not complete: try again"},
		{"client outdated", wm.QRChannelClientOutdated, whatsapp.StateError, "This Herald is too old for WhatsApp: update it"},
		{"timeout", wm.QRChannelTimeout, whatsapp.StateDisconnected, "The QR code was not scanned in time"},
		{"scanned without multidevice", wm.QRChannelScannedWithoutMultidevice, whatsapp.StateQR, "cannot link devices"},
		{"passkey", wm.QRChannelItem{Event: wm.QRChannelEventPasskeyRequest}, whatsapp.StateError, "passkey"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t)
			if err := r.d.Connect(context.Background()); err != nil {
				t.Fatal(err)
			}
			r.WaitState(t, whatsapp.StateQR)
			if err := r.srv.QRItem(c.item); err != nil {
				t.Fatal(err)
			}
			r.waitLastError(c.state, c.words)
			if c.state != whatsapp.StateQR {
				if r.d.Pairing() != (whatsapp.Pairing{}) {
					t.Fatalf("pairing %+v still shown after %s", r.d.Pairing(), c.name)
				}
				// Pairing is over; Connect starts again.
				if err := r.d.Connect(context.Background()); err != nil {
					t.Fatal(err)
				}
				r.WaitFor(t, "a new round of codes", func(evs []whatsapp.Event) bool {
					qr := 0
					for _, s := range drivertest.States(evs) {
						if s == whatsapp.StateQR {
							qr++
						}
					}
					return qr == 2 && r.d.Status().State == whatsapp.StateQR
				})
			} else {
				// The same code can be scanned again: the next code clears the words.
				if err := r.srv.ExpireQR(); err != nil {
					t.Fatal(err)
				}
				r.WaitFor(t, "the words cleared", func([]whatsapp.Event) bool { return r.d.Status().LastError == "" })
			}
		})
	}
}

func TestPairing_UnexpectedStateLeavesItToTheEvents(t *testing.T) {
	r := newRig(t)
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateQR)
	if err := r.srv.QRItem(wm.QRChannelErrUnexpectedEvent); err != nil {
		t.Fatal(err)
	}
	// Still pairing: the events it stands for come by themselves.
	if err := r.srv.ExpireQR(); err == nil {
		t.Fatal("the fake kept the channel open after a final item")
	}
	if st := r.d.Status().State; st != whatsapp.StateQR {
		t.Fatalf("state %s after err-unexpected-state, want qr until something happens", st)
	}
}

func TestConnect_WithoutANetworkEndsInErrorInPlainWords(t *testing.T) {
	r := newRig(t)
	r.srv.FailConnect(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: network is unreachable")})
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.waitLastError(whatsapp.StateError, "Herald cannot reach WhatsApp: check the internet connection")
	// Once the network is back, a new attempt works.
	if _, err := r.d.PairPhone(context.Background(), "+4915112345678"); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StatePairingCode)
}

func TestConnect_PairPhoneReportsAFailedConnection(t *testing.T) {
	r := newRig(t)
	r.srv.FailConnect(errors.New("websocket: bad handshake"))
	if _, err := r.d.PairPhone(context.Background(), "+4915112345678"); err == nil {
		t.Fatal("PairPhone over a failed connection succeeded")
	}
	r.waitLastError(whatsapp.StateError, "Herald could not connect to WhatsApp")
}

func TestConnect_ADisconnectDuringPairingStopsTheCodes(t *testing.T) {
	r := newRig(t)
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateQR)
	if err := r.d.Disconnect(); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateDisconnected)
	r.clock.Advance(5 * time.Minute)
	if r.d.Pairing() != (whatsapp.Pairing{}) || r.d.Status().State != whatsapp.StateDisconnected {
		t.Fatalf("after Disconnect: %+v %+v", r.d.Pairing(), r.d.Status())
	}
	if r.srv.QR() != "" {
		t.Fatal("the server still shows codes after Disconnect")
	}
}
