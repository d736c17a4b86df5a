package whatsapp

import (
	"context"
	"sync"
)

// EventQueue feeds a Driver's Events channel without ever blocking the
// driver: Push appends to an unbounded buffer and one goroutine hands events
// to the reader in order. A driver must never stall a send or a timer because
// the UI is slow to read; the cost is memory if nobody drains the channel,
// which is why the channel has exactly one owner.
type EventQueue struct {
	mu     sync.Mutex
	buf    []Event
	closed bool
	wake   chan struct{}
	out    chan Event
	cancel context.CancelFunc
	done   chan struct{}
}

// NewEventQueue starts the queue's goroutine; Close stops it.
func NewEventQueue() *EventQueue {
	ctx, cancel := context.WithCancel(context.Background())
	q := &EventQueue{wake: make(chan struct{}, 1), out: make(chan Event), cancel: cancel, done: make(chan struct{})}
	go q.run(ctx)
	return q
}

// C is the channel the owner reads.
func (q *EventQueue) C() <-chan Event { return q.out }

// Push queues e; it never blocks. Events pushed after Close are dropped.
func (q *EventQueue) Push(e Event) {
	q.mu.Lock()
	if !q.closed {
		q.buf = append(q.buf, e)
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Close stops the goroutine, waits for it and closes C. Events not yet read
// are dropped.
func (q *EventQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cancel()
	<-q.done
}

func (q *EventQueue) run(ctx context.Context) {
	defer close(q.done)
	defer close(q.out)
	for {
		q.mu.Lock()
		if len(q.buf) == 0 {
			q.mu.Unlock()
			select {
			case <-q.wake:
				continue
			case <-ctx.Done():
				return
			}
		}
		e := q.buf[0]
		q.buf[0] = Event{}
		q.buf = q.buf[1:]
		q.mu.Unlock()
		select {
		case q.out <- e:
		case <-ctx.Done():
			return
		}
	}
}
