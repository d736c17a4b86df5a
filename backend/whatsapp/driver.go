// Package whatsapp is the seam between Herald and WhatsApp. Callers (the
// dispatcher, the status monitor, the bound service) depend only on Driver, so
// the simulator used today and real drivers later (whatsmeow for WhatsApp Web
// multi-device, Meta's Business Cloud API) are interchangeable.
//
// The shape follows what those two really offer: whatsmeow connects a paired
// device (pairing by a refreshing QR code or an 8-character phone pairing
// code), sends with a caller-chosen message ID and reports receipts and
// incoming messages as events; the Cloud API answers a send with an ID and
// reports sent/delivered/read/failed statuses through webhooks. Both map onto
// Send returning the "sent" receipt and Events carrying the rest.
package whatsapp

import (
	"context"
	"errors"
	"time"
)

// Driver is one WhatsApp account connection. Implementations are safe for
// concurrent use.
type Driver interface {
	// Connect starts connecting. A paired driver goes connecting → connected;
	// an unpaired one goes to StateQR and publishes QR payloads until a scan,
	// PairPhone or a timeout. Connecting while already connecting or
	// connected is a no-op.
	Connect(ctx context.Context) error
	// Disconnect closes the connection but keeps the pairing, so a later
	// Connect needs no new scan.
	Disconnect() error
	// Logout unlinks the device and forgets the pairing (StateLoggedOut).
	Logout(ctx context.Context) error
	// PairPhone starts pairing by phone number instead of QR and returns the
	// code, formatted XXXX-XXXX, that the user types on the phone.
	PairPhone(ctx context.Context, phone string) (string, error)
	// Paired reports whether a paired session exists, so the owner can
	// reconnect by itself at start-up.
	Paired() bool
	// Status returns the current connection state.
	Status() Status
	// Pairing returns the pending QR payload or pairing code, if any.
	Pairing() Pairing
	// Send delivers msg to the server and returns its "sent" receipt. A
	// repeated msg.ID is the same message: the original receipt comes back
	// and nothing is sent twice. Errors satisfy Temporary when a retry later
	// may succeed.
	Send(ctx context.Context, msg Message) (Receipt, error)
	// IsOnWhatsApp reports which E.164 numbers have a WhatsApp account.
	IsOnWhatsApp(ctx context.Context, phones []string) ([]NumberCheck, error)
	// Events is the single stream of state changes, pairing updates,
	// receipts and incoming messages. It is fed without ever blocking the
	// driver; its one owner must drain it. It is closed by Close.
	Events() <-chan Event
	// Close stops every goroutine and timer of the driver and closes Events.
	Close() error
}

// Reconciler is implemented by drivers that can say, without sending,
// whether they took a message. After a crash the dispatcher asks about the
// messages it had marked "sending": a taken one is recorded as sent even if
// its contact opted out meanwhile, and one never taken goes back through
// every check before it is sent. A driver that cannot tell (whatsmeow:
// the server never says whether it took a message) either does not
// implement Reconciler or answers ErrCannotTell, and its messages in doubt
// are never sent again blindly.
type Reconciler interface {
	// Taken reports whether the message with this ID was taken, and when.
	Taken(ctx context.Context, id string) (at time.Time, taken bool, err error)
}

// Practice is implemented by drivers that say whether their messages reach
// real phones. The simulator is practice; a driver that does not implement
// Practice is taken for a real account, whose number WhatsApp can ban, so
// campaigns pace themselves for it.
type Practice interface {
	// Practice reports whether nothing sent reaches a real phone.
	Practice() bool
}

// ErrCannotTell is Taken's answer from a driver that cannot say whether it
// took a message (one that wraps drivers of both kinds answers it for the
// kind that cannot).
var ErrCannotTell = errors.New("this WhatsApp connection cannot tell whether it took a message")

// State is the connection state, as shown in the UI and recorded in history.
type State string

