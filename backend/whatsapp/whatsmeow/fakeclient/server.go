// Package fakeclient stands in for whatsmeow's client, so that the linked-
// phone driver runs without a phone or a network: in its own tests, in the
// conformance suite, and in browser-test builds of Herald.
//
// A Server is WhatsApp's side: the server, the user's phone and the
// contacts. The driver makes its clients through Server.NewClient:
//
//	srv := fakeclient.NewServer(fakeclient.Options{})
//	d, err := whatsmeow.Open(dir, whatsmeow.Options{
//		NewClient: func(dev *store.Device) whatsmeow.Client { return srv.NewClient(dev) }})
//
// and the test makes the other side act through the Server's methods:
// scan the QR code, deliver, read, reply, ban, unlink, fail a send. Each client keeps its device in the real session
// store the driver gave it, so pairing and logging out read and write
// whatsapp.db as with the real client.
//
// QR codes rotate on the Server's clock as WhatsApp's do (the first after
// 60 s, then every 20 s, six codes in all, then pairing times out); tests
// pass a fakeclock.Clock and advance it, browser tests may shorten the
// times and use the wall clock. With ScanAfter, DeliverAfter and ReadAfter
// the fake also plays the phone and the contacts by itself.
package fakeclient

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	wm "go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// Options shape a Server. Zero values take WhatsApp's own timings.
type Options struct {
	// Clock drives QR rotation and the automatic behaviour; nil is the
	// wall clock.
	Clock clockwork.Clock
	// QRFirst and QRNext are how long the first and each later QR code
	// live (60 s and 20 s); QRCodes how many come before pairing times
	// out (6).
	QRFirst, QRNext time.Duration
	QRCodes         int
	// Phone is the number a QR scan links (E.164); PushName its name.
	Phone    string
	PushName string
	// ScanAfter completes a pending pairing (QR or code) by itself after
	// this long; 0 waits for Scan.
	ScanAfter time.Duration
	// DeliverAfter delivers each message this long after it was sent, and
	// ReadAfter reads it this long after delivery; 0 waits for Deliver or
	// Read.
	DeliverAfter, ReadAfter time.Duration
}

// Sent is a message the fake server took.
type Sent struct {
	ID      string
	To      types.JID
	Message *waE2E.Message
	At      time.Time
}

// Server is the fake WhatsApp side. Its methods are safe for concurrent use.
type Server struct {
	opts Options

	mu          sync.Mutex
	cur         *Client
	seq         int
	connectErrs []error
	sendErrs    []error
	loseAcks    int
	checkErrs   []error
	uploadErrs  []error
	pairErrs    []error
	notOn       map[string]bool
	lids        map[types.JID]types.JID
	sent        []Sent
	checks      [][]string
	uploads     int
	unreachable bool
}

// NewServer returns a fake WhatsApp side.
func NewServer(opts Options) *Server {
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.QRFirst == 0 {
		opts.QRFirst = 60 * time.Second
	}
	if opts.QRNext == 0 {
		opts.QRNext = 20 * time.Second
	}
	if opts.QRCodes == 0 {
		opts.QRCodes = 6
	}
	if opts.Phone == "" {
		opts.Phone = "+15550100001"
	}
	if opts.PushName == "" {
		opts.PushName = "Herald Test"
	}
	return &Server{opts: opts, notOn: map[string]bool{}, lids: map[types.JID]types.JID{}}
}

// NewClient makes the client for device, as whatsmeow.NewClient does; the
// Server acts on the client it made last.
func (s *Server) NewClient(device *store.Device) *Client {
	c := &Client{srv: s, dev: device}
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	return c
}

// Client returns the client the driver uses, nil before it made one.
func (s *Server) Client() *Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// ServerError is the error whatsmeow's SendMessage returns when WhatsApp
// answers a message with a numeric error code (463, 429, 500…).
func ServerError(code int) error {
	return fmt.Errorf("%w %d", wm.ErrServerReturnedError, code)
}

// FailConnect makes the next ConnectContext calls fail with errs, in turn.
func (s *Server) FailConnect(errs ...error) { s.queue(&s.connectErrs, errs) }

// FailSend makes the next SendMessage calls fail with errs, in turn; the
// server takes none of those messages.
func (s *Server) FailSend(errs ...error) { s.queue(&s.sendErrs, errs) }

// LoseNextAck makes the server take the next message but its answer never
// arrive: SendMessage fails with whatsmeow's timeout, the message is in
// doubt, and receipts for it still come.
func (s *Server) LoseNextAck() {
	s.mu.Lock()
	s.loseAcks++
	s.mu.Unlock()
}

// FailCheck makes the next IsOnWhatsApp calls fail with errs, in turn.
func (s *Server) FailCheck(errs ...error) { s.queue(&s.checkErrs, errs) }

// FailUpload makes the next Upload calls fail with errs, in turn.
func (s *Server) FailUpload(errs ...error) { s.queue(&s.uploadErrs, errs) }

// FailPairPhone makes the next PairPhone calls fail with errs, in turn.
func (s *Server) FailPairPhone(errs ...error) { s.queue(&s.pairErrs, errs) }

func (s *Server) queue(q *[]error, errs []error) {
	s.mu.Lock()
	*q = append(*q, errs...)
	s.mu.Unlock()
}

