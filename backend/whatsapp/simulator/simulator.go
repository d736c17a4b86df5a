package simulator

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"herald/backend/whatsapp"
)

var (
	_ whatsapp.Driver   = (*Simulator)(nil)
	_ whatsapp.Practice = (*Simulator)(nil)
)

// Simulator is a simulated WhatsApp account and server. All its behaviour
// runs on timers of the injected clock, under one mutex, so on a fake clock
// every outcome is decided by the seed and the calls made.
type Simulator struct {
	dir     string
	clock   clockwork.Clock
	events  *whatsapp.EventQueue
	journal *journal

	mu       sync.Mutex
	handover *handover
	closed   bool
	cfg      Config
	rng      *rand.Rand
	status   whatsapp.Status
	pairing  whatsapp.Pairing
	session  *session
	qrCount  int
	backoff  time.Duration
	conn     timerSet         // timers of the current connection or pairing attempt
	msgs     timerSet         // receipts and replies; they outlive a drop
	held     []whatsapp.Event // receipts due while disconnected, delivered on reconnect
	dropped  chan struct{}    // closed when the current connection ends
	bucket   tokenBucket
	inflight map[string]chan struct{}
	// pendingPhone is the number a pairing code was requested for.
	pendingPhone string
}

// New opens (or creates) the simulator's state in dir: the journal and, if
// present, the paired session. It starts disconnected; call Connect.
func New(dir string, cfg Config, clock clockwork.Clock) (*Simulator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("simulator settings: %w", err)
	}
	j, err := openJournal(journalPath(dir))
	if err != nil {
		return nil, err
	}
	sess, err := loadSession(dir)
	if err != nil {
		j.close()
		return nil, err
	}
	ho, err := openHandover(dir, j)
	if err != nil {
		j.close()
		return nil, err
	}
	s := &Simulator{
		dir: dir, clock: clock, events: whatsapp.NewEventQueue(), journal: j, handover: ho,
		session: sess, dropped: make(chan struct{}), inflight: map[string]chan struct{}{},
	}
	s.applyConfigLocked(cfg)
	s.status = whatsapp.Status{State: whatsapp.StateDisconnected, Since: clock.Now()}
	// The receipts the server still owes from before this start come on
	// the first connection, as a real server's do.
	for _, id := range ho.owed(j) {
		s.held = append(s.held, whatsapp.Event{Kind: whatsapp.EventReceipt,
			Receipt: whatsapp.Receipt{MessageID: id, Status: whatsapp.ReceiptDelivered, At: clock.Now()}})
	}
	if sess != nil {
		s.status.Phone, s.status.PushName = sess.Phone, sess.PushName
	}
	return s, nil
}

func journalPath(dir string) string { return filepath.Join(dir, JournalFile) }

// Practice reports true: nothing the simulator sends reaches a phone.
func (s *Simulator) Practice() bool { return true }

// Config returns the current settings.
func (s *Simulator) Config() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// SetConfig changes the settings live and reseeds the random source, so a
// run after SetConfig is as reproducible as one after New.
func (s *Simulator) SetConfig(cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("simulator settings: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyConfigLocked(cfg)
	return nil
}

func (s *Simulator) applyConfigLocked(cfg Config) {
	s.cfg = cfg
	s.rng = rand.New(rand.NewPCG(uint64(cfg.Seed), 0x686572616c64)) // "herald"
	s.bucket = newTokenBucket(cfg.RateLimitPerSec, s.clock.Now())
}

// Status returns the current connection state.
func (s *Simulator) Status() whatsapp.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Pairing returns the pending QR payload or pairing code.
func (s *Simulator) Pairing() whatsapp.Pairing {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pairing
}

// Paired reports whether a paired session is stored in the data dir.
func (s *Simulator) Paired() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.session != nil
}

// Events returns the event stream; see whatsapp.Driver.
func (s *Simulator) Events() <-chan whatsapp.Event { return s.events.C() }

// Close stops every timer and the event goroutine and closes the journal. A
// paired session stays on disk, so the next New reconnects without pairing.
func (s *Simulator) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.conn.stopAll()
	s.msgs.stopAll()
	s.endConnLocked()
	hoErr := s.handover.close()
	s.mu.Unlock()
	s.events.Close()
	return errors.Join(s.journal.close(), hoErr)
}

// setStateLocked records a state change and publishes it.
func (s *Simulator) setStateLocked(st whatsapp.State, lastError string) {
	s.status.State = st
	s.status.Since = s.clock.Now()
	s.status.LastError = lastError
	s.events.Push(whatsapp.Event{Kind: whatsapp.EventState, Status: s.status})
}

// endConnLocked wakes sends waiting on the current connection.
func (s *Simulator) endConnLocked() {
	select {
	case <-s.dropped:
	default:
		close(s.dropped)
	}
}

// afterLocked runs f under s.mu after d, unless the timer set is stopped or
// the simulator closed first; checking membership under the lock makes a
// stopped timer harmless even if the real clock already fired it.
func (s *Simulator) afterLocked(set *timerSet, d time.Duration, f func()) {
	if set.m == nil {
		set.m = map[uint64]clockwork.Timer{}
	}
	set.next++
	id := set.next
	set.m[id] = s.clock.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := set.m[id]; !ok || s.closed {
			return
		}
		delete(set.m, id)
		f()
	})
}

// timerSet is a group of pending callbacks stopped together.
type timerSet struct {
	next uint64
	m    map[uint64]clockwork.Timer
}

func (t *timerSet) stopAll() {
	for id, tm := range t.m {
		tm.Stop()
		delete(t.m, id)
	}
}

// between draws a duration uniformly in [lo, hi].
func (s *Simulator) betweenLocked(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(s.rng.Int64N(int64(hi-lo)+1))
}

// chance draws true with probability p.
func (s *Simulator) chanceLocked(p float64) bool {
	return p > 0 && s.rng.Float64() < p
}

// checkCtx refuses a cancelled ctx; Connect and friends return at once, so
// ctx matters only on entry.
func checkCtx(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("simulator: %w", err)
	}
	return nil
}

// pick is one of from, chosen by rng.
func pick(rng *rand.Rand, from []string) string { return from[rng.IntN(len(from))] }
