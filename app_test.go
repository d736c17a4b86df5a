package main

import (
	"context"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/runtime"
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

func TestApp_ANotificationOfTheInboxOpensItsConversation(t *testing.T) {
	var sent [][]any
	raised := 0
	a := &App{emit: func(_ context.Context, name string, data ...any) { sent = append(sent, append([]any{name}, data...)) },
		raise: func(context.Context) { raised++ }}
	ctx := context.Background()
	a.notificationClicked(ctx, runtime.NotificationResult{Response: runtime.NotificationResponse{ID: "inbox:-7"}})
	if raised != 1 || len(sent) != 1 || sent[0][0] != "inbox:open" || sent[0][1] != "-7" {
		t.Errorf("after a click: raised %d, sent %v; want the window raised and inbox:open -7", raised, sent)
	}
	a.notificationClicked(ctx, runtime.NotificationResult{Response: runtime.NotificationResponse{ID: "other:1"}})
	if raised != 1 || len(sent) != 1 {
		t.Errorf("a notification not of the inbox did something: raised %d, sent %v", raised, sent)
	}
}

func TestApp_ANotificationOfANoticeOpensItsCampaignOrTheSettings(t *testing.T) {
	var sent [][]any
	raised := 0
	a := &App{emit: func(_ context.Context, name string, data ...any) { sent = append(sent, append([]any{name}, data...)) },
		raise: func(context.Context) { raised++ }}
	ctx := context.Background()
	for _, c := range []struct{ id, want string }{
		{"campaign:42", "#/campaigns/42"},
		{"settings:backup", "#/settings"},
	} {
		sent, raised = nil, 0
		a.notificationClicked(ctx, runtime.NotificationResult{Response: runtime.NotificationResponse{ID: c.id}})
		if raised != 1 || len(sent) != 1 || sent[0][0] != "app:open" || sent[0][1] != c.want {
			t.Errorf("a click on %s: raised %d, sent %v; want the window raised and app:open %s", c.id, raised, sent, c.want)
		}
	}
	for _, id := range []string{"campaign:x", "campaign:-1", "campaign:", "backup"} {
		sent, raised = nil, 0
		a.notificationClicked(ctx, runtime.NotificationResult{Response: runtime.NotificationResponse{ID: id}})
		if raised != 0 || len(sent) != 0 {
			t.Errorf("a click on %q: raised %d, sent %v; want nothing", id, raised, sent)
		}
	}
}
