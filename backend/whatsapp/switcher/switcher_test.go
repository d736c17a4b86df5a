package switcher

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"herald/backend/whatsapp"
)

// stub is a driver whose state the test sets; it records what was asked of
// it and pushes whatever the test tells it to on its Events.
type stub struct {
	events *whatsapp.EventQueue

	mu           sync.Mutex
	status       whatsapp.Status
	pairing      whatsapp.Pairing
	paired       bool
	disconnected int
	sent         []string
	closed       bool
}

func newStub(state whatsapp.State) *stub {
	return &stub{events: whatsapp.NewEventQueue(), status: whatsapp.Status{State: state}}
}

// set changes the state and publishes it, as a driver does.
func (d *stub) set(st whatsapp.Status) {
	d.mu.Lock()
	d.status = st
	d.mu.Unlock()
	d.events.Push(whatsapp.Event{Kind: whatsapp.EventState, Status: st})
}

func (d *stub) Connect(context.Context) error {
	d.set(whatsapp.Status{State: whatsapp.StateConnected, Phone: "+15550000001"})
	return nil
}

func (d *stub) Disconnect() error {
	d.mu.Lock()
	d.disconnected++
	d.mu.Unlock()
	d.set(whatsapp.Status{State: whatsapp.StateDisconnected})
	return nil
}

func (d *stub) Logout(context.Context) error { return nil }
func (d *stub) PairPhone(context.Context, string) (string, error) {
	return "ABCD-EFGH", nil
}

func (d *stub) Paired() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.paired
}

func (d *stub) Status() whatsapp.Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status
}

func (d *stub) Pairing() whatsapp.Pairing {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pairing
}

func (d *stub) Send(_ context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sent = append(d.sent, msg.ID)
	return whatsapp.Receipt{MessageID: msg.ID, Status: whatsapp.ReceiptSent}, nil
}

func (d *stub) IsOnWhatsApp(context.Context, []string) ([]whatsapp.NumberCheck, error) {
	return []whatsapp.NumberCheck{}, nil
}

func (d *stub) Events() <-chan whatsapp.Event { return d.events.C() }

func (d *stub) Close() error {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.events.Close()
	return nil
}

// reconciling is a stub that can tell whether it took a message, as the
// simulator can.
type reconciling struct{ *stub }

func (reconciling) Practice() bool { return true }

func (reconciling) Taken(_ context.Context, id string) (time.Time, bool, error) {
	return time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC), id == "taken", nil
}

// pair is a switcher over a practice driver and a real one, counting how
// often each was opened.
type pair struct {
	sw         *Switcher
	sim, phone *stub
	opens      map[string]int
}

