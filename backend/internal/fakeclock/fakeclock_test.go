package fakeclock

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

// received reports what ch holds without waiting.
func received(ch <-chan time.Time) (time.Time, bool) {
	select {
	case at := <-ch:
		return at, true
	default:
		return time.Time{}, false
	}
}

func TestAfterFunc_RunsDueCallbacksInDeadlineOrderOnlyWhenAdvanced(t *testing.T) {
	c := New(t0)
	var got []string
	c.AfterFunc(3*time.Second, func() { got = append(got, "3s") })
	c.AfterFunc(time.Second, func() {
		got = append(got, "1s")
		// A callback may schedule another; it runs if due within the advance.
		c.AfterFunc(time.Second, func() { got = append(got, fmt.Sprint("2s@", c.Since(t0))) })
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

func TestAfterFunc_DueNowWaitsForTheNextAdvanceAndTiesKeepArmingOrder(t *testing.T) {
	c := New(t0)
	var got []int
	for i := range 3 {
		c.AfterFunc(0, func() { got = append(got, i) })
	}
	if len(got) != 0 {
		t.Fatalf("ran %v synchronously", got)
	}
	c.Advance(0)
	if !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("ran %v, want arming order", got)
	}
}

func TestAfterFunc_ResetMovesTheDeadline(t *testing.T) {
	c := New(t0)
	ran := 0
	tm := c.AfterFunc(time.Second, func() { ran++ })
	if !tm.Reset(3 * time.Second) {
		t.Fatal("Reset of a pending call reported it was not pending")
	}
	c.Advance(2 * time.Second)
	if ran != 0 {
		t.Fatal("ran at its old deadline")
	}
	c.Advance(time.Second)
	if ran != 1 || c.Pending() != 0 {
		t.Fatalf("ran %d times, %d pending", ran, c.Pending())
	}
	if tm.Reset(time.Second) {
		t.Fatal("Reset after it ran reported it was pending")
	}
	c.Advance(time.Second)
	if ran != 2 {
		t.Fatalf("ran %d times after a Reset, want 2", ran)
	}
}

func TestTimer_FiresDuringAdvanceAtItsDeadline(t *testing.T) {
	c := New(t0)
	tm := c.NewTimer(2 * time.Second)
	c.Advance(time.Second)
	if _, ok := received(tm.Chan()); ok {
		t.Fatal("fired early")
	}
	c.Advance(5 * time.Second)
	at, ok := received(tm.Chan())
	if !ok || !at.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("fired %v at %v, want at its deadline", ok, at)
	}
	if tm.Stop() {
		t.Fatal("Stop after firing reported it was pending")
	}
}

func TestTimer_StopAndResetDropAnUnreadValue(t *testing.T) {
	c := New(t0)
	tm := c.NewTimer(time.Second)
	c.Advance(time.Second)
	if tm.Stop() {
		t.Fatal("Stop after firing reported it was pending")
	}
	if _, ok := received(tm.Chan()); ok {
		t.Fatal("a stale value was received after Stop")
	}
	tm.Reset(time.Second)
	c.Advance(time.Second)
	if tm.Reset(time.Minute) {
		t.Fatal("Reset after firing reported it was pending")
	}
	if _, ok := received(tm.Chan()); ok {
		t.Fatal("a stale value was received after Reset")
	}
	if !tm.Stop() {
		t.Fatal("Stop of a reset timer reported it was not pending")
	}
}

func TestTimer_NonPositiveDurationHasFiredAlready(t *testing.T) {
	c := New(t0)
	if at, ok := received(c.NewTimer(0).Chan()); !ok || !at.Equal(t0) {
		t.Fatalf("NewTimer(0) fired %v at %v", ok, at)
	}
	if _, ok := received(c.After(-time.Second)); !ok {
		t.Fatal("After(-1s) has not fired")
	}
	c.Sleep(0)
	if c.Pending() != 0 {
		t.Fatalf("%d pending", c.Pending())
	}
}

func TestTicker_TicksAtEachPeriodAndDropsWhatItsReaderMisses(t *testing.T) {
	c := New(t0)
	tk := c.NewTicker(time.Second)
	c.Advance(time.Second)
	if at, ok := received(tk.Chan()); !ok || !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("first tick %v at %v", ok, at)
	}
	c.Advance(3 * time.Second) // ticks at 2 s, 3 s and 4 s; one is kept
	if at, ok := received(tk.Chan()); !ok || !at.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("kept tick %v at %v, want the 2 s one", ok, at)
	}
	if _, ok := received(tk.Chan()); ok {
		t.Fatal("more than one tick buffered")
	}
	tk.Reset(10 * time.Second)
	c.Advance(9 * time.Second)
	if _, ok := received(tk.Chan()); ok {
		t.Fatal("ticked before the new period")
	}
	c.Advance(time.Second)
	if _, ok := received(tk.Chan()); !ok {
		t.Fatal("no tick after the new period")
	}
	tk.Stop()
	c.Advance(time.Hour)
	if _, ok := received(tk.Chan()); ok || c.Pending() != 0 {
		t.Fatalf("ticked after Stop, %d pending", c.Pending())
	}
}

