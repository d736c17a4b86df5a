package whatsmeow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mau.fi/whatsmeow/types"

	"herald/backend/whatsapp"
)

// Number checks go in batches with a pause between them: WhatsApp limits
// how many numbers an account may look up, and a burst of lookups is what
// a spammer harvesting numbers looks like.
const (
	checkBatch = 50
	checkPause = 3 * time.Second
)

// IsOnWhatsApp asks WhatsApp which of phones (E.164) have an account, in
// batches of checkBatch with checkPause between them, and answers for every
// number in order. A number that is not valid E.164 is answered "no"
// without asking.
func (d *Driver) IsOnWhatsApp(ctx context.Context, phones []string) ([]whatsapp.NumberCheck, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("check numbers: %w", err)
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil, whatsapp.ErrClosed
	}
	c := d.cli
	connected := c != nil && d.status.State == whatsapp.StateConnected
	d.mu.Unlock()
	if !connected {
		return nil, fmt.Errorf("check numbers: %w", whatsapp.ErrNotConnected)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(d.ctx, cancel)()

	var ask []string
	for _, p := range phones {
		if whatsapp.ValidE164(p) {
			ask = append(ask, p)
		}
	}
	found := make(map[string]bool, len(ask))
	for start := 0; start < len(ask); start += checkBatch {
		if start > 0 {
			if err := d.pause(ctx, checkPause); err != nil {
				return nil, fmt.Errorf("check numbers: %w", err)
			}
		}
		batch := ask[start:min(start+checkBatch, len(ask))]
		answers, err := c.IsOnWhatsApp(ctx, batch)
		if err != nil {
			return nil, fmt.Errorf("check numbers: %w", queryFailed(err))
		}
		for _, a := range answers {
			if a.IsIn {
				found[answerFor(a)] = true
			}
		}
	}
	out := make([]whatsapp.NumberCheck, len(phones))
	for i, p := range phones {
		out[i] = whatsapp.NumberCheck{Phone: p, OnWhatsApp: found[p]}
	}
	d.mu.Lock()
	for _, p := range ask {
		d.onWhatsApp[p] = found[p]
	}
	d.mu.Unlock()
	return out, nil
}

// answerFor is the E.164 number an answer of whatsmeow's IsOnWhatsApp is
// for: the query as it was asked, else the number WhatsApp gave.
func answerFor(a types.IsOnWhatsAppResponse) string {
	if strings.HasPrefix(a.Query, "+") {
		return a.Query
	}
	if a.PhoneNumber.User != "" {
		return e164(a.PhoneNumber)
	}
	if a.JID.Server == types.DefaultUserServer {
		return e164(a.JID)
	}
	return "+" + strings.TrimPrefix(a.Query, "+")
}

// pause waits d on the driver's clock.
func (d *Driver) pause(ctx context.Context, wait time.Duration) error {
	done := make(chan struct{})
	t := d.clock.AfterFunc(wait, func() { close(done) })
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}
