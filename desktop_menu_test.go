package main

import (
	"testing"

	"github.com/wailsapp/wails/v2/pkg/menu"
)

func TestAppMenuBackUpNowCallsTheBackup(t *testing.T) {
	calls := 0
	m := appMenu(func() { calls++ })
	var item *menu.MenuItem
	for _, top := range m.Items {
		if top.Label != "File" || top.SubMenu == nil {
			continue
		}
		for _, it := range top.SubMenu.Items {
			if it.Label == "Back up now" {
				item = it
			}
		}
	}
	if item == nil {
		t.Fatal("no File → Back up now in the app menu")
	}
	item.Click(&menu.CallbackData{MenuItem: item})
	if calls != 1 {
		t.Fatalf("the item called the backup %d times, want 1", calls)
	}
}
