// Package fakeclock is a deterministic clockwork.Clock for tests: time moves
// only in Advance, and what falls due on the way happens inside Advance in
// deadline order, so an outcome does not depend on goroutine scheduling.
//
// Only tests and test-support packages import it; production code takes a
// clockwork.Clock and gets clockwork.NewRealClock().
package fakeclock

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// Clock is a fake clockwork.Clock. AfterFunc callbacks run inside Advance,
// one at a time, with Now() set to their deadline; timers and tickers send
// on their channels there too, and Sleep and After wait for that.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	seq     uint64
	queue   deadlines     // may hold entries of stopped or re-armed waiters
	live    int           // armed waiters
	changed chan struct{} // closed and replaced whenever a waiter is armed
}

var _ clockwork.Clock = (*Clock)(nil)

// New returns a Clock reading start.
func New(start time.Time) *Clock {
	return &Clock{now: start, changed: make(chan struct{})}
}

// waiter is a timer, a ticker or an AfterFunc call.
type waiter struct {
	c      *Clock
	f      func()         // AfterFunc's callback; nil for channel waiters
	ch     chan time.Time // timers' and tickers' channel
	period time.Duration  // tickers only
	armed  bool
	seq    uint64 // of the entry that currently arms it
}

// entry is one arming of a waiter; it is stale once the waiter is stopped
// or armed again, and dropped when it reaches the top of the queue.
type entry struct {
	at  time.Time
	seq uint64
	w   *waiter
}

func (e entry) valid() bool { return e.w.armed && e.w.seq == e.seq }

// deadlines is a min-heap of entries by deadline, then arming order.
type deadlines []entry

func (d deadlines) Len() int { return len(d) }
func (d deadlines) Less(i, j int) bool {
	if d[i].at.Equal(d[j].at) {
		return d[i].seq < d[j].seq
	}
	return d[i].at.Before(d[j].at)
}
func (d deadlines) Swap(i, j int) { d[i], d[j] = d[j], d[i] }
func (d *deadlines) Push(x any)   { *d = append(*d, x.(entry)) }
func (d *deadlines) Pop() any {
	old := *d
	e := old[len(old)-1]
	*d = old[:len(old)-1]
	return e
}

// arm schedules w at now+d; c.mu is held. Stale entries are swept once they
// outnumber the live ones, so stopping many timers keeps memory bounded.
func (c *Clock) arm(w *waiter, d time.Duration) {
	if !w.armed {
		c.live++
	}
	c.seq++
	w.armed, w.seq = true, c.seq
	heap.Push(&c.queue, entry{at: c.now.Add(d), seq: c.seq, w: w})
	if len(c.queue) > 2*c.live+64 {
		kept := c.queue[:0]
		for _, e := range c.queue {
			if e.valid() {
				kept = append(kept, e)
			}
		}
		clear(c.queue[len(kept):])
		c.queue = kept
		heap.Init(&c.queue)
	}
	close(c.changed)
	c.changed = make(chan struct{})
}

// disarm stops w and reports whether it was armed; c.mu is held. A channel
// waiter's unread value is dropped, as time's timers do since Go 1.23, so
// no stale tick is received after Stop or Reset.
func (c *Clock) disarm(w *waiter) bool {
	if w.ch != nil {
		select {
		case <-w.ch:
		default:
		}
	}
	if !w.armed {
		return false
	}
	w.armed = false
	c.live--
	return true
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Since returns the fake time elapsed since t.
func (c *Clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

// Until returns the fake time left until t.
func (c *Clock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }

// AfterFunc schedules f at Now()+d. It never runs f synchronously, even for
// d <= 0 (then f runs at the next Advance), so callers may hold their locks.
func (c *Clock) AfterFunc(d time.Duration, f func()) clockwork.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := &waiter{c: c, f: f}
	c.arm(w, d)
	return timer{w}
}

// NewTimer returns a timer that sends the fake time on its channel once d
// has passed; for d <= 0 it has fired already, as time.NewTimer's does.
func (c *Clock) NewTimer(d time.Duration) clockwork.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := &waiter{c: c, ch: make(chan time.Time, 1)}
	c.start(w, d)
	return timer{w}
}

