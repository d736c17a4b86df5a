package whatsapp

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// FakeClock is a Clock for tests: time moves only when Advance is called, and
// due callbacks run inside Advance, in deadline order, so the outcome does not
// depend on goroutine scheduling.
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	seq     uint64
	timers  []*fakeTimer // may hold stopped timers, dropped lazily by Advance
	live    int
	changed chan struct{} // closed and replaced whenever a timer is added
}

type fakeTimer struct {
	c    *FakeClock
	at   time.Time
	seq  uint64
	f    func()
	done bool // ran or stopped
}

// NewFakeClock returns a FakeClock reading start.
func NewFakeClock(start time.Time) *FakeClock {
	return &FakeClock{now: start, changed: make(chan struct{})}
}

// Now returns the fake time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f at Now()+d. It never runs f synchronously, even for
// d <= 0 (then f runs at the next Advance), so callers may hold their locks.
func (c *FakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &fakeTimer{c: c, at: c.now.Add(d), seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	c.live++
	close(c.changed)
	c.changed = make(chan struct{})
	return t
}

// Stop cancels the timer if it is still pending. It only marks it, so that
// stopping many timers stays linear.
func (t *fakeTimer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	c.live--
	return true
}

// Advance moves time forward by d, running every callback that falls due on
// the way with Now() set to its deadline. Callbacks may schedule new timers;
// those due within d run too.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		c.timers = slices.DeleteFunc(c.timers, func(t *fakeTimer) bool { return t.done })
		sort.Slice(c.timers, func(i, j int) bool {
			a, b := c.timers[i], c.timers[j]
			if a.at.Equal(b.at) {
				return a.seq < b.seq
			}
			return a.at.Before(b.at)
		})
		if len(c.timers) == 0 || c.timers[0].at.After(target) {
			c.now = target
			c.mu.Unlock()
			return
		}
		t := c.timers[0]
		c.timers = c.timers[1:]
		t.done = true
		c.live--
		if t.at.After(c.now) {
			c.now = t.at
		}
		c.mu.Unlock()
		t.f()
	}
}

// Pending returns the number of scheduled callbacks.
func (c *FakeClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// WaitPending blocks until at least n callbacks are scheduled, so a test can
// wait for a goroutine to arm its timer before calling Advance.
func (c *FakeClock) WaitPending(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		count, changed := c.live, c.changed
		c.mu.Unlock()
		if count >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("wait for %d pending timers (have %d): %w", n, count, ctx.Err())
		}
	}
}
