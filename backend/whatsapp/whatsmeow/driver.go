// Package whatsmeow is the WhatsApp driver for the user's own phone, linked
// to Herald as a device ("Linked devices"), as WhatsApp Desktop is, on
// go.mau.fi/whatsmeow.
//
// The session (keys, the LID map, whatsmeow's retry buffer) lives in
// whatsapp.db in the data folder, beside a table of Herald's own that maps
// each message Herald sent to the WhatsApp message ID it went with. That ID
// is derived from Herald's (MessageID), so a retry of a message carries the
// same ID, and receipts and replies map back to the recipient's row.
//
// What this driver cannot promise: whatsmeow never says whether the server
// took a message it got no answer for (a timeout, a drop, a crash mid-send).
// So the driver does not implement whatsapp.Reconciler. It records every
// message before sending it, answers a repeated ID from that record once the
// server acknowledged it, and counts a later receipt for the ID as proof
// that it went; a send that ended in doubt returns an error whose InDoubt
// method says so, and is not Temporary, so it is never sent again blindly.
//
// The driver reaches whatsmeow only through Client, so tests and browser
// tests drive it with package fakeclient instead of a phone.
package whatsmeow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/jonboulle/clockwork"
	wm "go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"

	"herald/backend/whatsapp"
)

var _ whatsapp.Driver = (*Driver)(nil)

// Options are what Open needs besides the data folder.
type Options struct {
	// Log receives the driver's and whatsmeow's log; nil discards it.
	Log *slog.Logger
	// Clock drives the pauses of number checks and every timestamp; nil
	// is the wall clock.
	Clock clockwork.Clock
	// NewClient makes the client for a device of the session store; nil
	// is the real whatsmeow client. Tests and browser-test builds pass a
	// fakeclient.Server's NewClient.
	NewClient func(device *store.Device) Client
}

// Driver is the linked phone. It is safe for concurrent use.
type Driver struct {
	dir       string
	log       *slog.Logger
	clock     clockwork.Clock
	newClient func(*store.Device) Client
	events    *whatsapp.EventQueue
	// ctx lives as long as the driver: connections, QR readers and sends
	// stop when Close cancels it.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	session *session // whatsapp.db; nil until first needed
	cli     Client   // nil until the first Connect, and after a logout
	device  *store.Device
	// fresh: the stored device was logged out; the next client gets a
	// new one.
	fresh   bool
	paired  bool
	status  whatsapp.Status
	pairing whatsapp.Pairing
	conn    *connection // the connection the user asked for; nil when none
	// inflight holds the Herald IDs being sent, so a concurrent send of
	// the same ID waits for the first instead of sending twice.
	inflight map[string]chan struct{}
	// onWhatsApp remembers the numbers found on WhatsApp before a first
	// send, for the driver's lifetime.
	onWhatsApp map[string]bool
}

// connection is one Connect (or PairPhone) until Disconnect, Logout, Close
// or a failure that whatsmeow does not retry ends it.
type connection struct {
	// ctx lives as long as the connection: whatsmeow's loops for it (and
	// its reconnections, and the QR channel) end when it does, so a dial
	// in progress stops at once too.
	ctx    context.Context
	cancel context.CancelFunc
	// ready is closed at the first QR code, or when the connection ends
	// before one came; err then says why. PairPhone waits on it.
	ready   chan struct{}
	settled bool
	err     error
	// codeMode: the user asked for a pairing code, so QR codes that keep
	// coming are not shown.
	codeMode bool
	// connected: the session reached Connected at least once, so a drop
	// is a lost connection rather than no connection at all.
	connected bool
}

func (c *connection) settle(err error) {
	if !c.settled {
		c.settled, c.err = true, err
		close(c.ready)
	}
}

var errStopped = errors.New("the connection was closed")

// setDeviceProps runs once per process: whatsmeow keeps the name and kind
// of device the phone lists under Linked devices in package-level values
// (store.DeviceProps), which every client reads while pairing. Setting them
// again from a second Open could race with a client pairing, and they never
// change while Herald runs.
var setDeviceProps sync.Once

