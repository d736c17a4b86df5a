package whatsapp

import "sync"

// Connected says whether WhatsApp is connected as a channel that is closed
// while it is, so that a sender can wait for the connection and for its own
// stop in one select. The zero value is disconnected.
type Connected struct {
	mu sync.Mutex
	up bool
	ch chan struct{}
}

// NewConnected returns a Connected that starts as up says.
func NewConnected(up bool) *Connected {
	c := &Connected{}
	c.Set(up)
	return c
}

// Set records whether WhatsApp is connected.
func (c *Connected) Set(up bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
	}
	if up == c.up {
		return
	}
	c.up = up
	if up {
		close(c.ch)
	} else {
		c.ch = make(chan struct{})
	}
}

// Wait returns a channel closed while WhatsApp is connected. A channel
// taken while disconnected stays open until the next connection.
func (c *Connected) Wait() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
	}
	return c.ch
}
