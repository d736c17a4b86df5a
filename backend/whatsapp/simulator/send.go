package simulator

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"herald/backend/whatsapp"
)

// Delays of the recipient's phone, drawn per message at send time so that the
// whole life of a message is fixed by the seed and the order of sends.
const (
	deliverMin, deliverMax = time.Second, 5 * time.Second
	readMin, readMax       = 5 * time.Second, 2 * time.Minute
	replyMin, replyMax     = 10 * time.Second, 3 * time.Minute
	readShare              = 0.8 // some recipients never open the chat
)

func replies() []string {
	return []string{"Thanks!", "👍", "Got it, see you there.", "Who is this?", "Please stop sending me messages.", "Great, thank you"}
}

// Send takes msg to the simulated server. The order of checks is the real
// service's: a known ID returns its original receipt; then connection, rate
// limit, recipient, latency and random server failure. A message is
// journaled, exactly once per ID, before Send returns its sent receipt.
func (s *Simulator) Send(ctx context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	if msg.ID == "" {
		return whatsapp.Receipt{}, errors.New("send: the message has no ID")
	}
	if !whatsapp.ValidE164(msg.To) {
		return s.failed(msg.ID, "invalid phone number"), fmt.Errorf("send %s: %q: %w", msg.ID, msg.To, whatsapp.ErrInvalidNumber)
	}
	if msg.Text == "" && msg.MediaPath == "" {
		return whatsapp.Receipt{}, fmt.Errorf("send %s: the message is empty", msg.ID)
	}
	// Wait out a concurrent send of the same ID, then answer from the journal.
	// The journal is checked under s.mu because a sender removes its ID from
	// inflight only after journaling it.
	for {
		s.mu.Lock()
		if at, ok := s.journal.taken(msg.ID, s.cfg.CannotTell); ok {
			s.mu.Unlock()
			return whatsapp.Receipt{MessageID: msg.ID, Status: whatsapp.ReceiptSent, At: at}, nil
		}
		busy, ok := s.inflight[msg.ID]
		if !ok {
			break
		}
		s.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, ctx.Err())
		}
	}
	r, wait, err := s.admitLocked(msg)
	if err != nil {
		s.mu.Unlock()
		return r, err
	}
	done, dropped, forget := make(chan struct{}), s.dropped, s.cfg.CannotTell
	s.inflight[msg.ID] = done
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.inflight, msg.ID)
		s.mu.Unlock()
		close(done)
	}()
	return s.finish(ctx, msg, wait, dropped, forget, r)
}

// admitLocked makes the server's up-front decisions; it returns the channel
// closed when the latency has passed (nil for none) and, in r, a failed
// receipt if the random failure was drawn.
func (s *Simulator) admitLocked(msg whatsapp.Message) (whatsapp.Receipt, chan struct{}, error) {
	if s.closed {
		return whatsapp.Receipt{}, nil, whatsapp.ErrClosed
	}
	if s.status.State != whatsapp.StateConnected {
		return whatsapp.Receipt{}, nil, fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrNotConnected)
	}
	if !s.bucket.take(s.clock.Now()) {
		return whatsapp.Receipt{}, nil, fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrRateLimited)
	}
	if s.notOnWhatsApp(msg.To) {
		return s.failed(msg.ID, "not on WhatsApp"), nil, fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrNotOnWhatsApp)
	}
	lat := s.betweenLocked(time.Duration(s.cfg.LatencyMinMs)*time.Millisecond, time.Duration(s.cfg.LatencyMaxMs)*time.Millisecond)
	var r whatsapp.Receipt
	if s.chanceLocked(s.cfg.FailRate) {
		r = s.failed(msg.ID, "server error (simulated)")
	}
	if lat <= 0 {
		return r, nil, nil
	}
	wait := make(chan struct{})
	s.afterLocked(&s.msgs, lat, func() { close(wait) })
	return r, wait, nil
}

// finish waits out the latency, then journals and schedules the receipts.
// A drop during the wait loses the message, as on a real socket. forget
// (Config.CannotTell) journals an ID again unless taken since the journal
// was opened.
func (s *Simulator) finish(ctx context.Context, msg whatsapp.Message, wait, dropped chan struct{}, forget bool, r whatsapp.Receipt) (whatsapp.Receipt, error) {
	if wait != nil {
		select {
		case <-wait:
		case <-dropped:
		case <-ctx.Done():
			return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, ctx.Err())
		}
	}
	select {
	case <-dropped:
		return whatsapp.Receipt{}, fmt.Errorf("send %s: connection lost while sending: %w", msg.ID, whatsapp.ErrNotConnected)
	default:
	}
	if r.Status == whatsapp.ReceiptFailed {
		return r, fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrServer)
	}
	now := s.clock.Now()
	if _, err := s.journal.add(JournalEntry{ID: msg.ID, To: msg.To, Text: msg.Text, At: now}, forget); err != nil {
		return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, err)
	}
	sent := whatsapp.Receipt{MessageID: msg.ID, Status: whatsapp.ReceiptSent, At: now}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.events.Push(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: sent})
		s.scheduleReceiptsLocked(msg)
	}
	return sent, nil
}