func TestTicker_NonPositivePeriodPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("NewTicker(0) did not panic")
		}
	}()
	New(t0).NewTicker(0)
}

func TestSleepAndAfter_WaitUntilAdvancePassesTheirDeadline(t *testing.T) {
	c := New(t0)
	woke := make(chan time.Time)
	go func() {
		c.Sleep(time.Minute)
		woke <- c.Now()
	}()
	after := c.After(2 * time.Minute)
	if err := c.WaitPending(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute - time.Nanosecond)
	select {
	case <-woke:
		t.Fatal("Sleep returned early")
	default:
	}
	c.Advance(time.Nanosecond)
	if at := <-woke; at.Before(t0.Add(time.Minute)) {
		t.Fatalf("woke at %v", at)
	}
	c.Advance(time.Minute)
	if at := <-after; !at.Equal(t0.Add(2 * time.Minute)) {
		t.Fatalf("After sent %v", at)
	}
}

func TestWaitPending_ReturnsOnceATimerIsArmed(t *testing.T) {
	c := New(t0)
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

func TestWaitDeadline_ReturnsOnceAWaiterDueThenIsArmed(t *testing.T) {
	c := New(t0)
	c.AfterFunc(time.Minute, func() {})
	midnight := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
	go func() { c.Sleep(midnight.Sub(c.Now())) }()
	if err := c.WaitDeadline(context.Background(), midnight); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.WaitDeadline(ctx, midnight.Add(time.Second)); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitDeadline for no such timer = %v", err)
	}
	c.Advance(midnight.Sub(t0))
	if err := c.WaitDeadline(ctx, midnight); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitDeadline for a timer that fired = %v", err)
	}
}

func TestUntilAndSince(t *testing.T) {
	c := New(t0)
	c.Advance(time.Hour)
	if c.Since(t0) != time.Hour || c.Until(t0.Add(2*time.Hour)) != time.Hour {
		t.Fatalf("Since %v, Until %v", c.Since(t0), c.Until(t0.Add(2*time.Hour)))
	}
}

func TestStoppingManyTimersKeepsTheQueueSmall(t *testing.T) {
	c := New(t0)
	for range 10000 {
		c.NewTimer(time.Hour).Stop()
	}
	c.mu.Lock()
	n := len(c.queue)
	c.mu.Unlock()
	if n > 100 {
		t.Fatalf("%d entries queued for no live timer", n)
	}
}

// Goroutines arm, stop, reset and sleep on the clock while others advance
// it: run with -race, this checks the locking, and that every due waiter
// fires exactly once and time never goes back.
func TestConcurrentUse(t *testing.T) {
	c := New(t0)
	const workers, rounds = 8, 200
	var mu sync.Mutex
	fired := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range rounds {
				c.AfterFunc(time.Duration(i%5)*time.Millisecond, func() {
					mu.Lock()
					fired++
					mu.Unlock()
				})
				c.NewTimer(time.Millisecond).Reset(time.Duration(i) * time.Millisecond)
				c.AfterFunc(time.Hour, func() { t.Error("a stopped call ran") }).Stop()
				_ = c.Now()
			}
		})
	}
	sleepers := make(chan struct{})
	for range workers {
		go func() {
			c.Sleep(time.Second)
			sleepers <- struct{}{}
		}()
	}
	stop := make(chan struct{})
	var advancers sync.WaitGroup
	for range 2 {
		advancers.Go(func() {
			last := c.Now()
			for {
				select {
				case <-stop:
					return
				default:
				}
				c.Advance(time.Millisecond)
				now := c.Now()
				if now.Before(last) {
					t.Errorf("time went back from %v to %v", last, now)
				}
				last = now
			}
		})
	}
	wg.Wait()
	for range workers {
		<-sleepers
	}
	close(stop)
	advancers.Wait()
	c.Advance(time.Hour - time.Nanosecond)
	mu.Lock()
	defer mu.Unlock()
	if fired != workers*rounds {
		t.Fatalf("%d callbacks ran, want %d", fired, workers*rounds)
	}
}

// The fake belongs to tests: production code takes a clockwork.Clock and
// gets the real one, so no non-test file under backend imports this package.
func TestOnlyTestCodeImportsThePackage(t *testing.T) {
	const self = "herald/backend/internal/fakeclock"
	backend, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	err = filepath.WalkDir(backend, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return fmt.Errorf("parse %s: %w", path, err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self {
				t.Errorf("%s imports %s outside test code", path, self)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
