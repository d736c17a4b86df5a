package connection

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

func TestConnect_QRThenScanConnectsAndRecordsEveryChange(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	if err := in.Connect(); err != nil {
		t.Fatal(err)
	}
	in.waitState(t, whatsapp.StateQR)
	if p, _ := in.Pairing(); !strings.HasPrefix(p.QR, "2@") || p.QRExpires.IsZero() {
		t.Fatalf("Pairing = %+v, want a QR payload that expires", p)
	}
	if err := in.SimulateScan(); err != nil {
		t.Fatal(err)
	}
	st := in.waitState(t, whatsapp.StateConnected)
	if !strings.HasPrefix(st.Phone, "+1555") || st.PushName == "" || !st.Since.Equal(t0) {
		t.Fatalf("status %+v", st)
	}

	want := []whatsapp.State{whatsapp.StateConnecting, whatsapp.StateQR, whatsapp.StateConnected}
	if got := w.historyStates(); !slices.Equal(got, want) {
		t.Fatalf("history %v, want %v", got, want)
	}
	page, err := in.History(HistoryQuery{Limit: 2})
	if err != nil || page.Total != 3 || len(page.Items) != 2 || page.Items[0].State != whatsapp.StateConnected ||
		!strings.Contains(page.Items[0].Detail, st.Phone) || !page.Items[0].At.Equal(t0) {
		t.Fatalf("History = %+v, %v; want newest first", page, err)
	}
	acts := w.activity()
	if len(acts) != 3 || acts[1] != "Waiting for the QR code to be scanned" || acts[2] != "Connected as "+st.Phone+" ("+st.PushName+")" {
		t.Fatalf("activity %q", acts)
	}
	var emitted []whatsapp.State
	for _, e := range w.rec.Events(events.TopicWhatsAppStatus) {
		emitted = append(emitted, e.Payload.(whatsapp.Status).State)
	}
	if !slices.Equal(emitted, want) {
		t.Fatalf("emitted %v, want %v", emitted, want)
	}
	if len(w.rec.Events(events.TopicWhatsAppPairing)) == 0 {
		t.Fatal("no pairing event emitted")
	}
	if err := in.SimulateScan(); apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("second scan: %v, want a conflict", err)
	}
}

func TestRestart_PairedSessionReconnectsWithoutPairing(t *testing.T) {
	w := newWorld(t)
	first := w.start(quiet())
	phone := first.pairByQR(t).Phone

	second := w.restart(first, quiet())
	st := second.waitState(t, whatsapp.StateConnecting)
	if st.Phone != phone {
		t.Fatalf("restarted with phone %q, want %q", st.Phone, phone)
	}
	w.clock.Advance(time.Second) // the handshake of a paired session
	second.waitState(t, whatsapp.StateConnected)
	if p, _ := second.Pairing(); p.QR != "" || p.Code != "" {
		t.Fatalf("asked to pair again: %+v", p)
	}
}

func TestDisconnectAndLogout_AreRecordedAndLogoutForgetsThePhone(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	in.pairByQR(t)
	if err := in.Disconnect(); err != nil {
		t.Fatal(err)
	}
	in.waitState(t, whatsapp.StateDisconnected)
	if err := in.Logout(); err != nil {
		t.Fatal(err)
	}
	if st := in.waitState(t, whatsapp.StateLoggedOut); st.Phone != "" {
		t.Fatalf("still linked to %s", st.Phone)
	}
	acts := w.activity()
	if acts[len(acts)-2] != "Disconnected" || !strings.HasPrefix(acts[len(acts)-1], "Logged out") {
		t.Fatalf("activity %q", acts)
	}
	wantKind(t, in.Logout(), apperr.KindConflict)

	// After a logout a restart does not reconnect by itself.
	again := w.restart(in, quiet())
	if st, _ := again.Status(); st.State != whatsapp.StateDisconnected {
		t.Fatalf("after logout and restart: %s", st.State)
	}
}