// start arms channel waiter w, or fires it at once when d <= 0; c.mu is held.
func (c *Clock) start(w *waiter, d time.Duration) {
	if d <= 0 {
		w.ch <- c.now
		return
	}
	c.arm(w, d)
}

// After waits for d to pass, then sends the fake time on the channel.
func (c *Clock) After(d time.Duration) <-chan time.Time { return c.NewTimer(d).Chan() }

// Sleep blocks until Advance has moved the fake time d forward.
func (c *Clock) Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	<-c.After(d)
}

// NewTicker returns a ticker that sends the fake time every d; like
// time.NewTicker, it drops ticks that its reader is too slow for, and
// panics on a non-positive d.
func (c *Clock) NewTicker(d time.Duration) clockwork.Ticker {
	if d <= 0 {
		panic("fakeclock: non-positive interval for NewTicker")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	w := &waiter{c: c, ch: make(chan time.Time, 1), period: d}
	c.arm(w, d)
	return ticker{w}
}

// timer is a clockwork.Timer on a Clock.
type timer struct{ w *waiter }

func (t timer) Chan() <-chan time.Time { return t.w.ch }

// Stop cancels the timer; it reports false if it already fired or was
// stopped.
func (t timer) Stop() bool {
	c := t.w.c
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.disarm(t.w)
}

// Reset re-arms the timer for d from now and reports whether it was still
// pending.
func (t timer) Reset(d time.Duration) bool {
	c := t.w.c
	c.mu.Lock()
	defer c.mu.Unlock()
	was := c.disarm(t.w)
	if t.w.f != nil {
		c.arm(t.w, d)
	} else {
		c.start(t.w, d)
	}
	return was
}

// ticker is a clockwork.Ticker on a Clock.
type ticker struct{ w *waiter }

func (t ticker) Chan() <-chan time.Time { return t.w.ch }

// Stop ends the ticks.
func (t ticker) Stop() {
	c := t.w.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.disarm(t.w)
}

// Reset restarts the ticks with period d from now.
func (t ticker) Reset(d time.Duration) {
	if d <= 0 {
		panic("fakeclock: non-positive interval for Ticker.Reset")
	}
	c := t.w.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.disarm(t.w)
	t.w.period = d
	c.arm(t.w, d)
}

// Advance moves time forward by d. Whatever falls due on the way fires in
// deadline order (then arming order) with Now() set to its deadline:
// AfterFunc callbacks run in the caller's goroutine, without the clock's
// lock, and may arm new waiters, which fire too if due within d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		for len(c.queue) > 0 && !c.queue[0].valid() {
			heap.Pop(&c.queue)
		}
		if len(c.queue) == 0 || c.queue[0].at.After(target) {
			if target.After(c.now) {
				c.now = target
			}
			c.mu.Unlock()
			return
		}
		e := heap.Pop(&c.queue).(entry)
		if e.at.After(c.now) {
			c.now = e.at
		}
		w := e.w
		if w.f != nil {
			w.armed = false
			c.live--
			c.mu.Unlock()
			w.f()
			continue
		}
		if w.period > 0 {
			c.seq++
			w.seq = c.seq
			heap.Push(&c.queue, entry{at: e.at.Add(w.period), seq: c.seq, w: w})
		} else {
			w.armed = false
			c.live--
		}
		select {
		case w.ch <- c.now:
		default:
		}
		c.mu.Unlock()
	}
}

// Pending returns the number of armed timers, tickers and AfterFunc calls,
// Sleep and After included.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// WaitPending blocks until at least n waiters are armed, so a test can wait
// for a goroutine to arm its timer, or to start sleeping, before it calls
// Advance.
func (c *Clock) WaitPending(ctx context.Context, n int) error {
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

// WaitDeadline blocks until a waiter due at exactly at is armed, so a test
// can wait for a goroutine to start sleeping until a time it knows, such as
// a day's start, among other timers it does not count.
func (c *Clock) WaitDeadline(ctx context.Context, at time.Time) error {
	for {
		c.mu.Lock()
		armed := slices.ContainsFunc(c.queue, func(e entry) bool { return e.valid() && e.at.Equal(at) })
		changed := c.changed
		c.mu.Unlock()
		if armed {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("wait for a timer due at %s: %w", at, ctx.Err())
		}
	}
}
