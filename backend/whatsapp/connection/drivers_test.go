package connection

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
	"herald/backend/whatsapp/switcher"
)

// switched is a service over a switch between the simulator and a second
// simulator standing in for the phone, as core builds it.
type switched struct {
	*instance
	sw    *switcher.Switcher
	phone *simulator.Simulator
}

// startSwitched starts the service on the driver chosen last, as core
// does; sending stands for the campaign engine.
func (w *world) startSwitched(sending func() ([]string, error)) *switched {
	w.t.Helper()
	active, err := LoadDriverChoice(w.db)
	if err != nil {
		w.t.Fatal(err)
	}
	out := &switched{}
	sw, err := switcher.New(active, []switcher.Option{
		{Name: DriverSimulator, Label: "Practice with the simulator", Open: func() (whatsapp.Driver, error) {
			return simulator.New(w.dir, quiet(), w.clock)
		}},
		{Name: DriverWhatsApp, Label: "Your phone (WhatsApp)", Open: func() (whatsapp.Driver, error) {
			dir := filepath.Join(w.dir, "phone")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, err
			}
			sim, err := simulator.New(dir, quiet(), w.clock)
			out.phone = sim
			return sim, err
		}},
	}, w.log)
	if err != nil {
		w.t.Fatal(err)
	}
	svc, stop, err := NewService(Deps{DB: w.db, Driver: sw, Activity: activity.NewLog(w.db, w.rec, w.log),
		Emitter: w.rec, Log: w.log, Contacts: contacts.NewReach(w.db), Country: func() string { return "US" },
		Clock: w.clock, Switch: sw, Sending: sending})
	if err != nil {
		w.t.Fatal(err)
	}
	out.instance = &instance{Service: svc, stop: stop}
	out.sw = sw
	w.t.Cleanup(func() { _ = out.stop() })
	if err := Resume(svc); err != nil {
		w.t.Fatal(err)
	}
	return out
}

func nothingSending() ([]string, error) { return nil, nil }

func active(t *testing.T, s *switched) string {
	t.Helper()
	list, err := s.Drivers()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range list {
		if c.Active {
			names = append(names, c.Name)
		}
	}
	if len(names) != 1 {
		t.Fatalf("Drivers = %+v, want exactly one active", list)
	}
	return names[0]
}

func TestDrivers_ANewDataFolderStartsInPracticeMode(t *testing.T) {
	w := newWorld(t)
	s := w.startSwitched(nothingSending)
	list, _ := s.Drivers()
	want := []switcher.Choice{{Name: "simulator", Label: "Practice with the simulator", Active: true},
		{Name: "whatsapp", Label: "Your phone (WhatsApp)", Active: false}}
	if !slices.Equal(list, want) {
		t.Fatalf("Drivers = %+v, want %+v", list, want)
	}
	if s.phone != nil {
		t.Fatal("the phone's driver was opened at start, before anyone chose it")
	}
}

func TestUseDriver_SwitchesToThePhoneAndBackKeepingThePracticePairing(t *testing.T) {
	w := newWorld(t)
	s := w.startSwitched(nothingSending)
	practice := s.pairByQR(t)

	if err := s.UseDriver("whatsapp"); err != nil {
		t.Fatal(err)
	}
	// Status tells the phone's state at once, not the simulator's.
	if st, _ := s.Status(); st.State != whatsapp.StateDisconnected || st.Phone != "" {
		t.Fatalf("Status after the switch = %+v, want the unlinked phone", st)
	}
	if active(t, s) != "whatsapp" {
		t.Fatal("the phone is not marked active")
	}
	if err := s.Connect(); err != nil {
		t.Fatal(err)
	}
	s.waitState(t, whatsapp.StateQR)
	if s.phone.Status().State != whatsapp.StateQR {
		t.Fatal("Connect did not reach the phone's driver")
	}
	// Practice settings belong to practice mode.
	if _, err := s.Simulator(); apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("Simulator() with the phone in use = %v, want a conflict", err)
	}
	acts := w.activity()
	if !slices.Contains(acts, "Switched WhatsApp to “Your phone (WhatsApp)”") {
		t.Fatalf("activity %q has no switch", acts)
	}
	if n := len(w.rec.Events(TopicDriver)); n != 1 {
		t.Fatalf("%d driver events, want 1", n)
	}

	// Back to practice: the simulator is still paired and reconnects.
	if err := s.UseDriver("simulator"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Status(); st.State != whatsapp.StateConnecting || st.Phone != practice.Phone {
		t.Fatalf("Status back in practice = %+v, want the paired simulator connecting", st)
	}
	w.clock.Advance(time.Second) // the handshake of a paired session
	s.waitState(t, whatsapp.StateConnected)
	if s.phone.Status().State != whatsapp.StateDisconnected {
		t.Fatalf("the phone is %s after switching away, want disconnected", s.phone.Status().State)
	}
}

func TestUseDriver_IsRememberedForTheNextStart(t *testing.T) {
	w := newWorld(t)
	s := w.startSwitched(nothingSending)
	if err := s.UseDriver("whatsapp"); err != nil {
		t.Fatal(err)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	s.stop = func() error { return nil }
	again := w.startSwitched(nothingSending)
	if active(t, again) != "whatsapp" {
		t.Fatal("Herald forgot the choice of the phone")
	}
	if st, _ := again.Status(); st.State != whatsapp.StateDisconnected {
		t.Fatalf("Status at start = %+v", st)
	}
}

func TestUseDriver_IsRefusedWhileACampaignIsSending(t *testing.T) {
	w := newWorld(t)
	s := w.startSwitched(func() ([]string, error) { return []string{"Spring offer"}, nil })
	s.pairByQR(t)
	err := s.UseDriver("whatsapp")
	wantKind(t, err, apperr.KindConflict)
	if !strings.Contains(err.Error(), "“Spring offer” is sending") || !strings.Contains(err.Error(), "Pause it") {
		t.Fatalf("refusal %q does not say which campaign or what to do", err)
	}
	if active(t, s) != "simulator" || s.phone != nil {
		t.Fatal("a refused switch switched")
	}
	if st, _ := s.Status(); st.State != whatsapp.StateConnected {
		t.Fatalf("a refused switch left the simulator %s", st.State)
	}
	if choice, _ := LoadDriverChoice(w.db); choice != "simulator" {
		t.Fatalf("a refused switch was remembered: %s", choice)
	}
}

func TestUseDriver_RefusesAnUnknownNameInPlainWords(t *testing.T) {
	w := newWorld(t)
	s := w.startSwitched(nothingSending)
	err := s.UseDriver("cloud")
	wantKind(t, err, apperr.KindInvalid)
	if !strings.Contains(err.Error(), "“simulator” or “whatsapp”") {
		t.Fatalf("refusal %q does not list the choices", err)
	}
	// The one in use again: nothing happens, nothing is logged.
	if err := s.UseDriver("simulator"); err != nil {
		t.Fatal(err)
	}
	if acts := w.activity(); len(acts) != 0 {
		t.Fatalf("activity %q after no switch", acts)
	}
}