func TestPairWithCode_NormalisesThePhoneAndPairsThatNumber(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	wantKind(t, func() error { _, err := in.PairWithCode("12"); return err }(), apperr.KindInvalid)

	code, err := in.PairWithCode("(415) 555-2671")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}$`).MatchString(code) {
		t.Fatalf("code %q, want XXXX-XXXX", code)
	}
	in.waitState(t, whatsapp.StatePairingCode)
	if p, _ := in.Pairing(); p.Code != code {
		t.Fatalf("Pairing().Code = %q, want %q", p.Code, code)
	}
	if err := in.SimulateScan(); err != nil {
		t.Fatal(err)
	}
	if st := in.waitState(t, whatsapp.StateConnected); st.Phone != "+14155552671" {
		t.Fatalf("paired %s, want +14155552671", st.Phone)
	}
	_, err = in.PairWithCode("+14155552671")
	wantKind(t, err, apperr.KindConflict)
}

func TestSendTest_NeedsAConnectionAndIsJournaled(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	_, err := in.SendTest("+14155552671", "Hello")
	wantKind(t, err, apperr.KindConflict)
	if !strings.Contains(err.Error(), "not connected") {
		t.Fatalf("error %q is not plain", err)
	}

	in.pairByQR(t)
	_, err = in.SendTest("+14155552671", "  ")
	wantKind(t, err, apperr.KindInvalid)
	res, err := in.SendTest("(415) 555-2671", "Hello from Herald")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.MessageID, "test-") || res.Status != whatsapp.ReceiptSent {
		t.Fatalf("SendTest = %+v", res)
	}
	journal, err := simulator.ReadJournal(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(journal) != 1 || journal[0].ID != res.MessageID || journal[0].To != "+14155552671" {
		t.Fatalf("journal %+v, want the test message", journal)
	}
	if acts := w.activity(); acts[len(acts)-1] != "Sent a test message to +14155552671" {
		t.Fatalf("activity %q", acts)
	}
}

func TestSetSimulator_AppliesPersistsAndRejectsInvalidSettings(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	bad := quiet()
	bad.FailRate = 2
	wantKind(t, in.SetSimulator(bad), apperr.KindInvalid)

	cfg := simulator.DefaultConfig()
	cfg.Seed, cfg.NotOnWhatsAppRate, cfg.AutoScanSec = 42, 0.25, 5
	if err := in.SetSimulator(cfg); err != nil {
		t.Fatal(err)
	}
	if got, _ := in.Simulator(); got != cfg {
		t.Fatalf("Simulator() = %+v, want %+v", got, cfg)
	}

	loaded, err := LoadSimulatorConfig(w.db)
	if err != nil || loaded != cfg {
		t.Fatalf("stored %+v, %v; want %+v", loaded, err, cfg)
	}
	again := w.restart(in, loaded)
	if got, _ := again.Simulator(); got != cfg {
		t.Fatalf("after restart Simulator() = %+v, want %+v", got, cfg)
	}
}

func TestLoadSimulatorConfig_DefaultsWhenNothingIsStored(t *testing.T) {
	w := newWorld(t)
	cfg, err := LoadSimulatorConfig(w.db)
	if err != nil || cfg != simulator.DefaultConfig() {
		t.Fatalf("LoadSimulatorConfig = %+v, %v; want the defaults", cfg, err)
	}
}

func TestDrop_IsRecordedAndTheDriverReconnects(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	in.pairByQR(t)
	in.sim.SimulateDrop()
	st := in.waitState(t, whatsapp.StateConnecting)
	if st.LastError == "" {
		t.Fatal("a drop without a reason")
	}
	w.clock.Advance(time.Second) // the first backoff
	in.waitState(t, whatsapp.StateConnected)
	acts := w.activity()
	if acts[len(acts)-2] != "Reconnecting: "+st.LastError {
		t.Fatalf("activity %q", acts)
	}
	page, _ := in.History(HistoryQuery{})
	if page.Items[1].State != whatsapp.StateConnecting || page.Items[1].Detail != st.LastError {
		t.Fatalf("history %+v", page.Items[:2])
	}
}

func TestReceipts_AreAnnouncedAsMessageEvents(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	in.pairByQR(t)
	res, err := in.SendTest("+14155552671", "Hi")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		evs := w.rec.Events(events.TopicWhatsAppMessage)
		if len(evs) > 0 {
			m := evs[0].Payload.(MessageEvent)
			if m.Kind != "receipt" || m.MessageID != res.MessageID || m.Status != whatsapp.ReceiptSent {
				t.Fatalf("message event %+v", m)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no receipt announced")
		}
		time.Sleep(time.Millisecond)
	}
}
