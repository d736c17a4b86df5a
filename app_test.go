package main

import (
	"context"
	"testing"
)

func TestApp_WindowCloseWaitsForThePageWhileChangesAreUnsaved(t *testing.T) {
	var sent []string
	a := &App{emit: func(_ context.Context, name string, _ ...any) { sent = append(sent, name) }}
	ctx := context.Background()

	if a.beforeClose(ctx) {
		t.Fatal("the window stayed open with nothing unsaved")
	}
	a.pageUnsaved(true)
	if !a.beforeClose(ctx) {
		t.Fatal("the window closed over unsaved changes")
	}
	if len(sent) != 1 || sent[0] != "app:close-requested" {
		t.Errorf("the page was told %q, want app:close-requested once", sent)
	}
	// Saved, discarded, or a payload the page never sends: the window closes.
	for _, data := range [][]any{{false}, {}, {"true"}} {
		a.pageUnsaved(true)
		a.pageUnsaved(data...)
		if a.beforeClose(ctx) {
			t.Errorf("after ui:unsaved %v the window stayed open", data)
		}
	}
}
