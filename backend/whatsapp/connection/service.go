// Package connection is the WhatsApp account as the UI sees it: the bound
// WhatsAppService, and the monitor that follows the driver's state, records
// every change in the history table and the activity log, and tells the UI.
package connection

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/phone"
	"herald/backend/whatsapp"
)

// Contacts is what the number check needs of the contact book.
type Contacts interface {
	// Phones returns the E.164 number of each of ids that exists, by id.
	Phones(ids []int64) (map[int64]string, error)
	// MarkOnWhatsApp records the answer of a check on ids.
	MarkOnWhatsApp(ids []int64, onWhatsApp bool, at time.Time) error
}

// Deps are what a Service needs. Clock defaults to the wall clock and
// Country to no default country.
type Deps struct {
	DB       *gorm.DB
	Driver   whatsapp.Driver
	Activity *activity.Log
	Emitter  events.Emitter
	Log      *slog.Logger
	Contacts Contacts
	// Country returns the default country for numbers typed without a
	// country code (the defaultCountry setting).
	Country func() string
	Clock   clockwork.Clock
	// Observe, when set, is given every driver event after the monitor
	// has handled it: campaigns follow receipts, replies and the
	// connection through it. It must not block.
	Observe func(whatsapp.Event)
	// Switch, when set, is what Driver stands for: the drivers the user
	// chooses between (Drivers, UseDriver). Without it there is no choice.
	Switch Switch
	// Sending returns the names of the campaigns sending now; UseDriver
	// refuses to switch while there is any.
	Sending func() ([]string, error)
}

// Service is the bound WhatsAppService. It owns the driver: the stop
// function NewService returns closes it. A Service is one view of the
// connection: the window's has no call context, and `herald serve` makes
// one per request (WithContext) so that a long number check stops when the
// browser goes away. What every view shares lives in state.
type Service struct {
	*state
	// call is the context of the request being served; nil in the window.
	call context.Context
}

// WithContext returns a view of s whose long work stops when ctx ends.
func WithContext(s *Service, ctx context.Context) *Service {
	return &Service{state: s.state, call: ctx}
}

