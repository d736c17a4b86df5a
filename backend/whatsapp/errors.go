package whatsapp

import "errors"

// Errors a Driver returns, wrapped with context. Callers tell what to do with
// errors.Is or Temporary: retry later, or give up on that recipient.
var (
	// ErrNotConnected: the connection is down; retry after reconnecting.
	ErrNotConnected = errors.New("whatsapp: not connected")
	// ErrRateLimited: the server rejected a burst; retry more slowly.
	ErrRateLimited = errors.New("whatsapp: rate limited")
	// ErrServer: the server failed to take the message; retry later.
	ErrServer = errors.New("whatsapp: server error")
	// ErrNotOnWhatsApp: the number has no WhatsApp account; permanent.
	ErrNotOnWhatsApp = errors.New("whatsapp: number is not on WhatsApp")
	// ErrInvalidNumber: the recipient is not a valid E.164 number; permanent.
	ErrInvalidNumber = errors.New("whatsapp: invalid phone number")
	// ErrNotPaired: the operation needs a paired device.
	ErrNotPaired = errors.New("whatsapp: not paired")
	// ErrClosed: the driver has been closed.
	ErrClosed = errors.New("whatsapp: driver closed")
)

// Temporary reports whether err is worth retrying later (connection down,
// rate limited, server error) as opposed to a permanent refusal.
func Temporary(err error) bool {
	return errors.Is(err, ErrNotConnected) || errors.Is(err, ErrRateLimited) || errors.Is(err, ErrServer)
}

// InDoubt reports whether a failed send may nonetheless have reached the
// server (a timeout, or a drop while waiting for its answer): such a
// message must not be sent again blindly. Drivers' errors say so with a
// method InDoubt() bool.
func InDoubt(err error) bool {
	var d interface{ InDoubt() bool }
	return errors.As(err, &d) && d.InDoubt()
}

// ValidE164 reports whether s looks like an E.164 number: "+" then 8 to 15
// digits, the first not 0. Drivers check it before talking to the server.
func ValidE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
