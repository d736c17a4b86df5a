package whatsmeow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	wm "go.mau.fi/whatsmeow"

	"herald/backend/whatsapp"
)

// SendError is a send that failed for a reason the user should read: its
// Error is that reason in plain words (the dispatcher shows it on the
// recipient). It wraps what whatsmeow said.
type SendError struct {
	// Code is WhatsApp's numeric answer, 0 when it gave none.
	Code  int
	words string
	// inDoubt: the message may have reached the server.
	inDoubt bool
	cause   error
}

func (e *SendError) Error() string { return e.words }

func (e *SendError) Unwrap() error { return e.cause }

// InDoubt reports that the server may have taken the message although the
// send failed (no answer in time, or the connection dropped while waiting).
// Such a message must not be sent again blindly: a delivered receipt for
// its ID proves it went. Callers test it with errors.As on an interface
// { InDoubt() bool }, as they would Temporary.
func (e *SendError) InDoubt() bool { return e.inDoubt }

// Codes WhatsApp answers a message with.
const (
	// codeFirstMessageRefused: WhatsApp would not let this number start a
	// chat with that contact (its spam protection for unknown senders).
	codeFirstMessageRefused = 463
	codeRateLimited         = 429
)

// sendFailed maps what whatsmeow's SendMessage (or a step before it)
// returned onto Herald's errors: Temporary ones (not connected, rate
// limited, the server failing) are retried by the dispatcher; refusals are
// permanent and say why; a send that ended in doubt says so.
func sendFailed(id string, err error) error {
	var disc *wm.DisconnectedError
	switch {
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("send %s: %w", id, err)
	case errors.Is(err, wm.ErrMessageTimedOut), errors.Is(err, context.DeadlineExceeded):
		return &SendError{words: "WhatsApp did not confirm the message in time: it may have been sent", inDoubt: true, cause: err}
	case errors.As(err, &disc) && disc.Action == "message send":
		return &SendError{words: "The connection dropped before WhatsApp confirmed the message: it may have been sent", inDoubt: true, cause: err}
	case errors.Is(err, wm.ErrServerReturnedError):
		return serverCode(id, serverReturnedCode(err), err)
	case errors.Is(err, wm.ErrNotConnected), errors.Is(err, wm.ErrNotLoggedIn), errors.As(err, &disc):
		return fmt.Errorf("send %s: %w: %w", id, whatsapp.ErrNotConnected, err)
	}
	var iq *wm.IQError
	if errors.As(err, &iq) && iq.Code != 0 {
		return serverCode(id, iq.Code, err)
	}
	if errors.Is(err, wm.ErrIQTimedOut) {
		return fmt.Errorf("send %s: WhatsApp did not answer in time: %w: %w", id, whatsapp.ErrServer, err)
	}
	return fmt.Errorf("send %s: %w: %w", id, whatsapp.ErrServer, err)
}

// queryFailed maps the failure of a question to WhatsApp that sends no
// message (a number check): nothing is in doubt, so a timeout or a drop is
// simply worth a retry.
func queryFailed(err error) error {
	var iq *wm.IQError
	var disc *wm.DisconnectedError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, wm.ErrNotConnected), errors.Is(err, wm.ErrNotLoggedIn), errors.As(err, &disc):
		return fmt.Errorf("%w: %w", whatsapp.ErrNotConnected, err)
	case errors.As(err, &iq) && iq.Code == codeRateLimited:
		return fmt.Errorf("%w (code %d): %w", whatsapp.ErrRateLimited, iq.Code, err)
	case errors.Is(err, wm.ErrIQTimedOut):
		return fmt.Errorf("WhatsApp did not answer in time: %w: %w", whatsapp.ErrServer, err)
	}
	return fmt.Errorf("%w: %w", whatsapp.ErrServer, err)
}

// serverCode maps WhatsApp's numeric answer: 429 and 5xx are worth a retry
// later; any other is a refusal of this message.
func serverCode(id string, code int, err error) error {
	switch {
	case code == codeRateLimited:
		return fmt.Errorf("send %s: %w (code %d): %w", id, whatsapp.ErrRateLimited, code, err)
	case code >= 500 || code == 408:
		return fmt.Errorf("send %s: %w (code %d): %w", id, whatsapp.ErrServer, code, err)
	case code == codeFirstMessageRefused:
		return &SendError{Code: code, words: "WhatsApp refused a first message to this contact", cause: err}
	}
	return &SendError{Code: code, words: fmt.Sprintf("WhatsApp refused the message (code %d)", code), cause: err}
}

// serverReturnedCode reads the code whatsmeow puts after
// ErrServerReturnedError ("server returned error 463").
func serverReturnedCode(err error) int {
	msg := err.Error()
	i := strings.LastIndex(msg, wm.ErrServerReturnedError.Error())
	if i < 0 {
		return 0
	}
	fields := strings.Fields(msg[i+len(wm.ErrServerReturnedError.Error()):])
	if len(fields) == 0 {
		return 0
	}
	code, _ := strconv.Atoi(strings.TrimRight(fields[0], ":,;."))
	return code
}

// connectFailed says in plain words why connecting failed.
func connectFailed(err error) string {
	var netErr net.Error
	if errors.As(err, &netErr) || strings.Contains(err.Error(), "dial") {
		return "Herald cannot reach WhatsApp: check the internet connection, then connect again"
	}
	return "Herald could not connect to WhatsApp: " + err.Error()
}

// pairCodeRefused explains a refused pairing-code request.
func pairCodeRefused(err error) error {
	var iq *wm.IQError
	switch {
	case errors.Is(err, wm.ErrPhoneNumberTooShort), errors.Is(err, wm.ErrPhoneNumberIsNotInternational):
		return fmt.Errorf("%w: %w", whatsapp.ErrInvalidNumber, err)
	case errors.Is(err, wm.ErrIQRateOverLimit):
		return fmt.Errorf("WhatsApp asks to wait before the next pairing code: %w: %w", whatsapp.ErrRateLimited, err)
	case errors.As(err, &iq) && iq.Code != 0:
		return fmt.Errorf("WhatsApp refused to give a pairing code (code %d): %w", iq.Code, err)
	case errors.Is(err, wm.ErrNotConnected):
		return fmt.Errorf("%w: %w", whatsapp.ErrNotConnected, err)
	}
	return err
}
