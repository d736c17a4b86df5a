//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// startImport writes content to a file named name, opens the import dialog
// with it and waits for the preview.
func startImport(t *testing.T, ctx context.Context, name, content string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#contacts-import")
	waitModal(t, ctx, "import-modal", true)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{path})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the preview", `document.querySelector('#import-preview')?.offsetParent != null`)
}

// previewStored lists the preview's first column: how each row's phone will
// be stored, or why the row will not import, with the row's mark.
func previewStored(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll('#import-preview tbody tr')].map(r => r.dataset.check + ': ' + r.querySelector('.import-stored').innerText.replace(/\s+/g, ' ').trim())`)
}

func TestImport_SecondNumberIsKeptAndTheMobileChosen(t *testing.T) {
	h := startHerald(t)
	ctx := openContacts(t, h)
	startImport(t, ctx, "google.csv", "Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n"+
		"Ana Ruiz,Work,+44 20 7946 0958,Mobile,+44 7400 123456\n")
	if got := strings.Join(previewStored(t, ctx), "\n"); got != "ok: +44 7400 123456 · United Kingdom and 1 other number kept on the contact" {
		t.Errorf("stored phone in the preview: %q", got)
	}
	click(t, ctx, "#import-start")
	waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)
	if look := eval[string](t, ctx, `document.querySelector('#import-summary').dataset.outcome`); look != "success" {
		t.Errorf("the summary looks %q, want success", look)
	}
	note := eval[string](t, ctx, `document.querySelector('#import-notes li')?.textContent.replaceAll('\u00a0', ' ') ?? 'no note'`)
	if note != "Line 2, Ana Ruiz, +44 20 7946 0958: Chose the mobile +44 7400 123456 over the landline +44 20 7946 0958 for WhatsApp; the other number is kept on the contact." {
		t.Errorf("the note on the row: %q", note)
	}
	click(t, ctx, "#import-done")
	waitModal(t, ctx, "import-modal", false)
	waitRows(t, ctx, 1)

	var contact struct {
		Phone       string `json:"phone"`
		OtherPhones []struct {
			Label  string `json:"label"`
			Number string `json:"number"`
		} `json:"otherPhones"`
	}
	get := func() {
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(h.Call(t, "ContactService", "List", map[string]any{}), &page); err != nil || len(page.Items) != 1 {
			t.Fatalf("list: %v", err)
		}
		if err := json.Unmarshal(h.Call(t, "ContactService", "Get", page.Items[0].ID), &contact); err != nil {
			t.Fatal(err)
		}
	}
	get()
	if contact.Phone != "+447400123456" || len(contact.OtherPhones) != 1 || contact.OtherPhones[0].Label != "Work" || contact.OtherPhones[0].Number != "+442079460958" {
		t.Errorf("stored contact %+v", contact)
	}

	// The editor shows the other number and takes another.
	click(t, ctx, "#contacts-table tbody tr .contact-edit")
	waitModal(t, ctx, "contact-modal", true)
	waitFor(t, ctx, "the other number in the form", `document.querySelector('#contact-other-phones .other-phone-number')?.value === '+442079460958'`)
	if label := eval[string](t, ctx, `document.querySelector('#contact-other-phones .other-phone-label').value`); label != "Work" {
		t.Errorf("the other number's label in the form: %q", label)
	}
	screenshot(t, ctx, "browser-contact-other-numbers")
	click(t, ctx, "#contact-add-phone")
	typeInto(t, ctx, "#contact-other-phones .other-phone-row:last-child .other-phone-label", "Home")
	typeInto(t, ctx, "#contact-other-phones .other-phone-row:last-child .other-phone-number", "+44 161 496 0000")
	click(t, ctx, "#contact-save")
	waitModal(t, ctx, "contact-modal", false)
	get()
	if len(contact.OtherPhones) != 2 || contact.OtherPhones[1].Label != "Home" || contact.OtherPhones[1].Number != "+441614960000" {
		t.Errorf("after the edit: %+v", contact.OtherPhones)
	}
}

func TestImport_APartlyFailedImportSaysSoRowByRow(t *testing.T) {
	h := startHerald(t)
	ctx := openContacts(t, h)
	startImport(t, ctx, "partly.csv", "Name,Phone\n"+
		"Ana Ruiz,(415) 555-2671\n"+
		"Ben Short,555 12\n"+
		"Cy Letters,call me\n"+
		"Di Nobody,\n")
	stored := strings.Join(previewStored(t, ctx), "\n")
	wantStored := strings.Join([]string{
		"ok: +1 415 555 2671 · United States",
		"fail: Will fail The number is too short for United States (+1). Write it with its country code, like +1 201 555 0123.",
		"fail: Will fail This is not a phone number. Write it with its country code, like +1 201 555 0123.",
		"skip: Will be skipped The row has no phone number. Add one to the file to import this contact.",
	}, "\n")
	if stored != wantStored {
		t.Errorf("preview rows:\n%s\nwant\n%s", stored, wantStored)
	}
	if note := eval[string](t, ctx, `document.querySelector('#import-checks')?.innerText ?? ''`); !strings.Contains(note, "2 rows will fail") || !strings.Contains(note, "1 row will be skipped") {
		t.Errorf("the preview's warning: %q", note)
	}
	checkWords(t, ctx, "the import preview")
	screenshot(t, ctx, "browser-import-preview-checks")
	// Reading the name column as the phone, every row fails or is skipped: the marks follow the mapping.
	choose(t, ctx, `select.import-map[data-column="1"]`, "")
	choose(t, ctx, `select.import-map[data-column="0"]`, "phone")
	waitFor(t, ctx, "the checks of the new mapping", `[...document.querySelectorAll('#import-preview tbody tr')].every(r => r.dataset.check === 'fail' || r.dataset.check === 'skip')`)
	choose(t, ctx, `select.import-map[data-column="0"]`, "name")
	choose(t, ctx, `select.import-map[data-column="1"]`, "phone")
	waitFor(t, ctx, "the checks back", `document.querySelector('#import-preview tbody tr').dataset.check === 'ok'`)

	click(t, ctx, "#import-start")
	waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)
	if look := eval[string](t, ctx, `document.querySelector('#import-summary').dataset.outcome`); look != "partly" {
		t.Errorf("the summary looks %q, want partly", look)
	}
	if eval[bool](t, ctx, `document.querySelector('#import-headline .fa-circle-check') !== null`) {
		t.Error("a partly failed import shows a tick")
	}
	headline := eval[string](t, ctx, `document.querySelector('#import-headline').innerText.trim()`)
	if headline != "Herald imported 1 of the 4 rows of partly.csv. 3 were not imported: the list below says why and what to do." {
		t.Errorf("headline %q", headline)
	}
	problems := eval[[]string](t, ctx, `[...document.querySelectorAll('#import-problems tbody tr')].map(r => r.dataset.outcome + ' ' + r.querySelector('.import-problem').innerText.replaceAll('\u00a0', ' '))`)
	want := []string{
		"failed Line 3, Ben Short, 555 12: The number is too short for United States (+1). Write it with its country code, like +1 201 555 0123.",
		"failed Line 4, Cy Letters, call me: This is not a phone number. Write it with its country code, like +1 201 555 0123.",
		"skipped Line 5, Di Nobody: The row has no phone number. Add one to the file to import this contact.",
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	explained := eval[string](t, ctx, `document.querySelector('#import-outcomes')?.innerText ?? ''`)
	if !strings.Contains(explained, "A row is skipped when it has no phone number") || !strings.Contains(explained, "A row fails when Herald cannot read its number") {
		t.Errorf("skipped and failed are not explained: %q", explained)
	}
	checkWords(t, ctx, "the import summary")
	screenshot(t, ctx, "browser-import-summary-partly")

	// A file none of whose rows can be imported says so, without a tick.
	click(t, ctx, "#import-done")
	waitModal(t, ctx, "import-modal", false)
	startImport(t, ctx, "none.csv", "Name,Phone\nEd Short,555 13\n")
	click(t, ctx, "#import-start")
	waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)
	if look := eval[string](t, ctx, `document.querySelector('#import-summary').dataset.outcome`); look != "none" {
		t.Errorf("the summary of an import of nothing looks %q, want none", look)
	}
	headline = eval[string](t, ctx, `document.querySelector('#import-headline').innerText.trim()`)
	if headline != "Nothing was imported from none.csv: its one row could not be imported. The list below says why and what to do." {
		t.Errorf("headline %q", headline)
	}
}
