package whatsmeow

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	wm "go.mau.fi/whatsmeow"

	"herald/backend/whatsapp"
)

// pairDisplayName is how a pairing code presents Herald in the phone's
// notification. WhatsApp accepts only "Browser (OS)" with the names of
// common browsers and systems, and refuses anything else.
func pairDisplayName() string {
	switch runtime.GOOS {
	case "windows":
		return "Chrome (Windows)"
	case "darwin":
		return "Chrome (Mac OS)"
	}
	return "Chrome (Linux)"
}

// PairPhone links the phone with number phone (E.164) by a code typed on it
// instead of a QR scan, and returns the code, XXXX-XXXX. whatsmeow asks for
// it over a connection that already shows QR codes, so it connects first if
// needed and waits for the first code.
func (d *Driver) PairPhone(ctx context.Context, phone string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("pair with code: %w", err)
	}
	if !whatsapp.ValidE164(phone) {
		return "", fmt.Errorf("pair with code: %q: %w", phone, whatsapp.ErrInvalidNumber)
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return "", whatsapp.ErrClosed
	}
	if d.paired {
		d.mu.Unlock()
		return "", errors.New("pair with code: a phone is already linked; log out first")
	}
	conn := d.conn
	if conn == nil {
		var err error
		if conn, err = d.connectLocked(); err != nil {
			d.mu.Unlock()
			return "", err
		}
	}
	c := d.cli
	d.mu.Unlock()

	select {
	case <-conn.ready:
	case <-ctx.Done():
		return "", fmt.Errorf("pair with code: %w", ctx.Err())
	}
	if conn.err != nil {
		return "", fmt.Errorf("pair with code: %w", conn.err)
	}
	code, err := c.PairPhone(ctx, phone, true, wm.PairClientChrome, pairDisplayName())
	if err != nil {
		d.log.Warn("whatsapp: asking for a pairing code failed", "err", err)
		return "", fmt.Errorf("pair with code: %w", pairCodeRefused(err))
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return "", whatsapp.ErrClosed
	}
	if d.conn != conn {
		return "", errors.New("pair with code: the connection ended meanwhile; try again")
	}
	conn.codeMode = true
	d.pairing = whatsapp.Pairing{Code: code}
	d.setStateLocked(whatsapp.StatePairingCode, "")
	d.events.Push(whatsapp.Event{Kind: whatsapp.EventPairing, Pairing: d.pairing})
	return code, nil
}

// readQR follows the QR channel of one connection until it closes or the
// connection ends.
func (d *Driver) readQR(c Client, conn *connection, ch <-chan wm.QRChannelItem) {
	defer d.wg.Done()
	for {
		select {
		case <-conn.ctx.Done():
			return
		case item, ok := <-ch:
			if !ok {
				return
			}
			if d.onQR(conn, item) {
				c.Disconnect()
			}
		}
	}
}

// onQR applies one item of the QR channel; it reports whether the pairing
// failed and the socket should close.
func (d *Driver) onQR(conn *connection, item wm.QRChannelItem) (failed bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.conn != conn {
		return false
	}
	fail := func(st whatsapp.State, words string) bool {
		d.endConnLocked(errors.New(words))
		d.setStateLocked(st, words)
		return true
	}
	switch item.Event {
	case wm.QRChannelEventCode:
		conn.settle(nil)
		if conn.codeMode {
			return false
		}
		d.pairing = whatsapp.Pairing{QR: item.Code, QRExpires: d.clock.Now().Add(item.Timeout)}
		if d.status.State != whatsapp.StateQR || d.status.LastError != "" {
			d.setStateLocked(whatsapp.StateQR, "")
		}
		d.events.Push(whatsapp.Event{Kind: whatsapp.EventPairing, Pairing: d.pairing})
	case wm.QRChannelSuccess.Event:
		// Linked: whatsmeow reconnects and logs in, then says Connected.
		d.pairing = whatsapp.Pairing{}
		if st := d.status.State; st == whatsapp.StateQR || st == whatsapp.StatePairingCode {
			d.setStateLocked(whatsapp.StateConnecting, "")
		}
	case wm.QRChannelTimeout.Event:
		// The channel ends so when the server closes the socket, which it
		// does once the codes run out, and when there was no connection.
		switch {
		case !conn.settled:
			return fail(whatsapp.StateError, "Herald cannot reach WhatsApp: check the internet connection, then connect again")
		case conn.codeMode:
			return fail(whatsapp.StateDisconnected, "The pairing code was not entered in time")
		default:
			return fail(whatsapp.StateDisconnected, "The QR code was not scanned in time")
		}
	case wm.QRChannelEventError:
		d.log.Warn("whatsapp: linking the phone failed", "err", item.Error)
		return fail(whatsapp.StateError, "Linking the phone did not complete: try again")
	case wm.QRChannelClientOutdated.Event:
		return fail(whatsapp.StateError, clientOutdated)
	case wm.QRChannelScannedWithoutMultidevice.Event:
		// The same code can still be scanned.
		d.setStateLocked(whatsapp.StateQR, "The phone that scanned the code cannot link devices: update WhatsApp on it, then scan again")
	case wm.QRChannelEventPasskeyRequest, wm.QRChannelEventPasskeyResponse:
		return fail(whatsapp.StateError, "The phone asked to confirm the link with a passkey, which Herald cannot do: link with the QR code instead")
	default:
		// err-unexpected-state: the events it stands for (Connected,
		// LoggedOut, a ban…) reach handle as well.
		d.log.Info("whatsapp: QR channel item", "event", item.Event)
	}
	return false
}
