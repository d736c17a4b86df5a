package whatsapp

import (
	"errors"
	"fmt"
	"testing"
)

func TestEventQueue_PushNeverBlocksAndKeepsOrder(t *testing.T) {
	q := NewEventQueue()
	for i := range 1000 {
		q.Push(Event{Kind: EventReceipt, Receipt: Receipt{MessageID: fmt.Sprint(i)}})
	}
	for i := range 1000 {
		e := <-q.C()
		if e.Receipt.MessageID != fmt.Sprint(i) {
			t.Fatalf("event %d is %s", i, e.Receipt.MessageID)
		}
	}
	q.Push(Event{})
	q.Close()
	for range q.C() {
	}
	q.Push(Event{}) // after Close: dropped, no panic
}

func TestTemporary_SeparatesRetryableFromPermanent(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("send m1: %w", ErrNotConnected), true},
		{fmt.Errorf("send m1: %w", ErrRateLimited), true},
		{fmt.Errorf("send m1: %w", ErrServer), true},
		{fmt.Errorf("send m1: %w", ErrNotOnWhatsApp), false},
		{fmt.Errorf("send m1: %w", ErrInvalidNumber), false},
		{errors.New("other"), false},
	} {
		if got := Temporary(c.err); got != c.want {
			t.Errorf("Temporary(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestValidE164(t *testing.T) {
	for s, want := range map[string]bool{
		"+4915112345678": true, "+12025550123": true, "4915112345678": false,
		"+0151123456": false, "+49 151 1234": false, "+1234567": false, "+1234567890123456": false,
	} {
		if got := ValidE164(s); got != want {
			t.Errorf("ValidE164(%q) = %v, want %v", s, got, want)
		}
	}
}
