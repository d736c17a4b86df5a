// Package apperr marks errors by what the user can do about them, so that the
// RPC layer can answer with the right status and the UI can show the message
// as it is.
package apperr

import (
	"errors"
	"fmt"
)

// Kind says what went wrong from the caller's point of view.
type Kind int

const (
	// KindInvalid means the request itself was wrong: bad value, broken input.
	KindInvalid Kind = iota + 1
	// KindNotFound means the thing asked for does not exist.
	KindNotFound
	// KindConflict means the request clashes with the current state.
	KindConflict
)

// Error is an error whose message is written for the user.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Invalid returns a KindInvalid error with a plain-language message.
func Invalid(format string, args ...any) error {
	return &Error{Kind: KindInvalid, Msg: fmt.Sprintf(format, args...)}
}

// NotFound returns a KindNotFound error with a plain-language message.
func NotFound(format string, args ...any) error {
	return &Error{Kind: KindNotFound, Msg: fmt.Sprintf(format, args...)}
}

// Conflict returns a KindConflict error with a plain-language message.
func Conflict(format string, args ...any) error {
	return &Error{Kind: KindConflict, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, or 0.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
