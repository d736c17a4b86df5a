package fakeclient

import (
	"context"
	"crypto/sha256"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"
	wm "go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// Client is one fake whatsmeow client over a device of the session store.
// It has the methods of whatsmeow's Client the driver uses, and answers
// them as the real one does with the Server on the other side. Events go
// to the handlers synchronously, on the goroutine that caused them.
type Client struct {
	srv *Server
	dev *store.Device

	// Guarded by srv.mu.
	handlers  []handler
	nextID    uint32
	connected bool
	loggedIn  bool
	qr        *pairing
}

type handler struct {
	id uint32
	f  wm.EventHandler
}

// pairing is a QR channel and what goes on in it.
type pairing struct {
	ch   chan wm.QRChannelItem
	done bool
	// left is how many more codes come after the one on show.
	left  int
	code  string
	timer clockwork.Timer
	auto  clockwork.Timer
	// pairCode and pairPhone are set once a pairing code was asked for.
	pairCode, pairPhone string
	stopCtx             func() bool
}

// send hands item over as whatsmeow's QR emitter does: never blocking.
func (q *pairing) send(item wm.QRChannelItem) {
	if q.done {
		return
	}
	select {
	case q.ch <- item:
	default:
	}
}

// finish hands over a final item and closes the channel.
func (q *pairing) finish(item wm.QRChannelItem) {
	if q.done {
		return
	}
	q.send(item)
	q.done = true
	close(q.ch)
	q.stopTimers()
	if q.stopCtx != nil {
		q.stopCtx()
	}
}

func (q *pairing) stopTimers() {
	if q.timer != nil {
		q.timer.Stop()
	}
	if q.auto != nil {
		q.auto.Stop()
	}
}

func (c *Client) dispatch(evts ...any) {
	if c == nil {
		return
	}
	c.srv.mu.Lock()
	hs := slices.Clone(c.handlers)
	c.srv.mu.Unlock()
	for _, e := range evts {
		for _, h := range hs {
			h.f(e)
		}
	}
}

// ConnectContext connects: an unpaired device is offered QR codes, a
// paired one logs in (Connected).
func (c *Client) ConnectContext(ctx context.Context) error {
	s := c.srv
	s.mu.Lock()
	if err := ctx.Err(); err != nil {
		s.mu.Unlock()
		return err
	}
	if err := pop(&s.connectErrs); err != nil {
		s.mu.Unlock()
		return err
	}
	if c.connected {
		s.mu.Unlock()
		return wm.ErrAlreadyConnected
	}
	if s.unreachable {
		if c.qr != nil {
			c.qr.finish(wm.QRChannelTimeout)
		}
		s.mu.Unlock()
		c.dispatch(&events.Disconnected{})
		return nil
	}
	c.connected = true
	var evt any
	if c.dev.ID == nil {
		codes := make([]string, s.opts.QRCodes)
		for i := range codes {
			codes[i] = qrPayload(s.seq+1+i, c.dev)
		}
		evt = &events.QR{Codes: codes}
		if q := c.qr; q != nil && !q.done {
			q.left = s.opts.QRCodes
			s.showCodeLocked(c, q, s.opts.QRFirst)
			s.autoScanLocked(q)
		}
	} else {
		c.loggedIn = true
		evt = &events.Connected{}
	}
	s.mu.Unlock()
	c.dispatch(evt)
	return nil
}

// showCodeLocked puts the next QR code on show for life.
func (s *Server) showCodeLocked(c *Client, q *pairing, life time.Duration) {
	q.left--
	s.seq++
	q.code = qrPayload(s.seq, c.dev)
	q.send(wm.QRChannelItem{Event: wm.QRChannelEventCode, Code: q.code, Timeout: life})
	q.timer = s.opts.Clock.AfterFunc(life, func() { s.rotate(c, q) })
}

// rotate replaces the QR code on show, or ends pairing after the last one:
// the server closes the socket.
func (s *Server) rotate(c *Client, q *pairing) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.qr != q || q.done || !c.connected {
		return
	}
	if q.left <= 0 {
		q.finish(wm.QRChannelTimeout)
		c.connected = false
		return
	}
	s.showCodeLocked(c, q, s.opts.QRNext)
}

func (s *Server) autoScanLocked(q *pairing) {
	if s.opts.ScanAfter <= 0 {
		return
	}
	if q.auto != nil {
		q.auto.Stop()
	}
	q.auto = s.opts.Clock.AfterFunc(s.opts.ScanAfter, func() { _ = s.Scan() })
}

// Disconnect closes the socket; no event, as whatsmeow's.
func (c *Client) Disconnect() {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	c.connected, c.loggedIn = false, false
	if c.qr != nil {
		c.qr.stopTimers()
	}
}

// Logout unlinks the device on the server and deletes it from the store;
// it needs a connection, as the real one does.
func (c *Client) Logout(ctx context.Context) error {
	c.srv.mu.Lock()
	if !c.loggedIn {
		c.srv.mu.Unlock()
		return fmt.Errorf("error sending logout request: %w", wm.ErrNotConnected)
	}
	c.connected, c.loggedIn = false, false
	c.srv.mu.Unlock()
	if err := c.dev.Delete(ctx); err != nil {
		return fmt.Errorf("error deleting data from store: %w", err)
	}
	return nil
}

// IsConnected reports whether the socket is up.
func (c *Client) IsConnected() bool {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	return c.connected
}

// IsLoggedIn reports whether the device is connected and logged in.
func (c *Client) IsLoggedIn() bool {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	return c.loggedIn
}

