// Package simulator is Herald's default WhatsApp driver: a simulated server
// and phone that behave like the real service (pairing, latency, drops, rate
// limits, numbers not on WhatsApp, failures, receipts, replies), driven by a
// seeded random source and an injectable clock so tests are deterministic.
// It keeps a journal of every message it accepted, the ground truth a crash
// test counts deliveries against.
package simulator

import (
	"fmt"
	"time"
)

// Config is the simulation's settings, as kept in the database and edited in
// the Settings page. Rates are probabilities from 0 to 1.
type Config struct {
	Seed         int64 `json:"seed"`
	LatencyMinMs int   `json:"latencyMinMs"`
	LatencyMaxMs int   `json:"latencyMaxMs"`
	// FailRate is the share of sends the server refuses (a transient error).
	FailRate float64 `json:"failRate"`
	// NotOnWhatsAppRate is the share of numbers without an account; which
	// numbers depends only on the number and the seed.
	NotOnWhatsAppRate float64 `json:"notOnWhatsAppRate"`
	// ReplyRate is the share of read messages that get a reply.
	ReplyRate float64 `json:"replyRate"`
	// DisconnectRate is the chance of a drop per minute connected, and of a
	// reconnection attempt failing.
	DisconnectRate float64 `json:"disconnectRate"`
	// RateLimitPerSec is the sustained sends per second the server accepts,
	// with bursts up to one second's worth; 0 means no limit.
	RateLimitPerSec float64 `json:"rateLimitPerSec"`
	// AutoScanSec completes a pending pairing by itself after this many
	// seconds; 0 means only SimulateScan completes it.
	AutoScanSec int `json:"autoScanSec"`
	// CannotTell makes the simulator answer for messages as the linked
	// phone (whatsmeow) does: Taken says whatsapp.ErrCannotTell, and a
	// message ID taken before the simulator was last opened is not
	// recognised, so sending it again after a restart delivers it twice.
	// Off, the default, it is the driver Herald can ask after a crash.
	CannotTell bool `json:"cannotTell"`
}

// DefaultConfig is what a new install simulates: a reasonably good
// connection with the failures a user should see now and then.
func DefaultConfig() Config {
	return Config{
		Seed:              1,
		LatencyMinMs:      200,
		LatencyMaxMs:      1500,
		FailRate:          0.01,
		NotOnWhatsAppRate: 0.05,
		ReplyRate:         0.05,
		DisconnectRate:    0.01,
		RateLimitPerSec:   10,
		AutoScanSec:       0,
	}
}

// Validate reports the first setting out of range, in plain words.
func (c Config) Validate() error {
	if c.LatencyMinMs < 0 || c.LatencyMaxMs < c.LatencyMinMs {
		return fmt.Errorf("latency must be 0 or more with min ≤ max (got %d–%d ms)", c.LatencyMinMs, c.LatencyMaxMs)
	}
	for name, r := range map[string]float64{
		"failRate": c.FailRate, "notOnWhatsAppRate": c.NotOnWhatsAppRate,
		"replyRate": c.ReplyRate, "disconnectRate": c.DisconnectRate,
	} {
		if r < 0 || r > 1 {
			return fmt.Errorf("%s must be between 0 and 1 (got %v)", name, r)
		}
	}
	if c.RateLimitPerSec < 0 {
		return fmt.Errorf("rateLimitPerSec must be 0 or more (got %v)", c.RateLimitPerSec)
	}
	if c.AutoScanSec < 0 {
		return fmt.Errorf("autoScanSec must be 0 or more (got %d)", c.AutoScanSec)
	}
	return nil
}

// Timings of the real service the simulator imitates.
const (
	qrFirstTimeout  = 60 * time.Second // first QR code lives 60 s
	qrNextTimeout   = 20 * time.Second // each refresh lives 20 s
	qrMaxCodes      = 6                // then pairing times out, as whatsmeow does
	pairCodeTimeout = 3 * time.Minute
	connectDelay    = time.Second // handshake of a paired session
	dropCheckEvery  = time.Minute
	backoffFirst    = time.Second
	backoffMax      = 2 * time.Minute
)
