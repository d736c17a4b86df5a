package events

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Wails emits into the desktop window. Its context must be the one Wails
// passed to OnStartup: Wails ends the process on any other.
type Wails struct {
	ctx context.Context
}

// NewWails returns an emitter for the window whose startup context is ctx.
func NewWails(ctx context.Context) *Wails { return &Wails{ctx: ctx} }

// Emit implements Emitter.
func (w *Wails) Emit(topic string, payload any) {
	runtime.EventsEmit(w.ctx, topic, payload)
}
