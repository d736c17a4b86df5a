package connection

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"herald/backend/apperr"
	"herald/backend/whatsapp"
)

// CheckResult counts the answers of a number check.
type CheckResult struct {
	Checked       int `json:"checked"`
	OnWhatsApp    int `json:"onWhatsApp"`
	NotOnWhatsApp int `json:"notOnWhatsApp"`
}

// checkChunk is how many numbers go to the server in one question, as the
// real services take them in batches.
const checkChunk = 500

// CheckNumbers asks WhatsApp which of the contacts' numbers have an account
// and records the answer, with the date, on each contact, so campaigns can
// skip the others. Ids of contacts that no longer exist are ignored.
func (s *Service) CheckNumbers(contactIDs []int64) (CheckResult, error) {
	var res CheckResult
	if len(contactIDs) == 0 {
		return res, nil
	}
	ctx, done := s.callContext()
	defer done()
	for start := 0; start < len(contactIDs); start += checkChunk {
		if ctx.Err() != nil {
			s.recordCheck(res)
			return res, apperr.Conflict("The check stopped before it finished, after %d numbers.", res.Checked)
		}
		ids := contactIDs[start:min(start+checkChunk, len(contactIDs))]
		if err := s.checkChunk(ctx, ids, &res); err != nil {
			s.recordCheck(res)
			return res, err
		}
	}
	s.recordCheck(res)
	return res, nil
}

func (s *Service) checkChunk(ctx context.Context, ids []int64, res *CheckResult) error {
	phones, err := s.contacts.Phones(ids)
	if err != nil {
		return err
	}
	if len(phones) == 0 {
		return nil
	}
	byPhone := make(map[string]int64, len(phones))
	list := make([]string, 0, len(phones))
	for id, p := range phones {
		byPhone[p] = id
		list = append(list, p)
	}
	answers, err := s.driver.IsOnWhatsApp(ctx, list)
	if err != nil {
		return plain(err)
	}
	var on, off []int64
	for _, a := range answers {
		id, ok := byPhone[a.Phone]
		if !ok {
			continue
		}
		if a.OnWhatsApp {
			on = append(on, id)
		} else {
			off = append(off, id)
		}
	}
	now := s.clock.Now()
	if err := s.contacts.MarkOnWhatsApp(on, true, now); err != nil {
		return err
	}
	if err := s.contacts.MarkOnWhatsApp(off, false, now); err != nil {
		return err
	}
	res.Checked += len(on) + len(off)
	res.OnWhatsApp += len(on)
	res.NotOnWhatsApp += len(off)
	return nil
}

func (s *Service) recordCheck(res CheckResult) {
	if res.Checked == 0 {
		return
	}
	noun := "numbers"
	if res.Checked == 1 {
		noun = "number"
	}
	_, _ = s.activity.RecordDetail("whatsapp", "checked",
		fmt.Sprintf("Checked %d %s: %d on WhatsApp, %d not", res.Checked, noun, res.OnWhatsApp, res.NotOnWhatsApp),
		fmt.Sprintf(`{"checked":%d,"onWhatsApp":%d,"notOnWhatsApp":%d}`, res.Checked, res.OnWhatsApp, res.NotOnWhatsApp))
}

// SendResult is the answer to a test message.
type SendResult struct {
	MessageID string                 `json:"messageId"`
	Status    whatsapp.ReceiptStatus `json:"status"`
}

// maxTestText is WhatsApp's limit on a text message.
const maxTestText = 4096

// sendTimeout bounds how long a test message may wait for the server.
const sendTimeout = time.Minute

// SendTest sends one message to number, to try the connection.
func (s *Service) SendTest(number, text string) (SendResult, error) {
	to, err := s.normalize(number)
	if err != nil {
		return SendResult{}, err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return SendResult{}, apperr.Invalid("Write the message to send.")
	}
	if utf8.RuneCountInString(text) > maxTestText {
		return SendResult{}, apperr.Invalid("The message is too long: WhatsApp takes up to %d characters.", maxTestText)
	}
	id, err := newMessageID("test-")
	if err != nil {
		return SendResult{}, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, sendTimeout)
	defer cancel()
	r, err := s.driver.Send(ctx, whatsapp.Message{ID: id, To: to, Text: text})
	if err != nil {
		return SendResult{}, plain(err)
	}
	_, _ = s.activity.RecordDetail("whatsapp", "test sent", "Sent a test message to "+to,
		fmt.Sprintf(`{"messageId":%q}`, id))
	return SendResult{MessageID: r.MessageID, Status: r.Status}, nil
}

// newMessageID returns prefix and 16 random hex digits.
func newMessageID(prefix string) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a message id: %w", err)
	}
	return prefix + hex.EncodeToString(b), nil
}
