package main

import (
	"context"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"herald/backend/core"
	"herald/backend/events"
)

// App ties the Core to the Wails window's lifecycle.
type App struct {
	core    *core.Core
	relay   *events.Relay
	started time.Time
	ctx     context.Context
	dialogs *DialogService
}

// NewApp returns the App for a Core whose events go through relay.
func NewApp(c *core.Core, relay *events.Relay, started time.Time) *App {
	return &App{core: c, relay: relay, started: started, dialogs: &DialogService{}}
}

// startup runs once the window exists: from now on events reach it.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.dialogs.ctx = ctx
	a.relay.SetTarget(events.NewWails(ctx))
	// The page says when its first screen is on the glass; the start-up
	// benchmark and the desktop smoke test read this line from herald.log.
	if err := a.core.Resume(); err != nil {
		a.core.Log.Error("resume", "err", err)
	}
	runtime.EventsOnce(ctx, "ui:painted", func(...any) {
		a.core.Log.Info("ui painted", "since_start_ms", time.Since(a.started).Milliseconds())
	})
}

func (a *App) domReady(context.Context) {
	a.core.Log.Info("dom ready", "since_start_ms", time.Since(a.started).Milliseconds())
}

// shutdown runs after the window has closed.
func (a *App) shutdown(context.Context) {
	a.relay.SetTarget(nil)
	if err := a.core.Close(); err != nil {
		a.core.Log.Error("close", "err", err)
	}
}

// secondLaunch brings the running window forward when Herald is started
// again, instead of opening a second copy on the same database.
func (a *App) secondLaunch(options.SecondInstanceData) {
	a.core.Log.Info("second launch handed over to this window")
	if a.ctx == nil {
		return
	}
	runtime.WindowUnminimise(a.ctx)
	runtime.Show(a.ctx)
	runtime.WindowShow(a.ctx)
}
