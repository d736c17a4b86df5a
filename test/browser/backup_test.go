//go:build e2e

package browser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// sinceDaysAgo rewrites a stopped Herald's backup history as if backups
// had been kept for days, none made.
func sinceDaysAgo(t *testing.T, dataDir string, days int) {
	t.Helper()
	p := filepath.Join(dataDir, "backup.json")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	st["since"] = time.Now().AddDate(0, 0, -days).UTC().Format(time.RFC3339)
	raw, _ = json.Marshal(st)
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackups_BackUpNowListsTheFileAndTheSettingsStay(t *testing.T) {
	first := startHerald(t)
	addContact(t, first, map[string]any{"name": "Ann <b>Lee</b>", "phone": "+14155552671"})
	first.Stop()
	sinceDaysAgo(t, first.DataDir, 5)
	h := serveHerald(t, heraldBin, first.DataDir)

	ctx := openApp(t, h, "dashboard")
	waitFor(t, ctx, "the dashboard's warning", `document.querySelector('#dash-backup')?.textContent.includes('No backup yet') && document.querySelector('#dash-backup-stale')?.textContent.includes('No backup has been made in the 3 days')`)

	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the Backups card", `document.querySelector('#backups #backup-now') !== null && !document.querySelector('#backup-list-empty').hidden && document.querySelector('#backup-stale') !== null`)
	click(t, ctx, "#backup-now")
	waitFor(t, ctx, "the backup's result", `document.querySelector('#backup-result.alert-success')?.textContent.includes('Backed up: Herald-backup-')`)
	waitFor(t, ctx, "the file listed", `(() => {
		const rows = document.querySelectorAll('#backup-list tbody tr');
		return rows.length === 1 && rows[0].textContent.includes('1 contact, 0 templates, 0 campaigns') && /^Herald-backup-\d{4}-\d{2}-\d{2}-\d{6}\.zip$/.test(rows[0].dataset.name);
	})()`)
	waitFor(t, ctx, "the warning gone", `document.querySelector('#backup-stale') === null && document.querySelector('#backup-last').textContent.includes('Last backup:')`)
	name := eval[string](t, ctx, `document.querySelector('#backup-list tbody tr').dataset.name`)
	if _, err := os.Stat(filepath.Join(h.DataDir, "backups", name)); err != nil {
		t.Fatalf("the listed backup is not in the data folder: %v", err)
	}
	screenshot(t, ctx, "browser-settings-backups")

	// A folder that is no full path is refused in words; a good one is kept.
	folder := filepath.Join(t.TempDir(), "Synced", "Herald")
	eval[bool](t, ctx, `(() => { const el = document.querySelector('#backup-time'); el.value = '03:15'; el.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	typeInto(t, ctx, "#backup-keep", "3")
	typeInto(t, ctx, "#backup-folder", "relative/folder")
	click(t, ctx, "#backup-include-whatsapp")
	click(t, ctx, "#backup-save")
	waitFor(t, ctx, "the refusal", `!document.querySelector('#backup-settings-problem').hidden && document.querySelector('#backup-settings-problem').textContent.includes('Give the backup folder as a full path')`)
	typeInto(t, ctx, "#backup-folder", folder)
	click(t, ctx, "#backup-save")
	waitFor(t, ctx, "the saved settings", `[...document.querySelectorAll('.toast')].some((el) => el.textContent.includes('Herald backs up every day at 03:15'))`)
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`main#page[data-page]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the settings after a reload", `document.querySelector('#backup-time')?.value === '03:15' && document.querySelector('#backup-keep').value === '3' && document.querySelector('#backup-folder').value === `+jsString(folder)+` && document.querySelector('#backup-include-whatsapp').checked && document.querySelector('#backup-automatic').checked && document.querySelector('#backup-last').textContent.includes('Next automatic backup')`)
	// The list is the chosen folder's, empty until a backup goes there.
	waitFor(t, ctx, "the new folder's empty list", `!document.querySelector('#backup-list-empty').hidden`)

	goTo(t, ctx, "dashboard")
	waitFor(t, ctx, "the dashboard's last backup", `document.querySelector('#dash-backup')?.textContent.includes('Last backup:') && document.querySelector('#dash-backup-stale') === null`)
}

// The window's File → Back up now sends menu:backup-now to the page; here
// the page's own runtime sends it, as the menu would.
func TestBackups_TheAppMenuBacksUpFromAnyPage(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "dashboard")
	waitFor(t, ctx, "the dashboard's backup line", `document.querySelector('#dash-backup')?.textContent.includes('No backup yet')`)
	eval[bool](t, ctx, `(() => { window.runtime.EventsEmit('menu:backup-now'); return true; })()`)
	waitFor(t, ctx, "the backup's toast", `[...document.querySelectorAll('.toast')].some((el) => /Backed up: Herald-backup-\d{4}-\d{2}-\d{2}-\d{6}\.zip/.test(el.textContent))`)
	waitFor(t, ctx, "the dashboard following", `document.querySelector('#dash-backup').textContent.includes('Last backup:')`)
	var list []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(h.Call(t, "BackupService", "List"), &list); err != nil || len(list) != 1 {
		t.Fatalf("backups listed after the menu's: %+v, %v", list, err)
	}
}
