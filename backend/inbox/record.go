package inbox

import (
	"errors"
	"fmt"
	"time"
	"unicode"

	"gorm.io/gorm"

	"herald/backend/store"
	"herald/backend/whatsapp"
)

// Message states of the inbox's own messages: an incoming one is received;
// an answer moves on as a campaign message does.
const (
	StateReceived    = "received"
	StateSending     = "sending"
	StateSent        = "sent"
	StateDelivered   = "delivered"
	StateRead        = "read"
	StateFailed      = "failed"
	StateUnconfirmed = "unconfirmed"
)

// maxText is the longest text kept of a message, in characters.
const maxText = 4096

// messageRow is an inbox message as stored.
type messageRow struct {
	ID             int64
	ConversationID int64
	Direction      string
	Text           string
	At             time.Time
	MessageID      string
	State          string
	Error          string
	CampaignID     *int64
	// Test marks a test of a message sent to the user's own number.
	Test bool
	// Keyword is the reply keyword an incoming message says, "" for none.
	Keyword string
}

// messageColumns make a messageRow.
const messageColumns = "id, conversation_id, direction, text, at, message_id, state, error, campaign_id, test"

// Event is what TopicMessage carries: the conversation as the list shows it
// now, and the message that changed it.
type Event struct {
	Conversation Conversation `json:"conversation"`
	Message      Message      `json:"message"`
}

// receive records an incoming message once (by the driver's ID), in its
// number's conversation, filed under the campaign it answers.
func (e *Engine) receive(in whatsapp.Incoming) error {
	campaignID, err := e.campaigns.ReplyTo(in)
	if err != nil {
		return err
	}
	at := in.At.UTC()
	if in.At.IsZero() {
		at = e.now()
	}
	id := in.ID
	if id == "" {
		id = fmt.Sprintf("from-%s-%d", in.From, at.UnixNano())
	}
	text := clip(in.Text)
	kw, said := e.keywordFor(in.Text)
	var m messageRow
	err = e.write("record a message", func(tx *gorm.DB) error {
		var seen int64
		if err := tx.Raw("SELECT count(*) FROM inbox_messages WHERE message_id = ?", id).Scan(&seen).Error; err != nil {
			return err
		}
		if seen > 0 {
			return errSeen
		}
		var conv int64
		if err := tx.Raw(`INSERT INTO inbox_conversations (phone, last_at, last_text, last_from_them, unread) VALUES (?, ?, ?, 1, 1)
			ON CONFLICT (phone) DO UPDATE SET unread = unread + 1,
				last_text = CASE WHEN excluded.last_at >= last_at THEN excluded.last_text ELSE last_text END,
				last_from_them = CASE WHEN excluded.last_at >= last_at THEN 1 ELSE last_from_them END,
				last_at = max(last_at, excluded.last_at)
			RETURNING id`, in.From, at, text).Scan(&conv).Error; err != nil {
			return err
		}
		var campaign *int64
		if campaignID != 0 {
			campaign = &campaignID
		}
		m = messageRow{ConversationID: conv, Direction: "in", Text: text, At: at, MessageID: id, State: StateReceived, CampaignID: campaign,
			Keyword: kw.Word}
		return insertMessage(tx, &m)
	})
	if errors.Is(err, errSeen) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("record a message from %s: %w", in.From, err)
	}
	e.announce(m)
	e.announceUnread()
	if said {
		return e.tag(m, in.From, kw)
	}
	return nil
}