// GetQRChannel opens the QR channel; as whatsmeow's, it must come before
// ConnectContext and only for an unpaired device, and it closes when ctx
// ends.
func (c *Client) GetQRChannel(ctx context.Context) (<-chan wm.QRChannelItem, error) {
	s := c.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.connected {
		return nil, wm.ErrQRAlreadyConnected
	}
	if c.dev.ID != nil {
		return nil, wm.ErrQRStoreContainsID
	}
	q := &pairing{ch: make(chan wm.QRChannelItem, 8)}
	q.stopCtx = context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !q.done {
			q.done = true
			close(q.ch)
			q.stopTimers()
		}
	})
	c.qr = q
	return q.ch, nil
}

var notDigits = regexp.MustCompile(`[^0-9]`)

// PairPhone hands out a pairing code for phone over a connection that
// shows QR codes, and refuses a client display name WhatsApp would refuse.
func (c *Client) PairPhone(ctx context.Context, phone string, _ bool, _ wm.PairClientType, clientDisplayName string) (string, error) {
	s := c.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	q := s.pendingLocked()
	if s.cur != c || q == nil {
		return "", wm.ErrNotConnected
	}
	if err := pop(&s.pairErrs); err != nil {
		return "", err
	}
	digits := notDigits.ReplaceAllString(phone, "")
	switch {
	case len(digits) <= 6:
		return "", wm.ErrPhoneNumberTooShort
	case strings.HasPrefix(digits, "0"):
		return "", wm.ErrPhoneNumberIsNotInternational
	case !displayName.MatchString(clientDisplayName):
		return "", wm.ErrIQBadRequest
	}
	s.seq++
	code := make([]byte, 0, 9)
	for i := range 8 {
		if i == 4 {
			code = append(code, '-')
		}
		code = append(code, pairCodeAlphabet[(s.seq*7+i*13)%len(pairCodeAlphabet)])
	}
	q.pairCode, q.pairPhone = string(code), "+"+digits
	s.autoScanLocked(q)
	return q.pairCode, nil
}

// SendMessage takes a message: it fails with the next queued error, or
// the server takes it (recorded in Sent) and answers with its time.
func (c *Client) SendMessage(ctx context.Context, to types.JID, message *waE2E.Message, extra ...wm.SendRequestExtra) (wm.SendResponse, error) {
	s := c.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return wm.SendResponse{}, err
	}
	if !c.connected {
		return wm.SendResponse{}, wm.ErrNotConnected
	}
	if !c.loggedIn {
		return wm.SendResponse{}, wm.ErrNotLoggedIn
	}
	if err := pop(&s.sendErrs); err != nil {
		return wm.SendResponse{}, err
	}
	s.seq++
	id := fmt.Sprintf("3EB0%018X", s.seq)
	if len(extra) > 0 && extra[0].ID != "" {
		id = extra[0].ID
	}
	now := s.opts.Clock.Now()
	s.sent = append(s.sent, Sent{ID: id, To: to, Message: message, At: now})
	if s.opts.DeliverAfter > 0 {
		s.opts.Clock.AfterFunc(s.opts.DeliverAfter, func() {
			s.Deliver(id)
			if s.opts.ReadAfter > 0 {
				s.opts.Clock.AfterFunc(s.opts.ReadAfter, func() { s.Read(id) })
			}
		})
	}
	if s.loseAcks > 0 {
		s.loseAcks--
		return wm.SendResponse{}, wm.ErrMessageTimedOut
	}
	return wm.SendResponse{ID: id, Timestamp: now}, nil
}

// Upload stores nothing and answers as the media server does.
func (c *Client) Upload(ctx context.Context, plaintext []byte, appInfo wm.MediaType) (wm.UploadResponse, error) {
	s := c.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return wm.UploadResponse{}, err
	}
	if err := pop(&s.uploadErrs); err != nil {
		return wm.UploadResponse{}, err
	}
	s.uploads++
	sum := sha256.Sum256(plaintext)
	enc := sha256.Sum256(append([]byte(appInfo), plaintext...))
	path := fmt.Sprintf("/v/t62.fake/%d", s.uploads)
	return wm.UploadResponse{URL: "https://mmg.whatsapp.net" + path, DirectPath: path,
		MediaKey: enc[:], FileSHA256: sum[:], FileEncSHA256: enc[:], FileLength: uint64(len(plaintext))}, nil
}

// IsOnWhatsApp answers for each number: on WhatsApp unless NotOnWhatsApp
// said otherwise.
func (c *Client) IsOnWhatsApp(ctx context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error) {
	s := c.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !c.loggedIn {
		return nil, wm.ErrNotConnected
	}
	if err := pop(&s.checkErrs); err != nil {
		return nil, err
	}
	s.checks = append(s.checks, slices.Clone(phones))
	out := make([]types.IsOnWhatsAppResponse, 0, len(phones))
	for _, p := range phones {
		jid := pnJID(p)
		out = append(out, types.IsOnWhatsAppResponse{Query: p, JID: jid, PhoneNumber: jid, IsIn: !s.notOn[p]})
	}
	return out, nil
}

// AddEventHandler registers a handler for every event of this client.
func (c *Client) AddEventHandler(h wm.EventHandler) uint32 {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	c.nextID++
	c.handlers = append(c.handlers, handler{id: c.nextID, f: h})
	return c.nextID
}

// RemoveEventHandlers removes every handler.
func (c *Client) RemoveEventHandlers() {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	c.handlers = nil
}

// OwnID is the device's JID, empty while unpaired.
func (c *Client) OwnID() types.JID {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	if c.dev.ID == nil {
		return types.EmptyJID
	}
	return *c.dev.ID
}

// PushName is the account's name.
func (c *Client) PushName() string {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	return c.dev.PushName
}

// PNForLID answers from the Server's LID map (MapLID).
func (c *Client) PNForLID(_ context.Context, lid types.JID) (types.JID, error) {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	return c.srv.lids[lid], nil
}