func (s *Simulator) failed(id, reason string) whatsapp.Receipt {
	return whatsapp.Receipt{MessageID: id, Status: whatsapp.ReceiptFailed, Reason: reason, At: s.clock.Now()}
}

// scheduleReceiptsLocked plans delivered, maybe read, maybe a reply.
func (s *Simulator) scheduleReceiptsLocked(msg whatsapp.Message) {
	deliver := s.betweenLocked(deliverMin, deliverMax)
	s.afterLocked(&s.msgs, deliver, func() { s.receiptLocked(msg.ID, whatsapp.ReceiptDelivered) })
	if !s.chanceLocked(readShare) {
		return
	}
	read := deliver + s.betweenLocked(readMin, readMax)
	s.afterLocked(&s.msgs, read, func() { s.receiptLocked(msg.ID, whatsapp.ReceiptRead) })
	if !s.chanceLocked(s.cfg.ReplyRate) {
		return
	}
	text := pick(s.rng, replies())
	s.afterLocked(&s.msgs, read+s.betweenLocked(replyMin, replyMax), func() {
		in := whatsapp.Incoming{ID: "sim-reply-" + msg.ID, From: msg.To, Text: text, At: s.clock.Now(), InReplyTo: msg.ID}
		s.deliverLocked(whatsapp.Event{Kind: whatsapp.EventIncoming, Incoming: in})
	})
}

func (s *Simulator) receiptLocked(id string, st whatsapp.ReceiptStatus) {
	s.deliverLocked(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: whatsapp.Receipt{MessageID: id, Status: st, At: s.clock.Now()}})
}

// deliverLocked publishes e now if connected, else holds it until the next
// connection, as the server queues receipts for an offline device.
func (s *Simulator) deliverLocked(e whatsapp.Event) {
	if s.status.State == whatsapp.StateConnected {
		s.publishLocked(e)
		return
	}
	s.held = append(s.held, e)
}

// publishLocked hands e over to Herald, and records a delivered receipt as
// handed over, so that a restart does not owe it (see DeliveredFile).
func (s *Simulator) publishLocked(e whatsapp.Event) {
	s.events.Push(e)
	if e.Kind == whatsapp.EventReceipt && e.Receipt.Status == whatsapp.ReceiptDelivered {
		s.handover.mark(e.Receipt.MessageID)
	}
}

// IsOnWhatsApp answers from the same deterministic rule Send uses.
func (s *Simulator) IsOnWhatsApp(ctx context.Context, phones []string) ([]whatsapp.NumberCheck, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, whatsapp.ErrClosed
	}
	if s.status.State != whatsapp.StateConnected {
		return nil, fmt.Errorf("check numbers: %w", whatsapp.ErrNotConnected)
	}
	out := make([]whatsapp.NumberCheck, len(phones))
	for i, p := range phones {
		out[i] = whatsapp.NumberCheck{Phone: p, OnWhatsApp: whatsapp.ValidE164(p) && !s.notOnWhatsApp(p)}
	}
	return out, nil
}

// notOnWhatsApp hashes the number with the seed, so a number's answer does
// not depend on the order or number of earlier draws.
func (s *Simulator) notOnWhatsApp(phone string) bool {
	h := fnv.New64a()
	var seed [8]byte
	binary.LittleEndian.PutUint64(seed[:], uint64(s.cfg.Seed))
	h.Write(seed[:])
	h.Write([]byte(phone))
	return float64(mix64(h.Sum64())>>11)/(1<<53) < s.cfg.NotOnWhatsAppRate
}

// mix64 is splitmix64's finalizer: FNV barely stirs the high bits when only
// the last digits differ, as between neighbouring phone numbers.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// tokenBucket is the server's rate limit: bursts up to one second's worth,
// refilled continuously. perSec 0 means no limit.
type tokenBucket struct {
	perSec float64
	tokens float64
	last   time.Time
}

func newTokenBucket(perSec float64, now time.Time) tokenBucket {
	return tokenBucket{perSec: perSec, tokens: max(perSec, 1), last: now}
}

func (b *tokenBucket) take(now time.Time) bool {
	if b.perSec <= 0 {
		return true
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(max(b.perSec, 1), b.tokens+el*b.perSec)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Taken answers from the journal whether the server took message id, and
// when, as the dispatcher asks after a crash; with Config.CannotTell it
// answers whatsapp.ErrCannotTell, as the linked phone does.
func (s *Simulator) Taken(ctx context.Context, id string) (time.Time, bool, error) {
	if err := checkCtx(ctx); err != nil {
		return time.Time{}, false, err
	}
	s.mu.Lock()
	cannot := s.cfg.CannotTell
	s.mu.Unlock()
	if cannot {
		return time.Time{}, false, fmt.Errorf("message %s: %w", id, whatsapp.ErrCannotTell)
	}
	at, ok := s.journal.taken(id, false)
	return at, ok, nil
}
