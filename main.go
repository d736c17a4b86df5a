// Herald runs a small business's WhatsApp communications from one desktop
// app. Without arguments it opens the desktop window; `herald serve` serves
// the same UI to a browser.
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"herald/backend/core"
)

// The built frontend. A placeholder file keeps the folder in a fresh clone so
// that the backend compiles and tests before the frontend is built.
//
//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.As(err, new(shownError)) {
			fmt.Fprintln(os.Stderr, "herald:", err)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	cmd := "desktop"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fset := flag.NewFlagSet("herald "+cmd, flag.ContinueOnError)
	fset.SetOutput(stderr)
	dataDir := fset.String("data", os.Getenv("HERALD_DATA"), "folder for Herald's data (default: the per-user config folder; or set HERALD_DATA)")
	var addr *string
	if cmd == "serve" {
		addr = fset.String("addr", "127.0.0.1:0", "address to listen on (loopback unless you say otherwise)")
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "herald", version)
		return nil
	case "desktop", "serve":
	default:
		return fmt.Errorf("unknown command %q (use: herald, herald serve, herald version)", cmd)
	}
	if *dataDir == "" {
		dir, err := core.DefaultDataDir()
		if err != nil {
			return err
		}
		*dataDir = dir
	}
	// Absolute, as the Settings page shows it and the lock's message and the
	// WebView2 folder's check compare it; a Windows shortcut starts Herald
	// in a folder of its own choosing.
	if abs, err := filepath.Abs(*dataDir); err == nil {
		*dataDir = abs
	}
	frontend, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return fmt.Errorf("load the built frontend: %w", err)
	}
	if cmd == "serve" {
		return serve(*addr, *dataDir, frontend, stdout)
	}
	return runDesktop(*dataDir, frontend)
}
