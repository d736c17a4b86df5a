package fakeclient

// What happens on the user's phone and at WhatsApp once the link is made,
// as a test scripts it: receipts, replies, a logout from the phone, a ban,
// a replaced or refused session, a dropped network.

import (
	"context"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// Deliver delivers the message with WhatsApp ID id: its recipient's phone
// sends a delivered receipt (type "").
func (s *Server) Deliver(id string) { s.Receipt(types.ReceiptTypeDelivered, id) }

// Read makes the recipient of message id open it (a "read" receipt).
func (s *Server) Read(id string) { s.Receipt(types.ReceiptTypeRead, id) }

// Receipt sends a receipt of type typ for the messages ids, from the
// recipient of the first (or an unknown contact).
func (s *Server) Receipt(typ types.ReceiptType, ids ...string) {
	s.mu.Lock()
	from := types.NewJID("15550009999", types.DefaultUserServer)
	for _, m := range s.sent {
		if len(ids) > 0 && m.ID == ids[0] {
			from = m.To
		}
	}
	c, now := s.cur, s.opts.Clock.Now()
	s.mu.Unlock()
	c.dispatch(&events.Receipt{
		MessageSource: types.MessageSource{Chat: from, Sender: from},
		MessageIDs:    ids, Timestamp: now, Type: typ,
	})
}

// Reply makes the contact phone (E.164) send text; quoting, when not
// empty, is the WhatsApp ID of the message it answers.
func (s *Server) Reply(phone, text, quoting string) {
	jid := pnJID(phone)
	s.message(types.MessageSource{Chat: jid, Sender: jid, AddressingMode: types.AddressingModePN}, text, quoting)
}

// ReplyFromLID is Reply from a contact WhatsApp addresses by its hidden
// @lid address: with the phone number as the alternate address when phone
// is not empty, else with nothing but the LID (MapLID gives the number).
func (s *Server) ReplyFromLID(lid, phone, text, quoting string) {
	src := types.MessageSource{Chat: types.NewJID(lid, types.HiddenUserServer),
		Sender: types.NewJID(lid, types.HiddenUserServer), AddressingMode: types.AddressingModeLID}
	if phone != "" {
		src.SenderAlt = pnJID(phone)
	}
	s.message(src, text, quoting)
}

func (s *Server) message(src types.MessageSource, text, quoting string) {
	m := &waE2E.Message{Conversation: &text}
	if quoting != "" {
		m = &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: &text,
			ContextInfo: &waE2E.ContextInfo{StanzaID: &quoting}}}
	}
	s.Message(&events.Message{Info: types.MessageInfo{MessageSource: src}, Message: m})
}

// Message delivers evt to the client as a message received; an empty ID
// and time are filled in.
func (s *Server) Message(evt *events.Message) {
	s.mu.Lock()
	s.seq++
	if evt.Info.ID == "" {
		evt.Info.ID = fmt.Sprintf("3A%018X", s.seq)
	}
	if evt.Info.Timestamp.IsZero() {
		evt.Info.Timestamp = s.opts.Clock.Now()
	}
	c := s.cur
	s.mu.Unlock()
	c.dispatch(evt)
}

// Emit hands any whatsmeow event to the client's handlers as it is.
func (s *Server) Emit(evt any) {
	s.Client().dispatch(evt)
}

// LogOutFromPhone is the user removing Herald under Linked devices: the
// device is deleted from the store, the socket closes and the client says
// LoggedOut.
func (s *Server) LogOutFromPhone() error {
	s.mu.Lock()
	c := s.cur
	if c == nil {
		s.mu.Unlock()
		return fmt.Errorf("fakeclient: no client")
	}
	c.connected, c.loggedIn = false, false
	s.mu.Unlock()
	if err := c.dev.Delete(context.Background()); err != nil {
		return fmt.Errorf("fakeclient: delete the device: %w", err)
	}
	c.dispatch(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
	return nil
}

// Ban bans the account for expire (0: WhatsApp does not say) for reason
// code, as a connect failure 402 does.
func (s *Server) Ban(code events.TempBanReason, expire time.Duration) {
	s.end(&events.TemporaryBan{Code: code, Expire: expire})
}

// Replace is Herald connecting from another computer with the same
// session: this one is pushed off.
func (s *Server) Replace() { s.end(&events.StreamReplaced{}) }

// Outdated refuses the client as too old.
func (s *Server) Outdated() { s.end(&events.ClientOutdated{}) }

// RefuseConnection ends the connection with a connect failure whatsmeow
// does not know.
func (s *Server) RefuseConnection(reason events.ConnectFailureReason, message string) {
	s.end(&events.ConnectFailure{Reason: reason, Message: message})
}

// end closes the connection for good with evt; whatsmeow does not retry.
func (s *Server) end(evt any) {
	s.mu.Lock()
	c := s.cur
	if c != nil {
		c.connected, c.loggedIn = false, false
	}
	s.mu.Unlock()
	c.dispatch(evt)
}

// Drop loses the connection; whatsmeow says Disconnected and reconnects by
// itself, which Restore completes.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.cur
	if c != nil {
		c.loggedIn = false
	}
	s.mu.Unlock()
	c.dispatch(&events.Disconnected{})
}

// Restore completes whatsmeow's reconnection after Drop.
func (s *Server) Restore() {
	s.mu.Lock()
	c := s.cur
	if c != nil {
		c.connected, c.loggedIn = true, true
	}
	s.mu.Unlock()
	c.dispatch(&events.Connected{})
}
