package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"herald/backend/contacts"
	"herald/backend/templates/engine"
	"herald/backend/whatsapp"
)

// Retry policy for transient send failures (rate limited, server error).
const (
	maxAttempts = 5
	retryFirst  = 5 * time.Second
	retryMax    = 5 * time.Minute
	slowDownMax = time.Minute
)

// sendAll sends a claimed batch and records every outcome in one write.
// When ctx ends part-way, the rest go back to the queue untouched.
func (r *run) sendAll(ctx context.Context, batch []claimed) error {
	people, err := r.e.recipients(batch)
	if err != nil {
		return err
	}
	outs := make([]outcome, 0, len(batch))
	var notOnWA []int64
	for i, c := range batch {
		if ctx.Err() != nil || (i > 0 && r.paced) {
			outs = append(outs, requeue(batch[i:])...)
			break
		}
		data, ok := people[c.ContactID]
		o, off := r.send(ctx, c, data, ok)
		if off {
			notOnWA = append(notOnWA, c.ContactID)
		}
		outs = append(outs, o)
		if o.State == RecipientQueued && o.Attempts == c.Attempts {
			// Not connected or stopping: the rest wait for the next round.
			outs = append(outs, requeue(batch[i+1:])...)
			break
		}
	}
	// The outcome is written even when ctx has ended: it is what happened.
	if err := r.e.recordOutcomes(outs); err != nil {
		return err
	}
	if len(notOnWA) > 0 {
		if err := r.e.contacts.MarkOnWhatsApp(notOnWA, false, r.e.clock.Now()); err != nil {
			r.e.log.Error("record numbers not on WhatsApp", "err", err)
		}
	}
	r.e.progress.touch(r.id)
	return nil
}

func requeue(rest []claimed) []outcome {
	out := make([]outcome, 0, len(rest))
	for _, c := range rest {
		out = append(out, outcome{ID: c.ID, State: RecipientQueued, Attempts: c.Attempts})
	}
	return out
}

// send renders and sends one message and says what became of it, and
// whether the number turned out not to be on WhatsApp.
func (r *run) send(ctx context.Context, c claimed, data contacts.Recipient, exists bool) (outcome, bool) {
	o := outcome{ID: c.ID, Attempts: c.Attempts}
	if !exists {
		o.State, o.Error = RecipientSkipped, "The contact was deleted."
		return o, false
	}
	if data.OptedOut {
		o.State, o.Error = RecipientSkipped, "The contact opted out."
		return o, false
	}
	now := r.e.clock.Now()
	text, err := r.tmpl.AppendRender(r.buf[:0], engine.Context{Contact: renderContact(data, c.Phone), Now: now, Location: r.loc,
		Seed: engine.Seed(r.id, c.ContactID)})
	if err != nil {
		o.State, o.Error = RecipientSkipped, capitalise(err.Error())+"."
		return o, false
	}
	r.buf = text
	_, err = r.e.driver.Send(ctx, whatsapp.Message{ID: c.MessageID, To: c.Phone, Text: string(text),
		MediaPath: r.media, MediaType: r.mediaTyp})
	now = r.e.clock.Now()
	switch {
	case err == nil:
		// Our own clock, not the receipt's: pace, caps and reports count
		// on one clock.
		o.State, o.SentAt = RecipientSent, ptr(dbTime(now))
		r.sent(now)
		r.slowDown = 0
	case whatsapp.InDoubt(err):
		// First, before the cases that queue a message again: the server
		// may have taken it, so it is never sent again by itself. A
		// receipt that comes later still moves it on (inbox.go); the user
		// may send it again from the campaign.
		o.State, o.Error = RecipientUnconfirmed, inDoubtSendNote
		r.sent(now)
	case ctx.Err() != nil || errors.Is(err, whatsapp.ErrClosed) || errors.Is(err, whatsapp.ErrNotConnected):
		// Not a failure of this message: it waits for the connection (or
		// the resume) and keeps its attempts.
		o.State = RecipientQueued
	case errors.Is(err, whatsapp.ErrNotOnWhatsApp):
		o.State, o.Error = RecipientSkipped, "Not on WhatsApp."
		return o, true
	case errors.Is(err, whatsapp.ErrInvalidNumber):
		o.State, o.Error = RecipientFailed, "Invalid phone number."
	case whatsapp.Temporary(err):
		o.Attempts++
		reason := "the server refused it for now"
		if errors.Is(err, whatsapp.ErrRateLimited) {
			reason = "rate limited by WhatsApp"
			r.slowDown = min(max(2*r.slowDown, 2*time.Second), slowDownMax)
			r.nextSend = now.Add(r.slowDown)
		}
		if o.Attempts >= maxAttempts {
			o.State, o.Error = RecipientFailed, fmt.Sprintf("Gave up after %d attempts: %s.", o.Attempts, reason)
		} else {
			o.State, o.Error = RecipientQueued, fmt.Sprintf("Attempt %d failed: %s; retrying.", o.Attempts, reason)
			o.NextAt = ptr(dbTime(now.Add(backoff(o.Attempts))))
		}
	default:
		o.State, o.Error = RecipientFailed, capitalise(err.Error())
	}
	return o, false
}

