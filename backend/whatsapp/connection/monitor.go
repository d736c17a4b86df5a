package connection

import (
	"fmt"
	"time"

	"herald/backend/events"
	"herald/backend/whatsapp"
)

// MessageEvent is the payload of events.TopicWhatsAppMessage: a receipt for
// a message Herald sent, or a message a contact sent.
type MessageEvent struct {
	// Kind is "receipt" or "incoming".
	Kind      string                 `json:"kind"`
	MessageID string                 `json:"messageId"`
	Status    whatsapp.ReceiptStatus `json:"status,omitempty"`
	Reason    string                 `json:"reason,omitempty"`
	From      string                 `json:"from,omitempty"`
	Text      string                 `json:"text,omitempty"`
	InReplyTo string                 `json:"inReplyTo,omitempty"`
	At        time.Time              `json:"at"`
}

// monitor is the one reader of the driver's events, until Close closes the
// driver (which closes the stream) or cancels the service's context. The
// driver reconnects after a drop by itself, with backoff; the monitor only
// records and announces what happens.
func (s *Service) monitor() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case e, ok := <-s.driver.Events():
			if !ok {
				return
			}
			s.held.RLock()
			s.handle(e)
			if s.observe != nil {
				s.observe(e)
			}
			s.held.RUnlock()
		}
	}
}

func (s *Service) handle(e whatsapp.Event) {
	switch e.Kind {
	case whatsapp.EventState:
		s.changed(e.Status)
	case whatsapp.EventPairing:
		s.emitter.Emit(events.TopicWhatsAppPairing, e.Pairing)
	case whatsapp.EventReceipt:
		// Campaigns apply receipts through Observe.
		r := e.Receipt
		s.log.Debug("whatsapp receipt", "id", r.MessageID, "status", r.Status, "reason", r.Reason)
		s.emitter.Emit(events.TopicWhatsAppMessage, MessageEvent{Kind: "receipt", MessageID: r.MessageID,
			Status: r.Status, Reason: r.Reason, At: r.At})
	case whatsapp.EventIncoming:
		// Campaigns attach replies, and opt-out words, through Observe.
		in := e.Incoming
		s.log.Debug("whatsapp incoming message", "id", in.ID, "inReplyTo", in.InReplyTo)
		s.emitter.Emit(events.TopicWhatsAppMessage, MessageEvent{Kind: "incoming", MessageID: in.ID,
			From: in.From, Text: in.Text, InReplyTo: in.InReplyTo, At: in.At})
	}
}

// changed records a state change in the history and the activity log,
// announces it, and only then updates what Status returns, so whoever sees
// the new status also finds its records and its event.
func (s *Service) changed(st whatsapp.Status) {
	if st.Since.IsZero() {
		st.Since = s.clock.Now()
	}
	summary, detail := describe(st)
	s.log.Info("whatsapp state", "state", st.State, "lastError", st.LastError)
	if err := s.addHistory(st.State, st.Since, detail); err != nil {
		s.log.Error("record whatsapp history", "err", err)
	}
	// Record logs its own failure; the state change goes on regardless.
	_, _ = s.activity.Record("whatsapp", string(st.State), summary)
	s.emitter.Emit(events.TopicWhatsAppStatus, st)
	s.mu.Lock()
	s.status = st
	close(s.changedCh)
	s.changedCh = make(chan struct{})
	s.mu.Unlock()
}

// describe returns the activity log's sentence for a state and the detail
// kept in the history.
func describe(st whatsapp.Status) (summary, detail string) {
	withReason := func(s string) string {
		if st.LastError != "" {
			return s + ": " + st.LastError
		}
		return s
	}
	switch st.State {
	case whatsapp.StateConnected:
		detail = st.Phone
		if st.PushName != "" {
			detail = fmt.Sprintf("%s (%s)", st.Phone, st.PushName)
		}
		return "Connected as " + detail, detail
	case whatsapp.StateConnecting:
		if st.LastError != "" {
			return "Reconnecting: " + st.LastError, st.LastError
		}
		return "Connecting", ""
	case whatsapp.StateQR:
		return "Waiting for the QR code to be scanned", ""
	case whatsapp.StatePairingCode:
		return "Waiting for the pairing code to be entered on the phone", ""
	case whatsapp.StateDisconnected:
		return withReason("Disconnected"), st.LastError
	case whatsapp.StateLoggedOut:
		return "Logged out: the phone is no longer linked", ""
	case whatsapp.StateError:
		return withReason("Connection failed"), st.LastError
	}
	return withReason(string(st.State)), st.LastError
}