func newPair(t *testing.T, active string) *pair {
	t.Helper()
	p := &pair{sim: newStub(whatsapp.StateDisconnected), phone: newStub(whatsapp.StateDisconnected), opens: map[string]int{}}
	sw, err := New(active, []Option{
		{Name: "simulator", Label: "Practice with the simulator", Open: func() (whatsapp.Driver, error) {
			p.opens["simulator"]++
			return reconciling{p.sim}, nil
		}},
		{Name: "whatsapp", Label: "Your phone (WhatsApp)", Open: func() (whatsapp.Driver, error) {
			p.opens["whatsapp"]++
			return p.phone, nil
		}},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	p.sw = sw
	t.Cleanup(func() { _ = sw.Close() })
	return p
}

// next returns the next event of the switcher, failing after a while.
func next(t *testing.T, sw *Switcher) whatsapp.Event {
	t.Helper()
	select {
	case e, ok := <-sw.Events():
		if !ok {
			t.Fatal("Events closed")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return whatsapp.Event{}
}

// quiet checks that no event comes within a short while.
func quiet(t *testing.T, sw *Switcher) {
	t.Helper()
	select {
	case e := <-sw.Events():
		t.Fatalf("unexpected event %+v", e)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestNew_OpensOnlyTheActiveDriver(t *testing.T) {
	p := newPair(t, "simulator")
	if p.opens["simulator"] != 1 || p.opens["whatsapp"] != 0 {
		t.Fatalf("opened %v; the phone must wait until it is chosen", p.opens)
	}
	want := []Choice{{"simulator", "Practice with the simulator", true}, {"whatsapp", "Your phone (WhatsApp)", false}}
	if got := p.sw.Choices(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Choices = %+v", got)
	}
	if _, err := New("cloud", nil, slog.Default()); !errors.Is(err, ErrUnknown) {
		t.Fatalf("New with an unknown name: %v", err)
	}
}

func TestEvents_ComeOnlyFromTheActiveDriver(t *testing.T) {
	p := newPair(t, "simulator")
	ctx := context.Background()
	if err := p.sw.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	if e := next(t, p.sw); e.Status.State != whatsapp.StateConnected {
		t.Fatalf("first event %+v, want the simulator connected", e)
	}

	// A linked phone, offline: its number tells its state from the
	// simulator's.
	p.phone.status = whatsapp.Status{State: whatsapp.StateDisconnected, Phone: "+4915100000000"}
	if err := p.sw.Use("whatsapp"); err != nil {
		t.Fatal(err)
	}
	if p.opens["whatsapp"] != 1 {
		t.Fatalf("the phone was opened %d times", p.opens["whatsapp"])
	}
	// The simulator's own "disconnected" may or may not get through before
	// the cut; the phone's state always comes.
	for e := next(t, p.sw); e.Status.Phone != "+4915100000000"; e = next(t, p.sw) {
		if e.Kind != whatsapp.EventState || e.Status.State != whatsapp.StateDisconnected {
			t.Fatalf("event %+v before the phone's state", e)
		}
	}
	if st := p.sim.Status(); st.State != whatsapp.StateDisconnected || p.sim.disconnected != 1 {
		t.Fatalf("the simulator is %s after the switch (disconnected %d times)", st.State, p.sim.disconnected)
	}

	// The simulator talks on (a late receipt, a reconnect): nobody hears it.
	p.sim.events.Push(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: whatsapp.Receipt{MessageID: "old", Status: whatsapp.ReceiptRead}})
	p.sim.set(whatsapp.Status{State: whatsapp.StateConnected})
	quiet(t, p.sw)

	// The phone is heard.
	p.phone.events.Push(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: whatsapp.Incoming{ID: "in-1", From: "+4915112345678", Text: "Hi"}})
	if e := next(t, p.sw); e.Kind != whatsapp.EventIncoming || e.Incoming.ID != "in-1" {
		t.Fatalf("event %+v, want the phone's incoming message", e)
	}

	// Calls go to the active driver.
	if _, err := p.sw.Send(ctx, whatsapp.Message{ID: "m-1", To: "+4915112345678", Text: "Hello"}); err != nil {
		t.Fatal(err)
	}
	if len(p.phone.sent) != 1 || len(p.sim.sent) != 0 {
		t.Fatalf("sent through the phone %v and the simulator %v", p.phone.sent, p.sim.sent)
	}
}

func TestUse_PublishesTheNewDriversStateAndPairing(t *testing.T) {
	p := newPair(t, "simulator")
	p.phone.status = whatsapp.Status{State: whatsapp.StateQR}
	p.phone.pairing = whatsapp.Pairing{QR: "2@abc"}
	if err := p.sw.Use("whatsapp"); err != nil {
		t.Fatal(err)
	}
	var sawState, sawPairing bool
	for !sawState || !sawPairing {
		e := next(t, p.sw)
		switch {
		case e.Kind == whatsapp.EventState && e.Status.State == whatsapp.StateQR:
			sawState = true
		case e.Kind == whatsapp.EventPairing && e.Pairing.QR == "2@abc":
			if !sawState {
				t.Fatal("the pairing came before the state")
			}
			sawPairing = true
		}
	}
	if st := p.sw.Status(); st.State != whatsapp.StateQR {
		t.Fatalf("Status = %s, want the phone's", st.State)
	}
	if p.sw.Pairing().QR != "2@abc" || p.sw.Active() != "whatsapp" {
		t.Fatal("the switcher does not stand for the phone")
	}
}

func TestUse_TheActiveDriverAgainChangesNothing(t *testing.T) {
	p := newPair(t, "simulator")
	if err := p.sw.Use("simulator"); err != nil {
		t.Fatal(err)
	}
	quiet(t, p.sw)
	if p.sim.disconnected != 0 || p.opens["simulator"] != 1 {
		t.Fatal("using the active driver again disconnected or reopened it")
	}
}

func TestUse_RefusesAnUnknownNameAndKeepsTheActiveDriver(t *testing.T) {
	p := newPair(t, "simulator")
	if err := p.sw.Use("cloud"); !errors.Is(err, ErrUnknown) {
		t.Fatalf("Use(cloud) = %v, want ErrUnknown", err)
	}
	if p.sw.Active() != "simulator" || p.sim.disconnected != 0 {
		t.Fatal("a refused switch changed something")
	}
}

func TestUse_ADriverThatCannotOpenLeavesTheActiveOneInPlace(t *testing.T) {
	broken := errors.New("whatsapp.db is damaged")
	sim := newStub(whatsapp.StateConnected)
	sw, err := New("simulator", []Option{
		{Name: "simulator", Open: func() (whatsapp.Driver, error) { return sim, nil }},
		{Name: "whatsapp", Label: "Your phone", Open: func() (whatsapp.Driver, error) { return nil, broken }},
	}, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer sw.Close()
	if err := sw.Use("whatsapp"); !errors.Is(err, broken) {
		t.Fatalf("Use = %v, want the open error", err)
	}
	if sw.Active() != "simulator" || sim.disconnected != 0 {
		t.Fatal("a failed open switched or disconnected the simulator")
	}
}

func TestSwitchingBack_ReusesTheOpenedDriverWithItsPairing(t *testing.T) {
	p := newPair(t, "simulator")
	p.sim.paired = true
	for _, name := range []string{"whatsapp", "simulator", "whatsapp"} {
		if err := p.sw.Use(name); err != nil {
			t.Fatal(err)
		}
	}
	if p.opens["simulator"] != 1 || p.opens["whatsapp"] != 1 {
		t.Fatalf("opened %v; each driver must open once", p.opens)
	}
	if !p.sim.Paired() {
		t.Fatal("switching away unpaired the simulator")
	}
}

func TestTaken_AsksTheActiveDriverOrCannotTell(t *testing.T) {
	p := newPair(t, "simulator")
	ctx := context.Background()
	if _, taken, err := p.sw.Taken(ctx, "taken"); err != nil || !taken {
		t.Fatalf("Taken on the simulator = %v, %v; want taken", taken, err)
	}
	if _, taken, err := p.sw.Taken(ctx, "never"); err != nil || taken {
		t.Fatalf("Taken(never) = %v, %v; want not taken", taken, err)
	}
	if err := p.sw.Use("whatsapp"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.sw.Taken(ctx, "taken"); !errors.Is(err, whatsapp.ErrCannotTell) {
		t.Fatalf("Taken on a driver that cannot tell = %v, want ErrCannotTell", err)
	}
}

func TestPractice_IsTheActiveDriversOwnAnswer(t *testing.T) {
	p := newPair(t, "simulator")
	if !p.sw.Practice() {
		t.Fatal("the simulator is not practice")
	}
	if err := p.sw.Use("whatsapp"); err != nil {
		t.Fatal(err)
	}
	if p.sw.Practice() {
		t.Fatal("a driver that does not say is practice; it must count as a real number")
	}
}

func TestClose_ClosesEveryOpenedDriverAndEvents(t *testing.T) {
	p := newPair(t, "simulator")
	if err := p.sw.Use("whatsapp"); err != nil {
		t.Fatal(err)
	}
	if err := p.sw.Close(); err != nil {
		t.Fatal(err)
	}
	if !p.sim.closed || !p.phone.closed {
		t.Fatal("a driver was left open")
	}
	for range p.sw.Events() {
	}
	if err := p.sw.Use("simulator"); !errors.Is(err, whatsapp.ErrClosed) {
		t.Fatalf("Use after Close = %v, want ErrClosed", err)
	}
	if err := p.sw.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}
