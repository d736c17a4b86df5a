// Package calls keeps the cancel functions of long calls in progress, so
// that a Cancel method of a service can stop them. A browser's call stops
// when its request goes away; the window's calls have no request, and stop
// when the user presses Cancel.
package calls

import (
	"context"
	"sync"
)

// Running is the set of calls of one kind in progress. The zero value is
// ready to use.
type Running struct {
	mu      sync.Mutex
	next    int
	cancels map[int]context.CancelFunc
}

// Start returns a context for a call made in parent, which CancelAll ends,
// and the function to call when the call is over.
func (r *Running) Start(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancels == nil {
		r.cancels = map[int]context.CancelFunc{}
	}
	id := r.next
	r.next++
	r.cancels[id] = cancel
	return ctx, func() {
		r.mu.Lock()
		delete(r.cancels, id)
		r.mu.Unlock()
		cancel()
	}
}

// CancelAll stops every call in progress and says how many there were.
func (r *Running) CancelAll() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, cancel := range r.cancels {
		cancel()
	}
	return len(r.cancels)
}
