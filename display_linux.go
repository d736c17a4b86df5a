//go:build desktop

package main

import (
	"errors"
	"os"
)

// checkDisplay turns GTK's cryptic failure without a display into one line
// that says what to do instead.
func checkDisplay() error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display here to open a window on; run `herald serve` (or `make serve`) and open the address it prints in a browser")
	}
	return nil
}
