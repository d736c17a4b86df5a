//go:build !fakewhatsapp

package core

import (
	"errors"
	"log/slog"

	"herald/backend/whatsapp"
)

// newPhone is the real way to the user's phone.
func newPhone(dataDir string, log *slog.Logger) phone {
	return phone{open: func() (whatsapp.Driver, error) {
		return nil, errors.New("linking your own phone is not available in this version of Herald yet")
	}}
}