// pop takes the next queued error; under s.mu.
func pop(q *[]error) error {
	if len(*q) == 0 {
		return nil
	}
	err := (*q)[0]
	*q = (*q)[1:]
	return err
}

// SetReachable cuts the network (false) or brings it back (true). While it
// is cut, ConnectContext answers as whatsmeow does when the dial fails and
// it is set to retry: no error, a Disconnected event, and for an unpaired
// device the end of the QR channel. Restore completes the retry.
func (s *Server) SetReachable(ok bool) {
	s.mu.Lock()
	s.unreachable = !ok
	s.mu.Unlock()
}

// NotOnWhatsApp makes phones (E.164) numbers without an account.
func (s *Server) NotOnWhatsApp(phones ...string) {
	s.mu.Lock()
	for _, p := range phones {
		s.notOn[p] = true
	}
	s.mu.Unlock()
}

// MapLID records in the server's LID map that lid (its user part) is
// phone's (E.164) hidden address, as the store's LID map would.
func (s *Server) MapLID(lid, phone string) {
	s.mu.Lock()
	s.lids[types.NewJID(lid, types.HiddenUserServer)] = pnJID(phone)
	s.mu.Unlock()
}

// Sent returns the messages the server took, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// SentCount returns how many times the server took message id.
func (s *Server) SentCount(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.sent {
		if m.ID == id {
			n++
		}
	}
	return n
}

// Checks returns the batches of numbers IsOnWhatsApp was asked about.
func (s *Server) Checks() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]string(nil), s.checks...)
}

// Uploads returns how many files were uploaded.
func (s *Server) Uploads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uploads
}

// QR returns the QR code on show, empty when none is.
func (s *Server) QR() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.pendingLocked(); q != nil {
		return q.code
	}
	return ""
}

// PairingCode returns the pairing code handed out, empty when none was.
func (s *Server) PairingCode() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.pendingLocked(); q != nil {
		return q.pairCode
	}
	return ""
}

// pendingLocked returns the pairing in progress on the current client.
func (s *Server) pendingLocked() *pairing {
	if s.cur == nil || s.cur.qr == nil || s.cur.qr.done || !s.cur.connected {
		return nil
	}
	return s.cur.qr
}

// ExpireQR makes the QR code on show expire now, as if its time ran out:
// the next one replaces it, or pairing times out after the last.
func (s *Server) ExpireQR() error {
	s.mu.Lock()
	q := s.pendingLocked()
	if q == nil {
		s.mu.Unlock()
		return fmt.Errorf("fakeclient: no QR code on show")
	}
	q.timer.Stop()
	c := s.cur
	s.mu.Unlock()
	s.rotate(c, q)
	return nil
}

// Scan completes the pairing in progress, as the phone does when it scans
// the QR code or takes the pairing code: the device is saved in the
// session store with the number (the QR's Options.Phone, or the number
// the code was for), the QR channel says success, and the client connects.
func (s *Server) Scan() error {
	s.mu.Lock()
	q := s.pendingLocked()
	if q == nil {
		s.mu.Unlock()
		return fmt.Errorf("fakeclient: no pairing in progress")
	}
	c := s.cur
	phone := s.opts.Phone
	if q.pairCode != "" {
		phone = q.pairPhone
	}
	jid := types.NewADJID(strings.TrimPrefix(phone, "+"), 0, 12)
	c.dev.ID = &jid
	c.dev.PushName = s.opts.PushName
	c.dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte("fake"), AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := c.dev.Save(context.Background()); err != nil {
		s.mu.Unlock()
		return fmt.Errorf("fakeclient: save the linked device: %w", err)
	}
	q.finish(wm.QRChannelSuccess)
	c.loggedIn = true
	s.mu.Unlock()
	c.dispatch(&events.PairSuccess{ID: jid, Platform: "android"}, &events.Connected{})
	return nil
}

// QRItem hands item to the QR channel of the pairing in progress, as
// whatsmeow would: a final item (success, timeout, error,
// err-client-outdated, err-unexpected-state) closes the channel.
func (s *Server) QRItem(item wm.QRChannelItem) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || s.cur.qr == nil || s.cur.qr.done {
		return fmt.Errorf("fakeclient: no QR channel open")
	}
	q := s.cur.qr
	switch item.Event {
	case wm.QRChannelEventCode, wm.QRChannelScannedWithoutMultidevice.Event,
		wm.QRChannelEventPasskeyRequest, wm.QRChannelEventPasskeyResponse:
		q.send(item)
	default:
		q.finish(item)
	}
	return nil
}

// pairCodeAlphabet is WhatsApp's: no 0, I, O or U.
const pairCodeAlphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ"

// displayName is the form WhatsApp accepts for a pairing code's client:
// "Browser (OS)".
var displayName = regexp.MustCompile(`^(Chrome|Firefox|Edge|Safari|Opera) \((Windows|Mac OS|Linux|Ubuntu)\)$`)

func pnJID(phone string) types.JID {
	return types.NewJID(strings.TrimPrefix(phone, "+"), types.DefaultUserServer)
}

// qrPayload is a code in the shape whatsmeow makes: the server's ref and
// the device's public keys.
func qrPayload(n int, dev *store.Device) string {
	b := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("https://wa.me/settings/linked_devices#2@fakeref%04d,%s,%s,%s,1",
		n, b(dev.NoiseKey.Pub[:]), b(dev.IdentityKey.Pub[:]), b(dev.AdvSecretKey))
}
