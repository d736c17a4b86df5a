package main

import (
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	goruntime "runtime"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/options/windows"

	"herald/backend/backup"
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
		DataDir: dataDir, Version: version, Mode: core.ModeDesktop, Emitter: relay,
		LocaleCountry: settings.LocaleCountry(os.Getenv),
	})
	if err != nil {
		return showStartError(dataDir, err)
	}
	app := NewApp(c, relay, started)
	bound := []any{app.dialogs}
	for _, b := range c.Bindings() {
		bound = append(bound, b.Service)
	}
	opts := windowOptions(dataDir, app.secondLaunch)
	opts.Width, opts.Height = 1280, 800
	opts.MinWidth, opts.MinHeight = 1024, 700
	opts.AssetServer = &assetserver.Options{Assets: frontend}
	opts.OnStartup = app.startup
	opts.OnDomReady = app.domReady
	opts.OnShutdown = app.shutdown
	opts.OnBeforeClose = app.beforeClose
	opts.Bind = bound
	opts.Menu = appMenu(func() { relay.Emit(backup.TopicMenuBackupNow, nil) })
	if err := wails.Run(opts); err != nil {
		// shutdown never ran when the window never opened.
		_ = c.Close()
		return fmt.Errorf("open the Herald window: %w", err)
	}
	return nil
}

// appMenu is the window's menu bar: File → Back up now, which calls
// backupNow. macOS keeps its application and Edit menus, without which the
// copy and paste keys stop working in the page.
func appMenu(backupNow func()) *menu.Menu {
	m := menu.NewMenu()
	if goruntime.GOOS == "darwin" {
		m.Append(menu.AppMenu())
	}
	file := m.AddSubmenu("File")
	file.AddText("Back up now", nil, func(*menu.CallbackData) { backupNow() })
	if goruntime.GOOS == "darwin" {
		m.Append(menu.EditMenu())
	}
	return m
}

// windowOptions are what every Herald window shares: its look, the
// single-instance lock and each platform's options.
func windowOptions(dataDir string, secondLaunch func(options.SecondInstanceData)) *options.App {
	return &options.App{
		Title:            "Herald",
		BackgroundColour: &options.RGBA{R: 33, G: 37, B: 41, A: 255},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               "app.herald.desktop",
			OnSecondInstanceLaunch: secondLaunch,
		},
		Linux: &linux.Options{
			Icon:        appIcon,
			ProgramName: "herald",
			// Set explicitly: GPU compositing costs ~85 MB per window and
			// buys nothing for a page of tables and forms.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
		Windows: &windows.Options{
			WebviewUserDataPath: windowsWebviewPath(dataDir),
			// Without Windows options WebView2 lets people zoom (Ctrl and
			// +/-/wheel, pinch); with them it is off unless said here.
			IsZoomControlEnabled: true,
		},
		Mac: &mac.Options{
			About: &mac.AboutInfo{Title: "Herald", Message: "Version " + version, Icon: appIcon},
		},
	}
}

// windowsWebviewPath is webviewDataPath for this machine; only Windows has
// a WebView2 to place.
func windowsWebviewPath(dataDir string) string {
	if goruntime.GOOS != "windows" {
		return ""
	}
	localAppData, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return webviewDataPath(localAppData, dataDir)
}

// shownError is an error the user has already been shown, in a window and
// on stderr; main only sets the exit status.
type shownError struct{ err error }

func (e shownError) Error() string { return e.err.Error() }
func (e shownError) Unwrap() error { return e.err }

// showStartError tells why Herald could not start in a small window of its
// own: a Windows build has no console, so an error printed and nothing
// else would look like Herald not opening at all. The window carries the
// same single-instance lock as Herald's, which matters most when the
// error is that a running Herald window has the data folder: Wails then
// hands this launch over to that window and exits inside wails.Run, as a
// second launch always did, before this window is ever shown. Only when
// no window answers (the folder is `herald serve`'s) does the message show.
func showStartError(dataDir string, startErr error) error {
	var shown atomic.Bool
	opts := windowOptions(dataDir, func(options.SecondInstanceData) {})
	opts.Width, opts.Height = 600, 260
	opts.DisableResize = true
	opts.AssetServer = &assetserver.Options{Handler: startErrorPage(startErr.Error())}
	opts.OnDomReady = func(context.Context) {
		if shown.CompareAndSwap(false, true) {
			fmt.Fprintln(os.Stderr, "herald:", startErr)
		}
	}
	err := wails.Run(opts)
	switch {
	case shown.Load():
		return shownError{startErr}
	case err != nil:
		return fmt.Errorf("%w (the window to say so did not open either: %v)", startErr, err)
	}
	return startErr
}

var startErrorHTML = template.Must(template.New("start").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald</title>
<style>
body { margin: 0; padding: 28px 32px; background: #212529; color: #f8f9fa; font: 15px/1.5 system-ui, "Segoe UI", sans-serif; }
h1 { margin: 0 0 12px; font-size: 18px; font-weight: 600; }
p { margin: 0; overflow-wrap: anywhere; }
</style></head>
<body><h1>Herald could not start</h1><p id="start-error">{{.}}</p></body></html>
`))

// startErrorPage serves the page that says msg, whatever is asked for.
func startErrorPage(msg string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = startErrorHTML.Execute(w, msg)
	})
}
