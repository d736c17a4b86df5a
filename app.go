package main

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
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
	// unsaved is the page's last word on whether a form holds changes not saved yet.
	unsaved atomic.Bool
	// emit sends an event to the page (runtime.EventsEmit).
	emit func(ctx context.Context, name string, data ...any)
	// raise brings the window to the front.
	raise func(ctx context.Context)
	// notifying is set once the system's notifications are ready.
	notifying bool
}

// NewApp returns the App for a Core whose events go through relay.
func NewApp(c *core.Core, relay *events.Relay, started time.Time) *App {
	return &App{core: c, relay: relay, started: started, dialogs: &DialogService{}, emit: runtime.EventsEmit, raise: raiseWindow}
}

// raiseWindow brings the window forward, from the taskbar or another
// desktop.
func raiseWindow(ctx context.Context) {
	runtime.WindowUnminimise(ctx)
	runtime.Show(ctx)
	runtime.WindowShow(ctx)
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
	runtime.EventsOn(ctx, "ui:unsaved", a.pageUnsaved)
	// The page sends the system's notifications of new messages and of
	// Herald's notices (SendNotification); a click on one opens what it
	// tells of.
	if err := runtime.InitializeNotifications(ctx); err != nil {
		a.core.Log.Info("desktop notifications are not available", "err", err)
	} else {
		a.notifying = true
		runtime.OnNotificationResponse(ctx, func(r runtime.NotificationResult) { a.notificationClicked(ctx, r) })
	}
	runtime.EventsOn(ctx, "ui:discard-and-quit", func(...any) {
		a.unsaved.Store(false)
		runtime.Quit(ctx)
	})
}

// beforeClose keeps the window open while the page has unsaved changes and
// lets the page ask "Leave without saving?"; the page answers with
// ui:discard-and-quit. The webview gives the page no say of its own when the
// window closes, unlike a browser tab's beforeunload.
func (a *App) beforeClose(ctx context.Context) (prevent bool) {
	if !a.unsaved.Load() {
		return false
	}
	a.emit(ctx, "app:close-requested")
	return true
}

// pageUnsaved takes the page's 'ui:unsaved' event: true while a form holds
// changes not saved yet.
func (a *App) pageUnsaved(data ...any) {
	a.unsaved.Store(len(data) > 0 && data[0] == true)
}

func (a *App) domReady(context.Context) {
	a.core.Log.Info("dom ready", "since_start_ms", time.Since(a.started).Milliseconds())
}

// notificationClicked opens, in the window brought to the front, what a
// notification tells of: a conversation of the inbox ("inbox:" and the
// contact id), a campaign ("campaign:" and its id) or Settings
// ("settings:" and its part).
func (a *App) notificationClicked(ctx context.Context, r runtime.NotificationResult) {
	if r.Error != nil {
		return
	}
	id := r.Response.ID
	if contact, ok := strings.CutPrefix(id, "inbox:"); ok {
		a.raise(ctx)
		a.emit(ctx, "inbox:open", contact)
		return
	}
	if page := noticePage(id); page != "" {
		a.raise(ctx)
		a.emit(ctx, "app:open", page)
	}
}

// noticePage is the page a notice's id opens, "" for none.
func noticePage(id string) string {
	if campaign, ok := strings.CutPrefix(id, "campaign:"); ok {
		if n, err := strconv.ParseInt(campaign, 10, 64); err == nil && n > 0 {
			return "#/campaigns/" + strconv.FormatInt(n, 10)
		}
		return ""
	}
	if strings.HasPrefix(id, "settings:") {
		return "#/settings"
	}
	return ""
}

// shutdown runs after the window has closed.
func (a *App) shutdown(ctx context.Context) {
	if a.notifying {
		runtime.CleanupNotifications(ctx)
	}
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
	a.raise(a.ctx)
}
