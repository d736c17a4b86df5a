package simulator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
)

func TestPairing_QRRefreshesAfter60sThenEvery20sAndTimesOut(t *testing.T) {
	h := newHarness(t, quiet())
	if err := h.sim.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.wantState(whatsapp.StateQR)
	first := h.sim.Pairing()
	if first.QR == "" || !first.QRExpires.Equal(t0.Add(60*time.Second)) {
		t.Fatalf("first QR = %+v, want a payload expiring after 60 s", first)
	}
	h.clock.Advance(59 * time.Second)
	if h.sim.Pairing().QR != first.QR {
		t.Fatal("QR changed before 60 s")
	}
	h.clock.Advance(time.Second)
	second := h.sim.Pairing()
	if second.QR == first.QR || !second.QRExpires.Equal(t0.Add(80*time.Second)) {
		t.Fatalf("QR at 60 s = %+v, want a new one expiring 20 s later", second)
	}
	h.clock.Advance(20 * time.Second)
	if h.sim.Pairing().QR == second.QR {
		t.Fatal("QR not refreshed 20 s after the first refresh")
	}
	h.wantState(whatsapp.StateQR)
	// Codes 3 to 6 live 20 s each; then pairing gives up.
	h.clock.Advance(4*20*time.Second - time.Millisecond)
	h.wantState(whatsapp.StateQR)
	h.clock.Advance(time.Millisecond)
	h.wantState(whatsapp.StateDisconnected)
	if h.sim.Status().LastError == "" || h.sim.Pairing().QR != "" {
		t.Fatalf("after timeout: status %+v pairing %+v", h.sim.Status(), h.sim.Pairing())
	}
	h.waitEvents("6 QR codes", func(evs []whatsapp.Event) bool {
		n := 0
		for _, e := range evs {
			if e.Kind == whatsapp.EventPairing && e.Pairing.QR != "" {
				n++
			}
		}
		return n == qrMaxCodes
	})
}

func TestPairing_SimulateScanConnectsAndRestartReconnectsWithoutPairing(t *testing.T) {
	dir := t.TempDir()
	clock := fakeclock.New(t0)
	h := openHarness(t, dir, quiet(), clock)
	if err := h.sim.SimulateScan(); err == nil {
		t.Fatal("SimulateScan with no pairing in progress succeeded")
	}
	h.connect()
	st := h.sim.Status()
	if !whatsapp.ValidE164(st.Phone) || st.PushName == "" || !h.sim.Paired() {
		t.Fatalf("connected status %+v, want a phone and a push name", st)
	}
	h.waitEvents("disconnected→connecting→qr→connected", func(evs []whatsapp.Event) bool {
		return slices.Equal(states(evs), []whatsapp.State{whatsapp.StateConnecting, whatsapp.StateQR, whatsapp.StateConnected})
	})
	h.close()

	h2 := openHarness(t, dir, quiet(), clock)
	if !h2.sim.Paired() || h2.sim.Status().Phone != st.Phone {
		t.Fatalf("after restart: paired %v status %+v, want the same session", h2.sim.Paired(), h2.sim.Status())
	}
	if err := h2.sim.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	h2.wantState(whatsapp.StateConnecting)
	h2.clock.Advance(connectDelay)
	h2.wantState(whatsapp.StateConnected)
}

func TestPairing_AutoScanCompletesAfterConfiguredDelay(t *testing.T) {
	cfg := quiet()
	cfg.AutoScanSec = 30
	h := newHarness(t, cfg)
	if err := h.sim.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(29 * time.Second)
	h.wantState(whatsapp.StateQR)
	h.clock.Advance(time.Second)
	h.wantState(whatsapp.StateConnected)
}

func TestPairing_PhoneCodeIsXXXXDashXXXXAndPairsThatNumber(t *testing.T) {
	h := newHarness(t, quiet())
	if _, err := h.sim.PairPhone(context.Background(), "12345"); !errors.Is(err, whatsapp.ErrInvalidNumber) {
		t.Fatalf("PairPhone(bad number) = %v, want ErrInvalidNumber", err)
	}
	code, err := h.sim.PairPhone(context.Background(), "+4915112345678")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$`).MatchString(code) {
		t.Fatalf("code %q is not XXXX-XXXX from the pairing alphabet", code)
	}
	h.wantState(whatsapp.StatePairingCode)
	if h.sim.Pairing().Code != code {
		t.Fatalf("Pairing() = %+v, want code %s", h.sim.Pairing(), code)
	}
	if err := h.sim.SimulateScan(); err != nil {
		t.Fatal(err)
	}
	h.wantState(whatsapp.StateConnected)
	if got := h.sim.Status().Phone; got != "+4915112345678" {
		t.Fatalf("paired phone = %s, want the number the code was for", got)
	}
	if _, err := h.sim.PairPhone(context.Background(), "+4915112345678"); err == nil {
		t.Fatal("PairPhone while paired succeeded")
	}
}

func TestPairing_PhoneCodeExpires(t *testing.T) {
	h := newHarness(t, quiet())
	if _, err := h.sim.PairPhone(context.Background(), "+4915112345678"); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(pairCodeTimeout)
	h.wantState(whatsapp.StateDisconnected)
}

func TestLogout_DeletesSessionAndNextConnectAsksForQR(t *testing.T) {
	h := newHarness(t, quiet())
	if err := h.sim.Logout(context.Background()); !errors.Is(err, whatsapp.ErrNotPaired) {
		t.Fatalf("Logout unpaired = %v, want ErrNotPaired", err)
	}
	h.connect()
	if err := h.sim.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.wantState(whatsapp.StateLoggedOut)
	if _, err := os.Stat(filepath.Join(h.dir, SessionFile)); !os.IsNotExist(err) {
		t.Fatalf("session file still there after logout: %v", err)
	}
	if st := h.sim.Status(); st.Phone != "" || h.sim.Paired() {
		t.Fatalf("status after logout %+v, want no account", st)
	}
	if err := h.sim.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.wantState(whatsapp.StateQR)
}

func TestDisconnect_KeepsSessionAndReconnects(t *testing.T) {
	h := newHarness(t, quiet())
	h.connect()
	if err := h.sim.Disconnect(); err != nil {
		t.Fatal(err)
	}
	h.wantState(whatsapp.StateDisconnected)
	if !h.sim.Paired() {
		t.Fatal("Disconnect forgot the pairing")
	}
	h.connect()
}

func TestDrop_ReconnectsWithDoublingBackoff(t *testing.T) {
	cfg := quiet()
	cfg.DisconnectRate = 1 // drops after a minute; every reconnect fails
	h := newHarness(t, cfg)
	h.connect()
	h.clock.Advance(dropCheckEvery)
	h.wantState(whatsapp.StateConnecting)
	h.clock.Advance(time.Second + 2*time.Second) // attempts at 1 s and 3 s fail
	h.wantState(whatsapp.StateConnecting)
	cfg.DisconnectRate = 0
	if err := h.sim.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(4*time.Second - time.Millisecond)
	h.wantState(whatsapp.StateConnecting)
	h.clock.Advance(time.Millisecond) // third attempt, 4 s later, succeeds
	h.wantState(whatsapp.StateConnected)
}
