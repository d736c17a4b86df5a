// Package events carries notifications from the services to the UI: live
// connection state, progress of long work, new activity entries. Services
// depend only on the Emitter interface; the desktop window, the browser
// (server-sent events) and tests each plug in their own implementation.
package events

import "sync"

// Topics the UI listens to.
const (
	TopicActivity        = "activity:new"
	TopicWhatsAppStatus  = "whatsapp:status"
	TopicWhatsAppPairing = "whatsapp:pairing"
	TopicWhatsAppMessage = "whatsapp:message"
	TopicSettingsChanged = "settings:changed"
)

// Emitter sends a payload to whoever listens on topic. Emit never blocks on
// a slow listener.
type Emitter interface {
	Emit(topic string, payload any)
}

// Fanout sends every event to each of its emitters: the desktop window and
// the browser hub can listen to the same services.
type Fanout []Emitter

// Emit implements Emitter.
func (f Fanout) Emit(topic string, payload any) {
	for _, e := range f {
		e.Emit(topic, payload)
	}
}

// Event is one emitted notification.
type Event struct {
	Topic   string
	Payload any
}

// Recorder keeps every event it receives, for tests.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Emit implements Emitter.
func (r *Recorder) Emit(topic string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, Event{topic, payload})
}

// Events returns a copy of what was emitted so far, optionally only on topic.
func (r *Recorder) Events(topic string) []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Event
	for _, e := range r.events {
		if topic == "" || e.Topic == topic {
			out = append(out, e)
		}
	}
	return out
}

// Relay forwards events to a target that is set later: the desktop window's
// emitter exists only once Wails has started, after the services are built.
// Events emitted before a target is set are dropped; nothing is shown yet.
type Relay struct {
	mu     sync.RWMutex
	target Emitter
}

// SetTarget makes r forward to e from now on.
func (r *Relay) SetTarget(e Emitter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.target = e
}

// Emit implements Emitter.
func (r *Relay) Emit(topic string, payload any) {
	r.mu.RLock()
	t := r.target
	r.mu.RUnlock()
	if t != nil {
		t.Emit(topic, payload)
	}
}