// Open opens the linked-phone driver on the data folder dir. It touches no
// network; whatsapp.db is read if it is there and created only when the
// user first connects, so practice mode leaves no trace of it.
func Open(dir string, opts Options) (*Driver, error) {
	setDeviceProps.Do(func() {
		store.SetOSInfo("Herald", [3]uint32{1, 0, 0})
		// A browser platform: the phone shows the device as a computer
		// named Herald, and pairing by code presents itself as Chrome.
		store.DeviceProps.PlatformType = waCompanionReg.DeviceProps_CHROME.Enum()
	})
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &Driver{
		dir: dir, log: opts.Log, clock: opts.Clock, newClient: opts.NewClient,
		events: whatsapp.NewEventQueue(), ctx: ctx, cancel: cancel,
		inflight: map[string]chan struct{}{}, onWhatsApp: map[string]bool{},
	}
	if d.newClient == nil {
		d.newClient = func(dev *store.Device) Client { return newRealClient(dev, d.log) }
	}
	d.status = whatsapp.Status{State: whatsapp.StateDisconnected, Since: d.clock.Now()}
	if _, err := os.Stat(filepath.Join(dir, SessionFile)); err == nil {
		if err := d.loadLocked(); err != nil {
			d.events.Close()
			cancel()
			return nil, err
		}
	}
	return d, nil
}

// loadLocked opens whatsapp.db and reads the stored device, if any.
func (d *Driver) loadLocked() error {
	if d.session != nil {
		return nil
	}
	s, err := openSession(d.ctx, d.dir, slogLogger{log: d.log})
	if err != nil {
		return fmt.Errorf("open the linked phone's session: %w", err)
	}
	dev, err := s.device(d.ctx)
	if err != nil {
		_ = s.close()
		return err
	}
	d.session, d.device = s, dev
	if dev.ID != nil {
		d.paired = true
		d.status.Phone, d.status.PushName = e164(*dev.ID), dev.PushName
	}
	return nil
}

// clientLocked returns the client, making it (and the session store) the
// first time.
func (d *Driver) clientLocked() (Client, error) {
	if d.cli != nil {
		return d.cli, nil
	}
	if err := d.loadLocked(); err != nil {
		return nil, err
	}
	dev := d.device
	if d.fresh || dev == nil || dev.Deleted {
		dev = d.session.container.NewDevice()
	}
	c := d.newClient(dev)
	c.AddEventHandler(func(evt any) { d.handle(c, evt) })
	d.cli, d.device, d.fresh = c, dev, false
	return c, nil
}

// Status returns the current connection state.
func (d *Driver) Status() whatsapp.Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status
}

// Pairing returns the QR code or pairing code waiting to be used.
func (d *Driver) Pairing() whatsapp.Pairing {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pairing
}

// Paired reports whether a linked phone is stored in whatsapp.db.
func (d *Driver) Paired() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.paired
}

// Events returns the event stream; see whatsapp.Driver.
func (d *Driver) Events() <-chan whatsapp.Event { return d.events.C() }

// Connect connects the linked phone, or starts pairing by QR code when none
// is linked. It returns at once; the outcome comes as state events. Without
// a network, a linked phone keeps trying in StateConnecting and an unlinked
// one ends in StateError, each with LastError in words.
func (d *Driver) Connect(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return whatsapp.ErrClosed
	}
	if d.conn != nil {
		return nil
	}
	_, err := d.connectLocked()
	return err
}

// connectLocked starts a connection. The dial runs on its own goroutine:
// it may take as long as the network's timeouts, and whatsmeow reports
// what follows as events.
func (d *Driver) connectLocked() (*connection, error) {
	c, err := d.clientLocked()
	if err != nil {
		d.setStateLocked(whatsapp.StateError, "Herald could not open the linked phone's session: "+err.Error())
		return nil, err
	}
	ctx, cancel := context.WithCancel(d.ctx)
	conn := &connection{ctx: ctx, cancel: cancel, ready: make(chan struct{})}
	d.conn = conn
	d.pairing = whatsapp.Pairing{}
	d.setStateLocked(whatsapp.StateConnecting, "")
	d.wg.Add(1)
	go d.dial(c, conn)
	return conn, nil
}

func (d *Driver) dial(c Client, conn *connection) {
	defer d.wg.Done()
	// A new connection starts only after the last one ended; a socket
	// still open is one WhatsApp ended (a ban, another computer…) and
	// whatsmeow has yet to close.
	if c.IsConnected() {
		c.Disconnect()
	}
	// An unpaired device needs the QR channel before the socket.
	if c.OwnID().IsEmpty() {
		ch, err := c.GetQRChannel(conn.ctx)
		if err != nil {
			d.failConn(conn, err, "Herald could not start linking a phone: "+err.Error())
			return
		}
		d.wg.Add(1)
		go d.readQR(c, conn, ch)
	}
	err := c.ConnectContext(conn.ctx)
	if err == nil || errors.Is(err, wm.ErrAlreadyConnected) {
		return
	}
	d.failConn(conn, err, connectFailed(err))
}

