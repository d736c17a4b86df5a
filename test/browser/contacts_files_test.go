//go:build e2e

package browser

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

func TestContacts_ImportReportsEveryBadRow(t *testing.T) {
	h := startHerald(t)
	// Dana's number is already in the book: the import fills her empty
	// fields.
	addContact(t, h, map[string]any{"name": "Dana Old", "phone": "+12125550187"})
	file, err := filepath.Abs("testdata/import_with_problems.csv")
	if err != nil {
		t.Fatal(err)
	}
	ctx := openContacts(t, h)
	waitRows(t, ctx, 1)

	click(t, ctx, "#contacts-import")
	waitModal(t, ctx, "import-modal", true)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the preview", `document.querySelector('#import-preview')?.offsetParent != null`)
	if got := eval[string](t, ctx, `document.querySelector('#import-detected').innerText`); !strings.Contains(got, "CSV") || !strings.Contains(got, "commas") {
		t.Errorf("detected: %q", got)
	}
	mapping := eval[[]string](t, ctx, `[...document.querySelectorAll('select.import-map')].map(s => s.selectedOptions[0].textContent)`)
	if strings.Join(mapping, "|") != "Name|Phone number|Email|Custom: Employer|Custom: City" {
		t.Errorf("suggested mapping %q", mapping)
	}
	screenshot(t, ctx, "browser-import-preview")
	// The user says the Employer column is the company.
	choose(t, ctx, `select.import-map[data-column="3"]`, "company")
	click(t, ctx, "#import-save-mapping")
	click(t, ctx, "#import-start")
	waitFor(t, ctx, "the merge step", `document.querySelector('#import-merge')?.offsetParent != null`)
	click(t, ctx, "#import-merge-start")
	waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)
	stats := eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('#import-summary [data-stat]')].map(s => [s.dataset.stat, s.querySelector('.import-stat-value').textContent]))`)
	if stats["created"] != "1" || stats["updated"] != "1" || stats["skipped"] != "1" || stats["failed"] != "1" {
		t.Errorf("summary counts %v, want 1 created, 1 updated, 1 skipped, 1 failed", stats)
	}
	problems := eval[[]string](t, ctx, `[...document.querySelectorAll('#import-problems .import-problem')].map(r => r.innerText.replaceAll('\u00a0', ' '))`)
	want := []string{
		"Line 3, Bob NoPhone: The row has no phone number. Add one to the file to import this contact.",
		"Line 4, Carl BadNumber, 12345: The number is too short for United States (+1). Write it with its country code, like +1 201 555 0123.",
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problem rows %q, want %q", problems, want)
	}
	if !eval[bool](t, ctx, `document.querySelector('#import-report')?.textContent.includes('Download the list (CSV)')`) {
		t.Error("no button to download the list of problems")
	}
	waitFor(t, ctx, "the table behind to reload", `document.querySelector('#contacts-table tbody').innerText.includes('Alice Import')`)
	screenshot(t, ctx, "browser-import-summary")

	click(t, ctx, "#import-done")
	waitModal(t, ctx, "import-modal", false)
	waitCount(t, ctx, "2 contacts")
	rows := strings.Join(rowsText(t, ctx), "\n")
	for _, want := range []string{"Alice Import", "Acme", "Dana Old", "Umbrella"} {
		if !strings.Contains(rows, want) {
			t.Errorf("after the import the table lacks %q: %q", want, rows)
		}
	}
	if strings.Contains(rows, "Bob NoPhone") || strings.Contains(rows, "Carl BadNumber") {
		t.Errorf("bad rows were imported: %q", rows)
	}
	screenshot(t, ctx, "browser-contacts")
}

// download starts the contacts export chosen by item and returns the downloaded file.
func download(t *testing.T, ctx context.Context, dir, item string) string {
	t.Helper()
	return downloadFrom(t, ctx, dir, "#contacts-export", item)
}

// downloadFrom opens the export menu toggled by menu, clicks item and returns
// the file the browser downloaded into dir.
func downloadFrom(t *testing.T, ctx context.Context, dir, menu, item string) string {
	t.Helper()
	return downloadAfter(t, ctx, dir, func() {
		click(t, ctx, menu)
		waitFor(t, ctx, "the export menu", `document.querySelector('`+menu+` + .dropdown-menu.show') !== null`)
		click(t, ctx, item)
	})
}

// downloadAfter runs start, which makes the page download a file, and
// returns that file, downloaded into dir.
func downloadAfter(t *testing.T, ctx context.Context, dir string, start func()) string {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	progress := chromedp.Events(wait, browser.DownloadProgress)
	start()
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		case browser.DownloadProgressStateCanceled:
			t.Fatal("the download was cancelled")
		}
	}
	t.Fatal("no download arrived")
	return ""
}

func TestContacts_ExportDownloadsTheFilteredOrSelectedContacts(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "=1+2", "phone": "+14155552671", "company": "@SUM(A1)", "tags": []string{"export"}})
	second := addContact(t, h, map[string]any{"name": "Plain Person", "phone": "+12125550187", "tags": []string{"export"}})
	addContact(t, h, map[string]any{"name": "Not Exported", "phone": "+12025550143"})
	ctx := openContacts(t, h)
	dir := t.TempDir()
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true),
	}); err != nil {
		t.Fatal(err)
	}
	waitRows(t, ctx, 3)
	choose(t, ctx, "#contacts-tag-filter", "export")
	waitCount(t, ctx, "2 contacts match")

	csv := download(t, ctx, dir, "#contacts-export-csv")
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(csv, "\r\n", "\n")), "\n")
	if len(lines) != 3 {
		t.Fatalf("the export of tag export has %d lines, want a header and 2 rows:\n%s", len(lines), csv)
	}
	if !strings.Contains(csv, "'=1+2") || !strings.Contains(csv, "'@SUM(A1)") {
		t.Errorf("formulas are not neutralised:\n%s", csv)
	}
	if !strings.Contains(csv, ",+14155552671,") || strings.Contains(csv, "Not Exported") {
		t.Errorf("the phone column is not a usable number or the filter was ignored:\n%s", csv)
	}
	waitFor(t, ctx, "the confirmation", `document.querySelector('#toasts').innerText.includes('Saved 2 contacts')`)
	// The browser's copy is the one Herald wrote to its exports folder.
	written, _ := filepath.Glob(filepath.Join(h.DataDir, "exports", "*.csv"))
	if len(written) != 1 {
		t.Fatalf("exports folder holds %v", written)
	}
	if b, _ := os.ReadFile(written[0]); string(b) != csv {
		t.Error("the download differs from the file Herald wrote")
	}

	// With rows selected, Export saves just those.
	click(t, ctx, `#contact-`+itoa(second)+` input.contact-select`)
	waitFor(t, ctx, "the selection bar", `!document.querySelector('#contacts-bulk').hidden`)
	csv = download(t, ctx, dir, "#contacts-export-csv")
	if !strings.Contains(csv, "Plain Person") || strings.Contains(csv, "=1+2") {
		t.Errorf("the export of the selection is:\n%s", csv)
	}
}
