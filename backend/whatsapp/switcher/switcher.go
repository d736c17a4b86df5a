// Package switcher is a whatsapp.Driver that stands for one of several named
// drivers at a time (the simulator for practice, the user's own phone), so
// that the campaign engine and the connection monitor each keep the one
// Driver they were built with while the user switches between them.
package switcher

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"herald/backend/whatsapp"
)

var (
	_ whatsapp.Driver     = (*Switcher)(nil)
	_ whatsapp.Reconciler = (*Switcher)(nil)
	_ whatsapp.Practice   = (*Switcher)(nil)
)

// ErrUnknown is Use's answer for a name no Option has.
var ErrUnknown = errors.New("switcher: no such driver")

// Option is one driver the switcher can use.
type Option struct {
	// Name is what Use takes and what is remembered ("simulator").
	Name string
	// Label is the name people read ("Practice with the simulator").
	Label string
	// Open makes the driver. It is called the first time the driver is
	// used, never for one that is not: a driver that is never chosen
	// never opens its files or the network.
	Open func() (whatsapp.Driver, error)
}

// Choice is one Option as the UI lists it.
type Choice struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Active bool   `json:"active"`
}

// Switcher delegates every Driver call to its active driver and forwards
// that driver's events, and only that driver's, on one Events channel for
// its whole life. Drivers it has opened stay open (disconnected, their
// pairing kept) until Close, so switching back is instant.
type Switcher struct {
	options []Option
	log     *slog.Logger
	events  *whatsapp.EventQueue

	// switching serialises Use, so two switches never interleave.
	switching sync.Mutex

	mu     sync.Mutex
	active string
	opened map[string]whatsapp.Driver
	closed bool
	wg     sync.WaitGroup // the forwarders, one per opened driver
}

// New opens the driver named active and returns a Switcher using it.
func New(active string, options []Option, log *slog.Logger) (*Switcher, error) {
	s := &Switcher{options: options, log: log, opened: map[string]whatsapp.Driver{}}
	opt, ok := s.option(active)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknown, active)
	}
	d, err := opt.Open()
	if err != nil {
		return nil, fmt.Errorf("open the %s driver: %w", opt.Name, err)
	}
	s.events = whatsapp.NewEventQueue()
	s.active = active
	s.adopt(active, d)
	return s, nil
}

func (s *Switcher) option(name string) (Option, bool) {
	for _, o := range s.options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

// adopt keeps d as the opened driver called name and starts forwarding its
// events while it is the active one. Callers must not hold s.mu.
func (s *Switcher) adopt(name string, d whatsapp.Driver) {
	s.mu.Lock()
	s.opened[name] = d
	s.wg.Add(1)
	s.mu.Unlock()
	go s.forward(name, d)
}

// forward drains d's events until d is closed, passing on those that come
// while d is active. Checking under s.mu makes the cut exact: once Use has
// switched, nothing more of the old driver gets through.
func (s *Switcher) forward(name string, d whatsapp.Driver) {
	defer s.wg.Done()
	for e := range d.Events() {
		s.mu.Lock()
		if s.active == name && !s.closed {
			s.events.Push(e)
		}
		s.mu.Unlock()
	}
}

// Choices lists the drivers in the order given to New, the active one
// marked.
func (s *Switcher) Choices() []Choice {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Choice, 0, len(s.options))
	for _, o := range s.options {
		out = append(out, Choice{Name: o.Name, Label: o.Label, Active: o.Name == s.active})
	}
	return out
}

// Active returns the name of the driver in use.
func (s *Switcher) Active() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// Opened reports whether the driver called name has been opened: its
// files are in use until Close.
func (s *Switcher) Opened(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.opened[name]
	return ok
}

// Current returns the driver in use, for what only some drivers offer (the
// simulator's settings).
func (s *Switcher) Current() whatsapp.Driver {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened[s.active]
}

