package events

import (
	"encoding/json"
	"sync"
	"sync/atomic"
)

// clientBuffer is how many events a slow browser may fall behind before it
// starts losing them; the UI reloads its data on the next event anyway.
const clientBuffer = 256

// Message is one serialised event, ready for a server-sent-events stream.
type Message struct {
	Topic string
	Data  []byte
}

// Hub fans events out to browser clients (server-sent events in serve mode).
type Hub struct {
	mu      sync.Mutex
	clients map[chan Message]struct{}
	dropped atomic.Int64
}

// NewHub returns a hub with no clients.
func NewHub() *Hub {
	return &Hub{clients: map[chan Message]struct{}{}}
}

// Dropped counts events a client missed (full buffer) or that could not be
// encoded.
func (h *Hub) Dropped() int64 { return h.dropped.Load() }

// Emit implements Emitter. A client whose buffer is full misses the event
// rather than stalling the service that emitted it.
func (h *Hub) Emit(topic string, payload any) {
	data, err := json.Marshal(payload)
	if err != nil {
		h.dropped.Add(1)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- Message{Topic: topic, Data: data}:
		default:
			h.dropped.Add(1)
		}
	}
}

// Subscribe registers a client; call the returned function when it leaves.
func (h *Hub) Subscribe() (<-chan Message, func()) {
	c := make(chan Message, clientBuffer)
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}
}

// Clients reports how many clients are subscribed.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}
