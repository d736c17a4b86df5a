package inbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/whatsapp"
)

// Notes an answer shows when its fate is unknown.
const (
	inDoubtNote     = "WhatsApp did not answer in time: this answer may or may not have arrived."
	unconfirmedNote = "Herald stopped while sending this answer: it may or may not have arrived."
)

// Send answers the conversation with contactID (see
// Conversation.ContactID) with text, through the active driver, and
// returns the answer with its state. Herald answers only numbers that
// wrote to it, opted out or not: answering is not a campaign.
func (s *Service) Send(contactID int64, text string) (Message, error) {
	return s.e.send(s.e.ctx, contactID, text)
}

func (e *Engine) send(ctx context.Context, contactID int64, text string) (Message, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Message{}, apperr.Invalid("Write the answer first.")
	}
	if n := len([]rune(text)); n > maxText {
		return Message{}, apperr.Invalid("The answer is %d characters long; WhatsApp takes up to %d.", n, maxText)
	}
	phone, conv, err := e.find(contactID)
	if err != nil {
		return Message{}, err
	}
	if conv == 0 {
		return Message{}, apperr.Conflict("Herald answers only people who wrote to you, and %s has not.", phone)
	}
	return e.deliver(ctx, outgoing{phone: phone, conv: conv, text: text})
}

// outgoing is a message the inbox sends: an answer in conversation conv,
// or a test to the user's own number, whose conversation deliver opens
// when there is none (conv 0).
type outgoing struct {
	phone string
	conv  int64
	text  string
	test  bool
}

// deliver sends o through the active driver, exactly once: committed as
// "sending" with Herald's ID first, then sent, then recorded as it went.
func (e *Engine) deliver(ctx context.Context, o outgoing) (Message, error) {
	if e.driver.Status().State != whatsapp.StateConnected {
		return Message{}, apperr.Conflict("WhatsApp is not connected: connect it to send.")
	}
	key, err := newMessageID()
	if err != nil {
		return Message{}, err
	}
	m := messageRow{ConversationID: o.conv, Direction: "out", Text: o.text, At: e.now(), MessageID: key, State: StateSending, Test: o.test}
	// Committed before the driver sees it: a stop between the two leaves an
	// answer "sending", which settle decides, never sends blindly.
	err = e.write("record an answer", func(tx *gorm.DB) error {
		if m.ConversationID == 0 {
			if err := tx.Raw(`INSERT INTO inbox_conversations (phone, last_at, last_text, last_from_them, unread) VALUES (?, ?, ?, 0, 0)
				ON CONFLICT (phone) DO UPDATE SET phone = excluded.phone RETURNING id`, o.phone, m.At, m.Text).Scan(&m.ConversationID).Error; err != nil {
				return err
			}
		}
		if err := insertMessage(tx, &m); err != nil {
			return err
		}
		return tx.Exec(`UPDATE inbox_conversations SET last_at = ?, last_text = ?, last_from_them = 0, unread = 0 WHERE id = ?`,
			m.At, m.Text, m.ConversationID).Error
	})
	if err != nil {
		return Message{}, fmt.Errorf("record the message to %s: %w", o.phone, err)
	}
	_, sendErr := e.driver.Send(ctx, whatsapp.Message{ID: key, To: o.phone, Text: o.text})
	m.State, m.Error = outcome(sendErr)
	if err := e.finish(&m); err != nil {
		return Message{}, err
	}
	e.announce(m)
	e.announceUnread()
	return m.message(), nil
}

// outcome is the state and note of an answer after the driver's Send.
// Nothing is sent again by itself: the user sees why and may answer again.
func outcome(err error) (state, note string) {
	switch {
	case err == nil:
		return StateSent, ""
	case whatsapp.InDoubt(err):
		return StateUnconfirmed, inDoubtNote
	case errors.Is(err, whatsapp.ErrNotConnected), errors.Is(err, whatsapp.ErrClosed), errors.Is(err, context.Canceled):
		return StateFailed, "Not sent: WhatsApp was not connected. Send it again once it is."
	case errors.Is(err, whatsapp.ErrNotOnWhatsApp):
		return StateFailed, "Not on WhatsApp."
	case errors.Is(err, whatsapp.ErrInvalidNumber):
		return StateFailed, "Invalid phone number."
	case errors.Is(err, whatsapp.ErrRateLimited):
		return StateFailed, "Not sent: WhatsApp is limiting how fast Herald sends. Send it again in a minute."
	case whatsapp.Temporary(err):
		return StateFailed, "Not sent: WhatsApp refused it for now. Send it again in a moment."
	default:
		return StateFailed, capitalise(err.Error()) + "."
	}
}

// finish records what became of answer m. A receipt that came first (read
// before Send returned) is kept: the state only moves on.
func (e *Engine) finish(m *messageRow) error {
	var rows []messageRow
	err := e.write("record what became of an answer", func(tx *gorm.DB) error {
		return tx.Raw(`UPDATE inbox_messages SET state = CASE WHEN state IN ('sending', 'unconfirmed') THEN ? ELSE state END,
				error = CASE WHEN state IN ('sending', 'unconfirmed') THEN ? ELSE error END
			WHERE id = ? RETURNING `+messageColumns, m.State, m.Error, m.ID).Scan(&rows).Error
	})
	if err != nil {
		return fmt.Errorf("record what became of answer %d: %w", m.ID, err)
	}
	if len(rows) == 1 {
		*m = rows[0]
	}
	return nil
}

// settle decides the answers a stop left "sending", as the campaigns'
// dispatcher decides its own: with a driver that can tell, one it took is
// sent and one it never took goes now, with the same ID; with one that
// cannot, each is unconfirmed, and a receipt that comes later still moves
// it on.
func (e *Engine) settle(ctx context.Context) error {
	var rows []messageRow
	if err := e.db.Raw("SELECT "+messageColumns+" FROM inbox_messages WHERE state = ? ORDER BY id", StateSending).Scan(&rows).Error; err != nil {
		return fmt.Errorf("read answers interrupted by a stop: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	e.log.Info("inbox: settling answers interrupted by a stop", "count", len(rows))
	canTell := whatsapp.CanReconcile(ctx, e.driver)
	for i := range rows {
		m := &rows[i]
		switch {
		case !canTell:
			m.State, m.Error = StateUnconfirmed, unconfirmedNote
		default:
			_, taken, err := e.driver.(whatsapp.Reconciler).Taken(ctx, m.MessageID)
			if err != nil {
				return fmt.Errorf("ask WhatsApp about answer %s: %w", m.MessageID, err)
			}
			if taken {
				m.State, m.Error = StateSent, ""
				break
			}
			phone, err := e.phoneOf(m.ConversationID)
			if err != nil {
				return err
			}
			_, sendErr := e.driver.Send(ctx, whatsapp.Message{ID: m.MessageID, To: phone, Text: m.Text})
			if ctx.Err() != nil {
				return nil // still "sending": the next start decides it
			}
			m.State, m.Error = outcome(sendErr)
		}
		if err := e.finish(m); err != nil {
			return err
		}
		e.announce(*m)
	}
	return nil
}

func (e *Engine) phoneOf(conv int64) (string, error) {
	var phone string
	if err := e.db.Raw("SELECT phone FROM inbox_conversations WHERE id = ?", conv).Scan(&phone).Error; err != nil {
		return "", fmt.Errorf("read conversation %d: %w", conv, err)
	}
	return phone, nil
}

// newMessageID is a new answer's ID, the driver's idempotency key.
func newMessageID() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a message ID: %w", err)
	}
	return "herald-answer-" + hex.EncodeToString(b), nil
}