// Use makes the driver called name the active one: it opens it if it never
// was, disconnects the old one (which keeps its pairing), and publishes the
// new one's state (and pending pairing) on Events. Using the active driver
// again changes nothing. Whether a switch is allowed now (no campaign
// sending) is the caller's decision.
func (s *Switcher) Use(name string) error {
	s.switching.Lock()
	defer s.switching.Unlock()
	opt, ok := s.option(name)
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return whatsapp.ErrClosed
	}
	if name == s.active {
		s.mu.Unlock()
		return nil
	}
	old := s.opened[s.active]
	next, ok := s.opened[name]
	s.mu.Unlock()
	if !ok {
		d, err := opt.Open()
		if err != nil {
			return fmt.Errorf("open the %s driver: %w", opt.Name, err)
		}
		s.adopt(name, d)
		next = d
	}
	// The old driver goes quiet before the switch: a connection nobody
	// listens to would take replies and receipts that then go nowhere.
	if err := old.Disconnect(); err != nil {
		s.log.Warn("whatsapp: disconnect the driver switched away from", "err", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return whatsapp.ErrClosed
	}
	s.active = name
	s.events.Push(whatsapp.Event{Kind: whatsapp.EventState, Status: next.Status()})
	if p := next.Pairing(); p != (whatsapp.Pairing{}) {
		s.events.Push(whatsapp.Event{Kind: whatsapp.EventPairing, Pairing: p})
	}
	return nil
}

// Connect connects the active driver.
func (s *Switcher) Connect(ctx context.Context) error { return s.Current().Connect(ctx) }

// Disconnect disconnects the active driver; it stays paired.
func (s *Switcher) Disconnect() error { return s.Current().Disconnect() }

// Logout unlinks the active driver.
func (s *Switcher) Logout(ctx context.Context) error { return s.Current().Logout(ctx) }

// PairPhone starts pairing the active driver by phone number.
func (s *Switcher) PairPhone(ctx context.Context, phone string) (string, error) {
	return s.Current().PairPhone(ctx, phone)
}

// Paired reports whether the active driver is paired.
func (s *Switcher) Paired() bool { return s.Current().Paired() }

// Status returns the active driver's state.
func (s *Switcher) Status() whatsapp.Status { return s.Current().Status() }

// Pairing returns the active driver's pending pairing.
func (s *Switcher) Pairing() whatsapp.Pairing { return s.Current().Pairing() }

// Send sends through the active driver.
func (s *Switcher) Send(ctx context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	return s.Current().Send(ctx, msg)
}

// IsOnWhatsApp asks the active driver.
func (s *Switcher) IsOnWhatsApp(ctx context.Context, phones []string) ([]whatsapp.NumberCheck, error) {
	return s.Current().IsOnWhatsApp(ctx, phones)
}

// Taken asks the active driver when it can tell whether it took a message,
// and answers whatsapp.ErrCannotTell when it cannot (whatsmeow).
func (s *Switcher) Taken(ctx context.Context, id string) (time.Time, bool, error) {
	if r, ok := s.Current().(whatsapp.Reconciler); ok {
		return r.Taken(ctx, id)
	}
	return time.Time{}, false, whatsapp.ErrCannotTell
}

// Practice reports whether the active driver is practice (the simulator);
// a driver that does not say is a real account.
func (s *Switcher) Practice() bool {
	p, ok := s.Current().(whatsapp.Practice)
	return ok && p.Practice()
}

// Events is the active driver's events, across switches. It is closed by
// Close.
func (s *Switcher) Events() <-chan whatsapp.Event { return s.events.C() }

// Close closes every driver it opened, waits for their events to drain and
// closes Events.
func (s *Switcher) Close() error {
	s.switching.Lock()
	defer s.switching.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	drivers := make([]whatsapp.Driver, 0, len(s.opened))
	for _, o := range s.options {
		if d, ok := s.opened[o.Name]; ok {
			drivers = append(drivers, d)
		}
	}
	s.mu.Unlock()
	var errs []error
	for _, d := range drivers {
		errs = append(errs, d.Close())
	}
	s.wg.Wait()
	s.events.Close()
	return errors.Join(errs...)
}
