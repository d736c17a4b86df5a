//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// answerLeave waits for "Leave without saving?", answers with the button
// (#leave-stay or #leave-discard) and waits until the question is gone.
func answerLeave(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	waitFor(t, ctx, "the leave question", `document.querySelector('#leave-modal.show') !== null`)
	if title := eval[string](t, ctx, `document.querySelector('#leave-modal .modal-title').textContent`); title != "Leave without saving?" {
		t.Errorf("the question reads %q", title)
	}
	click(t, ctx, button)
	waitFor(t, ctx, "the leave question to go", `document.querySelector('#leave-modal') === null`)
}

// refuseUnload answers every beforeunload prompt of the tab with Stay and
// tells of each on the channel it returns.
func refuseUnload(t *testing.T, ctx context.Context) <-chan struct{} {
	prompts := make(chan struct{}, 8)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			if ev.Type != page.DialogTypeBeforeunload {
				continue
			}
			if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}); err != nil {
				t.Errorf("answer the browser's question: %v", err)
			}
			prompts <- struct{}{}
		}
	}()
	return prompts
}

func TestUnsaved_TemplateEditorAsksBeforeLeaving(t *testing.T) {
	h := startHerald(t)
	ctx := openTemplates(t, h)
	prompts := refuseUnload(t, ctx)
	click(t, ctx, "#templates-empty-new")
	waitFor(t, ctx, "the editor", `document.querySelector('#template-body')?.offsetParent !== null`)

	// Untouched, the editor lets go without a question.
	click(t, ctx, "#template-back")
	waitFor(t, ctx, "the list", `document.querySelector('#template-editor') === null`)
	if eval[bool](t, ctx, `document.querySelector('#leave-modal') !== null`) {
		t.Error("an untouched editor asked before leaving")
	}

	click(t, ctx, "#templates-empty-new")
	waitFor(t, ctx, "the editor", `document.querySelector('#template-body')?.offsetParent !== null`)
	typeInto(t, ctx, "#template-name", "Spring")
	typeInto(t, ctx, "#template-body", "Hi {{first_name|there}}")

	// Another page through the sidebar: Stay keeps the page and the text.
	click(t, ctx, `a[data-page="contacts"]`)
	answerLeave(t, ctx, "#leave-stay")
	if got := eval[string](t, ctx, `document.querySelector('#template-body').value`); got != "Hi {{first_name|there}}" {
		t.Errorf("after Stay the message reads %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector('main#page').dataset.page + ' ' + location.hash`); got != "templates #/templates" {
		t.Errorf("after Stay the page and address are %q", got)
	}

	// The editor's own Back asks too.
	click(t, ctx, "#template-back")
	answerLeave(t, ctx, "#leave-stay")
	if eval[bool](t, ctx, `document.querySelector('#template-editor') === null`) {
		t.Fatal("Stay closed the editor")
	}

	// Reloading the tab asks the browser's own question; refused, the text stays.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.reload(), true`)); err != nil {
		t.Fatalf("reload: %v", err)
	}
	select {
	case <-prompts:
	case <-time.After(15 * time.Second):
		t.Fatal("reloading with unsaved changes did not ask")
	}
	if got := eval[string](t, ctx, `document.querySelector('#template-body')?.value ?? ''`); got != "Hi {{first_name|there}}" {
		t.Errorf("after refusing the reload the message reads %q", got)
	}

	// Discard leaves for the page that was asked for, and nothing was saved.
	click(t, ctx, `a[data-page="contacts"]`)
	answerLeave(t, ctx, "#leave-discard")
	waitFor(t, ctx, "the contacts page", `document.querySelector('main#page').dataset.page === 'contacts'`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#leave-modal, .modal-backdrop').length`); n != 0 {
		t.Errorf("%d leftovers of the question on the page", n)
	}
	var stored struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(h.Call(t, "TemplateService", "List", map[string]any{"limit": 10}), &stored); err != nil {
		t.Fatal(err)
	}
	if stored.Total != 0 {
		t.Errorf("%d templates stored after Discard, want 0", stored.Total)
	}

	// Saved work leaves without a question.
	goTo(t, ctx, "templates")
	click(t, ctx, "#templates-empty-new")
	waitFor(t, ctx, "the editor", `document.querySelector('#template-body')?.offsetParent !== null`)
	typeInto(t, ctx, "#template-name", "Spring")
	typeInto(t, ctx, "#template-body", "Hi there")
	click(t, ctx, "#template-save")
	waitFor(t, ctx, "the saved toast", `document.querySelector('#toasts').textContent.includes('Saved “Spring”.')`)
	goTo(t, ctx, "contacts")
	if eval[bool](t, ctx, `document.querySelector('#leave-modal') !== null`) {
		t.Error("a saved template asked before leaving")
	}
}

func TestUnsaved_ContactEditorAsksBeforeClosing(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	ctx := openContacts(t, h)
	waitRows(t, ctx, 1)

	click(t, ctx, "#contacts-table tbody tr .contact-edit")
	waitModal(t, ctx, "contact-modal", true)
	typeInto(t, ctx, "#contact-name", "Ann Smith")

	// Cancel with a change asks; Stay keeps the form open with the text.
	click(t, ctx, "#contact-cancel")
	answerLeave(t, ctx, "#leave-stay")
	if !eval[bool](t, ctx, `document.querySelector('#contact-modal').classList.contains('show')`) {
		t.Fatal("Stay closed the form")
	}
	if got := eval[string](t, ctx, `document.querySelector('#contact-name').value`); got != "Ann Smith" {
		t.Errorf("after Stay the name reads %q", got)
	}

	// Escape asks as well; Discard closes the form and keeps the stored name.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatalf("press Escape: %v", err)
	}
	answerLeave(t, ctx, "#leave-discard")
	waitModal(t, ctx, "contact-modal", false)
	if rows := rowsText(t, ctx); len(rows) != 1 || !strings.Contains(rows[0], "Ann Lee") {
		t.Errorf("after Discard the table shows %q", rows)
	}

	// Opened again, the form shows the stored contact, and closing it untouched asks nothing.
	click(t, ctx, "#contacts-table tbody tr .contact-edit")
	waitModal(t, ctx, "contact-modal", true)
	if got := eval[string](t, ctx, `document.querySelector('#contact-name').value`); got != "Ann Lee" {
		t.Errorf("reopened, the form shows %q", got)
	}
	click(t, ctx, "#contact-cancel")
	waitModal(t, ctx, "contact-modal", false)
	if eval[bool](t, ctx, `document.querySelector('#leave-modal') !== null`) {
		t.Error("an untouched form asked before closing")
	}
}