// failConn ends conn, if it is still the current connection, in
// StateError with words.
func (d *Driver) failConn(conn *connection, err error, words string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.conn != conn {
		return
	}
	d.log.Warn("whatsapp: connecting failed", "err", err)
	d.endConnLocked(err)
	d.setStateLocked(whatsapp.StateError, words)
}

// endConnLocked forgets the current connection: its context ends, and
// whoever waits for its first code wakes with err.
func (d *Driver) endConnLocked(err error) {
	if d.conn == nil {
		return
	}
	d.conn.cancel()
	d.conn.settle(err)
	d.conn = nil
	d.pairing = whatsapp.Pairing{}
}

// Disconnect closes the connection or pairing attempt; the phone stays
// linked.
func (d *Driver) Disconnect() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return whatsapp.ErrClosed
	}
	d.endConnLocked(errStopped)
	c := d.cli
	if d.status.State != whatsapp.StateDisconnected {
		d.setStateLocked(whatsapp.StateDisconnected, "")
	}
	d.mu.Unlock()
	// Outside the lock: whatsmeow's Disconnect waits for a dial in
	// progress, whose events need the lock.
	if c != nil {
		c.Disconnect()
	}
	return nil
}

// Logout unlinks the phone: WhatsApp is told when connected, and the device
// is deleted from whatsapp.db either way, so the next Connect pairs anew.
func (d *Driver) Logout(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("log out: %w", err)
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return whatsapp.ErrClosed
	}
	if !d.paired {
		d.mu.Unlock()
		return fmt.Errorf("log out: %w", whatsapp.ErrNotPaired)
	}
	c, dev := d.cli, d.device
	online := c != nil && d.status.State == whatsapp.StateConnected
	d.endConnLocked(errStopped)
	d.mu.Unlock()

	told := false
	if online {
		if err := c.Logout(ctx); err != nil {
			d.log.Warn("whatsapp: telling WhatsApp about the logout failed; forgetting the phone here", "err", err)
		} else {
			told = true
		}
	}
	if c != nil {
		c.Disconnect()
		c.RemoveEventHandlers()
	}
	if !told && dev != nil {
		if err := dev.Delete(ctx); err != nil {
			return fmt.Errorf("log out: forget the linked phone: %w", err)
		}
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	// A Connect while WhatsApp was being told used the unlinked client.
	d.endConnLocked(errStopped)
	if d.cli == c {
		d.cli = nil
	}
	d.fresh, d.paired = true, false
	d.status.Phone, d.status.PushName = "", ""
	lastError := ""
	if !told {
		lastError = "Herald forgot the phone but could not tell WhatsApp: on the phone, remove Herald under Linked devices"
	}
	d.setStateLocked(whatsapp.StateLoggedOut, lastError)
	return nil
}

// Close disconnects, stops every goroutine of the driver, closes Events
// and whatsapp.db. The linked phone stays linked for the next Open.
func (d *Driver) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	d.endConnLocked(whatsapp.ErrClosed)
	c := d.cli
	d.mu.Unlock()
	d.cancel()
	if c != nil {
		c.Disconnect()
		c.RemoveEventHandlers()
	}
	d.wg.Wait()
	d.events.Close()
	if d.session != nil {
		if err := d.session.close(); err != nil {
			return fmt.Errorf("close %s: %w", SessionFile, err)
		}
	}
	return nil
}

// setStateLocked records a state change and publishes it.
func (d *Driver) setStateLocked(st whatsapp.State, lastError string) {
	d.setStatusLocked(st, lastError, nil)
}

func (d *Driver) setStatusLocked(st whatsapp.State, lastError string, ban *whatsapp.Ban) {
	d.status.State = st
	d.status.Since = d.clock.Now()
	d.status.LastError = lastError
	d.status.Ban = ban
	d.events.Push(whatsapp.Event{Kind: whatsapp.EventState, Status: d.status})
}

// e164 is the phone number of a WhatsApp user JID.
func e164(jid types.JID) string {
	return "+" + jid.User
}

// userJID is the WhatsApp address of an E.164 number.
func userJID(phone string) types.JID {
	return types.NewJID(phone[1:], types.DefaultUserServer)
}
