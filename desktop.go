package main

import (
	_ "embed"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"herald/backend/core"
	"herald/backend/events"
	"herald/backend/settings"
)

// appIcon is the window icon on Linux (Windows and macOS take theirs from
// the packaged app).
//
//go:embed build/appicon.png
var appIcon []byte

// runDesktop opens the Herald window and returns when it closes.
func runDesktop(dataDir string, frontend fs.FS) error {
	started := time.Now()
	if err := checkDisplay(); err != nil {
		return err
	}
	relay := &events.Relay{}
	c, err := core.New(core.Options{
		DataDir: dataDir, Version: version, Mode: "desktop", Emitter: relay,
		LocaleCountry: settings.LocaleCountry(os.Getenv),
	})
	if err != nil {
		return err
	}
	app := NewApp(c, relay, started)
	bound := []any{app.dialogs}
	for _, b := range c.Bindings() {
		bound = append(bound, b.Service)
	}
	err = wails.Run(&options.App{
		Title:            "Herald",
		Width:            1280,
		Height:           800,
		MinWidth:         1024,
		MinHeight:        700,
		BackgroundColour: &options.RGBA{R: 33, G: 37, B: 41, A: 255},
		AssetServer:      &assetserver.Options{Assets: frontend},
		OnStartup:        app.startup,
		OnDomReady:       app.domReady,
		OnShutdown:       app.shutdown,
		Bind:             bound,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               "app.herald.desktop",
			OnSecondInstanceLaunch: app.secondLaunch,
		},
		Linux: &linux.Options{
			Icon:        appIcon,
			ProgramName: "herald",
			// Set explicitly: GPU compositing costs ~85 MB per window and
			// buys nothing for a page of tables and forms.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
	if err != nil {
		// shutdown never ran when the window never opened.
		_ = c.Close()
		return fmt.Errorf("open the Herald window: %w", err)
	}
	return nil
}