// callContext is the context a call's work runs in: it ends when the
// service stops or the caller goes away.
func (s *Service) callContext() (context.Context, context.CancelFunc) {
	if s.call == nil {
		return s.ctx, func() {}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	stop := context.AfterFunc(s.call, cancel)
	return ctx, func() { stop(); cancel() }
}

// state is what every view of the service shares.
type state struct {
	db       *gorm.DB
	driver   whatsapp.Driver
	activity *activity.Log
	emitter  events.Emitter
	log      *slog.Logger
	contacts Contacts
	country  func() string
	clock    clockwork.Clock
	observe  func(whatsapp.Event)
	sw       Switch
	sending  func() ([]string, error)
	// switching serialises UseDriver.
	switching sync.Mutex
	// held keeps the monitor from handling events while write-locked (Hold).
	held sync.RWMutex

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	status whatsapp.Status
	// changedCh is closed and replaced whenever status changes.
	changedCh chan struct{}
}

// NewService starts the monitor on d.Driver's events; Resume then
// reconnects a paired session. stop cancels the monitor, closes the driver
// and waits for both; call it before closing the database. It is a
// function, not a method, because every exported method of Service is
// callable from the UI.
func NewService(d Deps) (svc *Service, stop func() error, err error) {
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	if d.Country == nil {
		d.Country = func() string { return "" }
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{state: &state{db: d.DB, driver: d.Driver, activity: d.Activity, emitter: d.Emitter, log: d.Log,
		contacts: d.Contacts, country: d.Country, clock: d.Clock, observe: d.Observe, sw: d.Switch, sending: d.Sending,
		ctx: ctx, cancel: cancel, status: d.Driver.Status(), changedCh: make(chan struct{})}}
	s.wg.Add(1)
	go s.monitor()
	return s, s.stop, nil
}

// Resume connects a paired session: a paired phone stays paired across
// restarts, as a real one does. It is separate from NewService so that the
// desktop app reconnects only once it knows it is the one running copy (a
// second launch hands over to the first and exits). A function, not a
// method, for the same reason as stop.
func Resume(s *Service) error {
	if !s.driver.Paired() {
		return nil
	}
	s.log.Info("whatsapp: reconnecting the paired session")
	if err := s.driver.Connect(s.ctx); err != nil {
		return fmt.Errorf("reconnect WhatsApp: %w", err)
	}
	return nil
}

func (s *Service) stop() error {
	s.cancel()
	err := s.driver.Close()
	s.wg.Wait()
	if err != nil {
		return fmt.Errorf("close WhatsApp: %w", err)
	}
	return nil
}

// Status returns the connection's state as last reported by the driver.
func (s *Service) Status() (whatsapp.Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status, nil
}

// Pairing returns the QR payload (to show as a QR code) or the phone
// pairing code waiting to be used; empty when none is.
func (s *Service) Pairing() (whatsapp.Pairing, error) {
	return s.driver.Pairing(), nil
}

// Connect connects the paired phone, or starts pairing by QR code when no
// phone is paired.
func (s *Service) Connect() error {
	return plain(s.driver.Connect(s.ctx))
}

// Disconnect closes the connection; the phone stays paired.
func (s *Service) Disconnect() error {
	return plain(s.driver.Disconnect())
}

// Logout unlinks the phone; the next Connect pairs again.
func (s *Service) Logout() error {
	return plain(s.driver.Logout(s.ctx))
}

// PairWithCode starts pairing by phone number instead of QR code and returns
// the code (XXXX-XXXX) to type on that phone under Linked devices.
func (s *Service) PairWithCode(number string) (string, error) {
	e164, err := s.normalize(number)
	if err != nil {
		return "", err
	}
	if s.driver.Paired() {
		return "", apperr.Conflict("A phone is already linked. Log out first to link another one.")
	}
	code, err := s.driver.PairPhone(s.ctx, e164)
	if err != nil {
		return "", plain(err)
	}
	return code, nil
}

// normalize turns a number as typed into E.164 with the default country.
func (s *Service) normalize(number string) (string, error) {
	e164, err := phone.Normalize(number, s.country())
	if err != nil {
		return "", apperr.Invalid("%s.", capitalise(err.Error()))
	}
	return e164, nil
}

// plain turns a driver's error into words for the user, keeping the cause
// in the chain for the log.
func plain(err error) error {
	var msg string
	kind := apperr.KindConflict
	switch {
	case err == nil:
		return nil
	case apperr.KindOf(err) != 0:
		return err
	case errors.Is(err, whatsapp.ErrNotConnected):
		msg = "WhatsApp is not connected. Connect first, then try again."
	case errors.Is(err, whatsapp.ErrNotPaired):
		msg = "No phone is linked to Herald yet."
	case errors.Is(err, whatsapp.ErrRateLimited):
		msg = "WhatsApp is limiting how fast messages go out. Wait a moment and try again."
	case errors.Is(err, whatsapp.ErrServer):
		msg = "WhatsApp did not accept the message. Try again in a moment."
	case errors.Is(err, whatsapp.ErrNotOnWhatsApp):
		msg, kind = "That number is not on WhatsApp.", apperr.KindInvalid
	case errors.Is(err, whatsapp.ErrInvalidNumber):
		msg, kind = "That is not a phone number WhatsApp can use.", apperr.KindInvalid
	case errors.Is(err, whatsapp.ErrClosed), errors.Is(err, context.Canceled):
		msg = "Herald is shutting down."
	default:
		return fmt.Errorf("WhatsApp: %w", err)
	}
	return &wrapped{&apperr.Error{Kind: kind, Msg: msg}, err}
}

// wrapped is a plain-language error that keeps the driver's error as its
// cause.
type wrapped struct {
	plain *apperr.Error
	cause error
}

func (w *wrapped) Error() string   { return w.plain.Msg }
func (w *wrapped) Unwrap() []error { return []error{w.plain, w.cause} }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}
