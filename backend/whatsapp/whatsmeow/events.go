package whatsmeow

import (
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"herald/backend/whatsapp"
)

// Plain words for the states whatsmeow reports.
const (
	clientOutdated  = "This Herald is too old for WhatsApp: update it"
	streamReplaced  = "Herald was opened on another computer"
	unlinkedByPhone = "This computer was unlinked from your phone"
)

// handle is whatsmeow's event handler for client c. It runs on whatsmeow's
// goroutines; it never calls the client while holding the driver's lock.
func (d *Driver) handle(c Client, evt any) {
	switch e := evt.(type) {
	case *events.Receipt:
		d.onReceipt(c, e)
		return
	case *events.Message:
		d.onMessage(c, e)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.cli != c {
		return // a client replaced after a logout
	}
	switch e := evt.(type) {
	case *events.PairSuccess:
		d.paired = true
		d.status.Phone = e164(e.ID)
	case *events.Connected:
		if d.conn == nil {
			return // disconnected meanwhile
		}
		d.conn.connected = true
		d.conn.settle(nil)
		d.paired = true
		if id := c.OwnID(); !id.IsEmpty() {
			d.status.Phone = e164(id)
		}
		d.status.PushName = c.PushName()
		d.pairing = whatsapp.Pairing{}
		d.setStateLocked(whatsapp.StateConnected, "")
	case *events.Disconnected:
		// whatsmeow reconnects a linked phone by itself; an unlinked one's
		// QR channel reports the end of pairing.
		if d.conn == nil || !d.paired {
			return
		}
		words := "The connection to WhatsApp was lost: Herald is reconnecting"
		if !d.conn.connected {
			words = "Herald cannot reach WhatsApp: check the internet connection; Herald keeps trying"
		}
		d.setStateLocked(whatsapp.StateConnecting, words)
	case *events.KeepAliveTimeout:
		if d.status.State == whatsapp.StateConnected && e.ErrorCount == 1 {
			d.log.Info("whatsapp: the connection stopped answering", "since", e.LastSuccess)
		}
	case *events.LoggedOut:
		// whatsmeow deletes the device from the store; the next Connect
		// pairs a new one.
		d.endConnLocked(errStopped)
		d.cli, d.fresh, d.paired = nil, true, false
		d.status.Phone, d.status.PushName = "", ""
		d.setStateLocked(whatsapp.StateLoggedOut, loggedOutWords(e.Reason))
	case *events.StreamReplaced:
		d.endConnLocked(errStopped)
		d.setStateLocked(whatsapp.StateDisconnected, streamReplaced)
	case *events.TemporaryBan:
		d.endConnLocked(errStopped)
		ban := banOf(e, d.clock.Now())
		d.setStatusLocked(whatsapp.StateError, banWords(ban), ban)
	case *events.ConnectFailure:
		d.endConnLocked(errStopped)
		d.log.Warn("whatsapp: connection refused", "reason", int(e.Reason), "message", e.Message)
		d.setStateLocked(whatsapp.StateError, fmt.Sprintf("WhatsApp refused the connection (code %d): try again later", int(e.Reason)))
	case *events.ClientOutdated:
		d.endConnLocked(errStopped)
		d.setStateLocked(whatsapp.StateError, clientOutdated)
	case *events.CATRefreshError, *events.StreamError:
		d.log.Warn("whatsapp: stream error", "event", fmt.Sprintf("%T", e))
	}
}

// loggedOutWords says why the phone was unlinked.
func loggedOutWords(r events.ConnectFailureReason) string {
	switch r {
	case events.ConnectFailureMainDeviceGone:
		return unlinkedByPhone + ": WhatsApp says the phone's account was locked or moved to another phone"
	case events.ConnectFailureUnknownLogout:
		return unlinkedByPhone + ": WhatsApp did not say why"
	}
	return unlinkedByPhone
}

// banOf is a temporary ban as Herald keeps it.
func banOf(e *events.TemporaryBan, now time.Time) *whatsapp.Ban {
	ban := &whatsapp.Ban{Code: int(e.Code), Reason: banReason(e.Code)}
	if e.Expire > 0 {
		ban.Until = now.Add(e.Expire)
	}
	return ban
}

// banReason says in plain words why WhatsApp banned the number.
func banReason(code events.TempBanReason) string {
	switch code {
	case events.TempBanSentToTooManyPeople:
		return "it sent too many messages to people who do not have it in their contacts"
	case events.TempBanBlockedByUsers:
		return "too many people blocked it"
	case events.TempBanCreatedTooManyGroups:
		return "it created too many groups with people who do not have it in their contacts"
	case events.TempBanSentTooManySameMessage:
		return "it sent the same message to too many people"
	case events.TempBanBroadcastList:
		return "it sent too many messages to a broadcast list"
	}
	return fmt.Sprintf("WhatsApp thinks it broke WhatsApp's terms (code %d)", int(code))
}

func banWords(b *whatsapp.Ban) string {
	s := "WhatsApp has banned this number for a while because " + b.Reason
	if b.Until.IsZero() {
		return s + "; WhatsApp did not say until when"
	}
	return s + "; the ban ends " + b.Until.Format("Mon 2 Jan 2006 at 15:04 MST")
}
