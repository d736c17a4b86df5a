//go:build e2e

package browser

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A backup made earlier, chosen from the list, shows what it holds beside
// what Herald holds now, and once confirmed brings its contacts back: the
// page reloads by itself and the contact added since is gone.
func TestRestore_ABackupFromTheListBringsBackItsContacts(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ann <b>Lee</b>", "phone": "+14155552671"})
	h.Call(t, "BackupService", "BackupNow")
	addContact(t, h, map[string]any{"name": "Zed Later", "phone": "+14155552672"})

	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the Restore card with the backup", `document.querySelector('#restore #restore-choice')?.options.length === 1 && !document.querySelector('#restore-chosen').disabled`)
	click(t, ctx, "#restore-chosen")
	waitFor(t, ctx, "the backup beside the data now", `document.activeElement?.id === 'restore-cancel' && document.querySelector('#restore-modal [data-restore="backup-contacts"]')?.textContent === '1' && document.querySelector('#restore-modal [data-restore="now-contacts"]').textContent === '2'`)
	checkWords(t, ctx, "the restore dialog")
	screenshot(t, ctx, "browser-settings-restore")
	// The page reloads once the backup is in place: what this page set is gone.
	eval[bool](t, ctx, `(window.beforeRestore = true)`)
	click(t, ctx, "#restore-confirm")
	waitAcrossReload(t, ctx, "the page reloaded", `window.beforeRestore === undefined && document.querySelector('main#page[data-page="settings"]') !== null`)
	// The data replaced was kept as a backup of its own, now listed.
	waitFor(t, ctx, "the safety backup listed", `[...document.querySelectorAll('#backup-list tbody tr')].some((tr) => tr.textContent.includes('before a restore') && tr.textContent.includes('2 contacts'))`)

	goTo(t, ctx, "contacts")
	waitFor(t, ctx, "the backup's contacts", `(() => {
		const body = document.querySelector('#contacts-table tbody');
		return body?.innerText.includes('Ann <b>Lee</b>') && !body.innerText.includes('Zed Later') && !body.querySelector('b');
	})()`)
}

// A file that is no Herald backup, uploaded to restore, is refused with
// the reason in words, and nothing changes.
func TestRestore_ABadUploadedFileIsRefusedInWords(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	bad := filepath.Join(t.TempDir(), "Herald-backup-2026-01-02-030405.zip")
	if err := os.WriteFile(bad, []byte("not a zip at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the Restore card", `document.querySelector('#restore #restore-file') !== null`)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#restore-file"), []string{bad})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the refusal", `!document.querySelector('#restore-error').hidden && document.querySelector('#restore-error').textContent.includes('is not a Herald backup')`)
	if eval[bool](t, ctx, `document.querySelector('#restore-modal') !== null`) {
		t.Error("a refused file was offered to restore")
	}
	goTo(t, ctx, "contacts")
	waitFor(t, ctx, "the contacts as they were", `document.querySelector('#contacts-table tbody')?.innerText.includes('Ann Lee')`)
}

// waitFor's predicate, polled again when the page navigates away under a
// poll (a reload), until it holds in the new page.
func waitAcrossReload(t *testing.T, ctx context.Context, what, predicate string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate, chromedp.WithPollingTimeout(15*time.Second)))
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", what, err)
		}
	}
}
