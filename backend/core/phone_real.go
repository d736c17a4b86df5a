//go:build !fakewhatsapp

package core

import (
	"log/slog"

	"herald/backend/whatsapp"
	"herald/backend/whatsapp/whatsmeow"
)

// newPhone is the way to the user's own phone: whatsmeow, linked as a
// device, with its session in whatsapp.db in the data folder. Opening it
// touches no network; it connects when the user (or a paired session at
// start-up) asks.
func newPhone(dataDir string, log *slog.Logger) phone {
	return phone{open: func() (whatsapp.Driver, error) {
		d, err := whatsmeow.Open(dataDir, whatsmeow.Options{Log: log})
		if err != nil {
			return nil, err
		}
		return d, nil
	}}
}