// insertMessage adds m to its conversation and to the search index.
func insertMessage(tx *gorm.DB, m *messageRow) error {
	if m.ConversationID > convMask {
		return fmt.Errorf("conversation %d is past the %d the search index can name", m.ConversationID, convMask)
	}
	if err := tx.Raw(`INSERT INTO inbox_messages (conversation_id, direction, text, at, message_id, state, error, campaign_id, test, keyword)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.ConversationID, m.Direction, m.Text, m.At, m.MessageID, m.State, m.Error,
		m.CampaignID, m.Test, m.Keyword).Scan(&m.ID).Error; err != nil {
		return err
	}
	return tx.Exec("INSERT INTO inbox_fts (rowid, text) VALUES (?, ?)", m.ID<<convBits|m.ConversationID, m.Text).Error
}

// A search document's rowid is its message's id shifted left by convBits
// plus its conversation's id: rowids run in the order messages came, and
// name their conversation without reading the message.
const (
	convBits = 24
	convMask = 1<<convBits - 1
)

// write runs f in a transaction, again while SQLite answers busy: what
// arrived or went must be recorded.
func (e *Engine) write(what string, f func(tx *gorm.DB) error) error {
	return store.RetryBusy(e.log, "inbox: "+what, func() error { return e.db.Transaction(f) })
}

// errSeen ends the transaction of a message recorded already.
var errSeen = errors.New("message recorded already")

// receiptRank orders an answer's states: a receipt only moves it on. ok is
// false for a state no receipt moves (failed).
func receiptRank(state string) (rank int, ok bool) {
	switch state {
	case StateSending, StateUnconfirmed:
		return 0, true
	case StateSent:
		return 1, true
	case StateDelivered:
		return 2, true
	case StateRead:
		return 3, true
	}
	return 0, false
}

// moved returns the state an answer in state cur takes on receipt r, and
// whether it changes.
func moved(cur string, r whatsapp.Receipt) (state, note string, ok bool) {
	rank, open := receiptRank(cur)
	if !open {
		return cur, "", false // failed stays failed
	}
	switch r.Status {
	case whatsapp.ReceiptFailed:
		if delivered, _ := receiptRank(StateDelivered); rank >= delivered {
			return cur, "", false
		}
		reason := r.Reason
		if reason == "" {
			reason = "WhatsApp could not deliver it"
		}
		return StateFailed, capitalise(reason) + ".", true
	case whatsapp.ReceiptSent:
		state = StateSent
	case whatsapp.ReceiptDelivered:
		state = StateDelivered
	case whatsapp.ReceiptRead:
		state = StateRead
	default:
		return cur, "", false
	}
	if next, _ := receiptRank(state); next <= rank {
		return cur, "", false
	}
	return state, "", true
}

// applyReceipts moves answers on by their receipts. Most receipts are of
// campaign messages: one read finds the few that are answers, and only
// those are written.
func (e *Engine) applyReceipts(rs []whatsapp.Receipt) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.MessageID
	}
	var rows []messageRow
	if err := e.db.Raw("SELECT "+messageColumns+" FROM inbox_messages WHERE direction = 'out' AND message_id IN (SELECT value FROM json_each(?))",
		jsonText(ids)).Scan(&rows).Error; err != nil {
		return fmt.Errorf("find the answers of %d receipts: %w", len(rs), err)
	}
	if len(rows) == 0 {
		return nil
	}
	byID := map[string]*messageRow{}
	for i := range rows {
		byID[rows[i].MessageID] = &rows[i]
	}
	changed := map[int64]*messageRow{}
	for _, r := range rs {
		m, ok := byID[r.MessageID]
		if !ok {
			continue
		}
		if state, note, ok := moved(m.State, r); ok {
			m.State, m.Error = state, note
			changed[m.ID] = m
		}
	}
	for _, m := range changed {
		if err := e.write("record a receipt", func(tx *gorm.DB) error {
			return tx.Exec("UPDATE inbox_messages SET state = ?, error = ? WHERE id = ?", m.State, m.Error, m.ID).Error
		}); err != nil {
			return fmt.Errorf("record a receipt of answer %d: %w", m.ID, err)
		}
		e.announce(*m)
	}
	return nil
}

// announce tells the UI about message m and its conversation.
func (e *Engine) announce(m messageRow) {
	conv, err := e.conversationByID(m.ConversationID)
	if err != nil {
		e.log.Error("inbox: read a conversation to announce", "err", err)
		return
	}
	e.emitter.Emit(TopicMessage, Event{Conversation: conv, Message: m.message()})
}

// announceUnread tells the UI how many conversations are unread.
func (e *Engine) announceUnread() {
	n, err := e.unread()
	if err != nil {
		e.log.Error("inbox: count unread conversations", "err", err)
		return
	}
	e.emitter.Emit(TopicUnread, n)
}

// clip keeps the first maxText characters of s.
func clip(s string) string {
	if r := []rune(s); len(r) > maxText {
		return string(r[:maxText]) + "…"
	}
	return s
}

func capitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
