package whatsmeow

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"herald/backend/whatsapp"
)

// onReceipt turns a contact's delivered, read or played receipt for a
// message Herald sent into receipt events, each status once per message.
// Receipts from the account's own devices and for messages Herald did not
// send are ignored.
func (d *Driver) onReceipt(c Client, e *events.Receipt) {
	var levels []int
	switch e.Type {
	case types.ReceiptTypeDelivered:
		levels = []int{levelDelivered}
	case types.ReceiptTypeRead, types.ReceiptTypePlayed:
		// Read implies delivered, which may come later or not at all.
		levels = []int{levelDelivered, levelRead}
	default:
		return // read-self, sender, retry, server-error…
	}
	if e.IsFromMe || e.IsGroup {
		return
	}
	s := d.liveSession()
	if s == nil {
		return
	}
	at := e.Timestamp
	if at.IsZero() {
		at = d.clock.Now()
	}
	for _, waID := range e.MessageIDs {
		for _, level := range levels {
			heraldID, changed, err := s.advance(d.ctx, waID, level, at)
			if err != nil {
				d.log.Warn("whatsapp: recording a receipt failed", "err", err)
				continue
			}
			if changed {
				st := whatsapp.ReceiptDelivered
				if level == levelRead {
					st = whatsapp.ReceiptRead
				}
				d.events.Push(whatsapp.Event{Kind: whatsapp.EventReceipt,
					Receipt: whatsapp.Receipt{MessageID: heraldID, Status: st, At: at}})
			}
		}
	}
}

// onMessage turns a contact's message into an incoming event: the number it
// came from (a @lid sender mapped to its phone number), its text, and the
// Herald message it quotes, if any. Messages in groups, broadcasts and
// channels, the account's own, and ones with nothing to show (edits,
// deletions, protocol messages) are ignored.
func (d *Driver) onMessage(c Client, e *events.Message) {
	info := e.Info
	switch {
	case info.IsFromMe, info.IsGroup, e.IsEdit,
		info.Chat.Server == types.BroadcastServer, info.Chat.Server == types.NewsletterServer:
		return
	}
	text, quoted, ok := content(e.Message)
	if !ok {
		return
	}
	s := d.liveSession()
	if s == nil {
		return
	}
	in := whatsapp.Incoming{ID: info.ID, From: d.phoneOf(c, info.MessageSource), Text: text, At: info.Timestamp}
	if in.At.IsZero() {
		in.At = d.clock.Now()
	}
	if quoted != "" {
		r, found, err := s.byWAID(d.ctx, quoted)
		if err != nil {
			d.log.Warn("whatsapp: looking up a quoted message failed", "err", err)
		} else if found {
			in.InReplyTo = r.HeraldID
		}
	}
	if in.From == "" {
		d.log.Warn("whatsapp: a message came from an address with no known phone number", "server", info.Sender.Server)
	}
	d.events.Push(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: in})
}

// liveSession returns whatsapp.db, or nil once the driver is closed.
func (d *Driver) liveSession() *session {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	return d.session
}

// phoneOf returns the E.164 number a message came from. WhatsApp may
// address a contact by a @lid (an ID that hides the number); then the
// event's alternate address or the store's LID map gives the number.
func (d *Driver) phoneOf(c Client, src types.MessageSource) string {
	for _, jid := range []types.JID{src.Sender, src.SenderAlt, src.Chat} {
		if jid.Server == types.DefaultUserServer && jid.User != "" {
			return e164(jid)
		}
	}
	for _, jid := range []types.JID{src.Sender, src.Chat} {
		if jid.Server != types.HiddenUserServer {
			continue
		}
		pn, err := c.PNForLID(d.ctx, jid.ToNonAD())
		if err != nil {
			d.log.Warn("whatsapp: looking up a @lid address failed", "err", err)
			continue
		}
		if pn.User != "" {
			return e164(pn)
		}
	}
	return ""
}

// content is what Herald shows of a message: its text or caption, or the
// kind of attachment in brackets; and the ID of the message it quotes or
// reacts to. ok is false for messages with nothing to show.
func content(m *waE2E.Message) (text, quoted string, ok bool) {
	orLabel := func(s, label string) string {
		if s != "" {
			return s
		}
		return label
	}
	switch {
	case m.GetConversation() != "":
		return m.GetConversation(), "", true
	case m.GetExtendedTextMessage() != nil:
		x := m.GetExtendedTextMessage()
		return x.GetText(), x.GetContextInfo().GetStanzaID(), x.GetText() != ""
	case m.GetImageMessage() != nil:
		x := m.GetImageMessage()
		return orLabel(x.GetCaption(), "[photo]"), x.GetContextInfo().GetStanzaID(), true
	case m.GetVideoMessage() != nil:
		x := m.GetVideoMessage()
		return orLabel(x.GetCaption(), "[video]"), x.GetContextInfo().GetStanzaID(), true
	case m.GetAudioMessage() != nil:
		x := m.GetAudioMessage()
		label := "[audio]"
		if x.GetPTT() {
			label = "[voice message]"
		}
		return label, x.GetContextInfo().GetStanzaID(), true
	case m.GetDocumentMessage() != nil:
		x := m.GetDocumentMessage()
		return orLabel(x.GetCaption(), "[document: "+x.GetFileName()+"]"), x.GetContextInfo().GetStanzaID(), true
	case m.GetStickerMessage() != nil:
		return "[sticker]", m.GetStickerMessage().GetContextInfo().GetStanzaID(), true
	case m.GetLocationMessage() != nil:
		return "[location]", m.GetLocationMessage().GetContextInfo().GetStanzaID(), true
	case m.GetContactMessage() != nil:
		return "[contact card]", m.GetContactMessage().GetContextInfo().GetStanzaID(), true
	case m.GetReactionMessage() != nil:
		// An empty reaction takes an earlier one back.
		x := m.GetReactionMessage()
		return x.GetText(), x.GetKey().GetID(), x.GetText() != ""
	}
	return "", "", false
}