// Connection states.
const (
	StateDisconnected State = "disconnected"
	StateConnecting   State = "connecting"
	StateQR           State = "qr"
	StatePairingCode  State = "pairing_code"
	StateConnected    State = "connected"
	StateLoggedOut    State = "logged_out"
	StateError        State = "error"
)

// Status is a snapshot of the connection.
type Status struct {
	State State `json:"state"`
	// Phone is the paired account's E.164 number, empty when not paired.
	Phone    string    `json:"phone"`
	PushName string    `json:"pushName"`
	Since    time.Time `json:"since"`
	// LastError explains the last drop or failure, in plain words.
	LastError string `json:"lastError"`
	// Ban is set, with StateError, while WhatsApp has banned the account
	// for a while: every campaign stops sending at once. Nil otherwise.
	Ban *Ban `json:"ban,omitempty"`
}

// Ban is a temporary ban of the account by WhatsApp (whatsmeow's
// events.TemporaryBan), in a form the campaigns can act on.
type Ban struct {
	// Code is WhatsApp's reason code (whatsmeow's TempBanReason), 0 when
	// it gave none.
	Code int `json:"code"`
	// Reason says why, in plain words ("too many people blocked you").
	Reason string `json:"reason"`
	// Until is when the ban ends; zero when WhatsApp did not say.
	Until time.Time `json:"until,omitzero"`
}

// Pairing is what the user needs to link the device: a QR payload (to render
// as a QR code) that expires and is replaced, or a phone pairing code.
type Pairing struct {
	QR        string    `json:"qr,omitempty"`
	QRExpires time.Time `json:"qrExpires,omitzero"`
	Code      string    `json:"code,omitempty"`
}

// Message is one outgoing message. ID is Herald's own ID, chosen before the
// send so that a send interrupted by a crash can be retried safely.
type Message struct {
	ID string
	// To is the recipient's E.164 number, e.g. +4915112345678.
	To        string
	Text      string
	MediaPath string
	MediaType string
}

// ReceiptStatus is where a message stands on the recipient's side.
type ReceiptStatus string

// Receipt statuses, in the order a message goes through them.
const (
	ReceiptSent      ReceiptStatus = "sent"
	ReceiptDelivered ReceiptStatus = "delivered"
	ReceiptRead      ReceiptStatus = "read"
	ReceiptFailed    ReceiptStatus = "failed"
)

// Receipt reports a message's status at a moment.
type Receipt struct {
	MessageID string
	Status    ReceiptStatus
	// Reason says why a message failed; empty otherwise.
	Reason string
	At     time.Time
}

// Incoming is a message received from a contact.
type Incoming struct {
	ID   string
	From string
	Text string
	At   time.Time
	// InReplyTo is the ID of our message it quotes, if any.
	InReplyTo string
}

// NumberCheck is the answer for one number of IsOnWhatsApp.
type NumberCheck struct {
	Phone      string
	OnWhatsApp bool
}

// EventKind says which field of an Event is set.
type EventKind string

// Event kinds.
const (
	EventState    EventKind = "state"
	EventPairing  EventKind = "pairing"
	EventReceipt  EventKind = "receipt"
	EventIncoming EventKind = "incoming"
)

// Event is one item of the Events stream; Kind tells which field is set.
type Event struct {
	Kind     EventKind
	Status   Status
	Pairing  Pairing
	Receipt  Receipt
	Incoming Incoming
}

// CanReconcile reports whether d can say, after a stop, whether it took a
// message: a Reconciler whose Taken does not answer ErrCannotTell, which
// such a driver answers whatever the ID (a driver that stands for either
// kind, the switcher, answers for the one in use).
func CanReconcile(ctx context.Context, d Driver) bool {
	rec, ok := d.(Reconciler)
	if !ok {
		return false
	}
	_, _, err := rec.Taken(ctx, "")
	return !errors.Is(err, ErrCannotTell)
}