// sent advances the pace after a message went out.
func (r *run) sent(now time.Time) {
	if !r.paced {
		return
	}
	gap := r.pace.gap(r.rng)
	r.inBatch++
	if r.pace.BatchSize > 0 && r.inBatch >= r.pace.BatchSize {
		r.inBatch = 0
		gap += r.pace.batchPause(r.rng)
	}
	r.nextSend = now.Add(max(gap, r.slowDown))
}

// backoff is the wait before attempt n+1.
func backoff(n int) time.Duration {
	d := retryFirst << (n - 1)
	if d > retryMax || d <= 0 {
		d = retryMax
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// recordOutcomes writes a batch's outcomes in one statement. A receipt that came
// first (delivered before we marked sent) is kept: state only moves on.
// The send time is ours, though, on the clock pace and caps count with.
func (e *Engine) recordOutcomes(outs []outcome) error {
	if len(outs) == 0 {
		return nil
	}
	data, err := json.Marshal(outs)
	if err != nil {
		return fmt.Errorf("encode send outcomes: %w", err)
	}
	e.writing.Lock()
	defer e.writing.Unlock()
	// These messages have gone: their outcome must be written, so a busy
	// database is waited out rather than the campaign stopped.
	err = e.retryBusy("record what was sent", func() error {
		return e.db.Exec(`UPDATE campaign_recipients SET
			state = CASE WHEN j.state = 'sent' AND campaign_recipients.state <> 'sending' THEN campaign_recipients.state ELSE j.state END,
			sent_at = coalesce(j.sent_at, campaign_recipients.sent_at),
			error = j.error, attempts = j.attempts, next_attempt_at = j.next_at
		FROM (SELECT value->>'id' AS id, value->>'state' AS state, value->>'sentAt' AS sent_at, value->>'error' AS error,
				value->>'attempts' AS attempts, value->>'nextAt' AS next_at FROM json_each(?)) AS j
		WHERE campaign_recipients.id = j.id`, string(data)).Error
	})
	if err != nil {
		return fmt.Errorf("record what was sent: %w", err)
	}
	return nil
}

// renderContact is what a template renders of contact r, whose message
// goes to phone.
func renderContact(r contacts.Recipient, phone string) engine.Contact {
	return engine.Contact{Name: r.Name, Phone: phone, Email: r.Email, Company: r.Company, Custom: r.Custom}
}

// recipients reads the contacts of a batch as they are now, by id.
func (e *Engine) recipients(batch []claimed) (map[int64]contacts.Recipient, error) {
	ids := make([]int64, len(batch))
	for i, c := range batch {
		ids[i] = c.ContactID
	}
	return e.contacts.Recipients(ids)
}
