package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

func TestFakeClock_RunsDueCallbacksInDeadlineOrderOnlyWhenAdvanced(t *testing.T) {
	c := NewFakeClock(t0)
	var got []string
	c.AfterFunc(3*time.Second, func() { got = append(got, "3s") })
	c.AfterFunc(time.Second, func() {
		got = append(got, "1s")
		// A callback may schedule another; it runs if due within the advance.
		c.AfterFunc(time.Second, func() { got = append(got, fmt.Sprint("2s@", c.Now().Sub(t0))) })
	})
	stopped := c.AfterFunc(2*time.Second, func() { got = append(got, "stopped") })
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop should report true once, then false")
	}
	if len(got) != 0 || c.Pending() != 2 {
		t.Fatalf("before Advance: ran %v, pending %d", got, c.Pending())
	}
	c.Advance(2500 * time.Millisecond)
	if want := []string{"1s", "2s@2s"}; !slices.Equal(got, want) {
		t.Fatalf("ran %v, want %v", got, want)
	}
	if !c.Now().Equal(t0.Add(2500 * time.Millisecond)) {
		t.Fatalf("Now = %v, want start + 2.5 s", c.Now())
	}
	c.Advance(time.Second)
	if got[len(got)-1] != "3s" {
		t.Fatalf("ran %v, want 3s last", got)
	}
}

func TestFakeClock_WaitPendingReturnsOnceATimerIsArmed(t *testing.T) {
	c := NewFakeClock(t0)
	go c.AfterFunc(time.Second, func() {})
	if err := c.WaitPending(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.WaitPending(ctx, 2); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitPending on a cancelled ctx = %v", err)
	}
}

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
