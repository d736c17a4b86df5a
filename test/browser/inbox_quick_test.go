//go:build e2e

package browser

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A quick reply written on the Templates page is inserted in a
// conversation by typing / and part of its name, chosen with the arrows
// and Enter, rendered for the contact, and sent.
func TestInbox_QuickReplyIsChosenWithSlashAndSent(t *testing.T) {
	h := startWithPhone(t)
	linkPhone(t, h)
	h.Call(t, "ContactService", "Create", map[string]any{"name": "Ana Souza", "phone": "+12025550102"})
	h.Call(t, "TemplateService", "Create", map[string]any{"name": "Opening days", "body": "Monday to Saturday.", "kind": "quick_reply"})
	addTemplate(t, h, "Opening offer", "Not a quick reply")
	ctx := openApp(t, h, "")

	goTo(t, ctx, "templates")
	click(t, ctx, "#templates-new-quick")
	waitFor(t, ctx, "the editor for a quick reply", `document.querySelector('#template-kind')?.value === 'quick_reply' && document.querySelector('#template-category').closest('.col-md-3').hidden`)
	typeInto(t, ctx, "#template-name", "Opening hours")
	typeInto(t, ctx, "#template-body", "Hi {{first_name|there}}, we open at 9.")
	click(t, ctx, "#template-save")
	waitFor(t, ctx, "the saved toast", `document.querySelector('#toasts').textContent.includes('Saved “Opening hours”.')`)
	click(t, ctx, "#template-back")
	choose(t, ctx, "#templates-kind", "quick_reply")
	waitFor(t, ctx, "only the quick replies listed", `[...document.querySelectorAll('#templates-table tbody tr[data-id] .template-open')].map((a) => a.textContent).join('|') === 'Opening days|Opening hours'`)

	h.Call(t, "FakePhoneService", "Write", "+12025550102", "When do you open?")
	goTo(t, ctx, "inbox")
	click(t, ctx, "#inbox-conversations .inbox-conversation")
	waitFor(t, ctx, "the conversation", `document.querySelector('#inbox-chat')?.dataset.contact > 0`)

	typeInto(t, ctx, "#inbox-reply", "/")
	waitFor(t, ctx, "every quick reply offered", `!document.querySelector('#inbox-quick').hidden && document.querySelectorAll('#inbox-quick .inbox-quick-item').length === 2`)
	key(t, ctx, kb.Escape)
	waitFor(t, ctx, "Esc to close the list", `document.querySelector('#inbox-quick').hidden`)

	typeInto(t, ctx, "#inbox-reply", "/open")
	waitFor(t, ctx, "the quick replies named “open”, not the campaign message", `!document.querySelector('#inbox-quick').hidden && [...document.querySelectorAll('#inbox-quick .inbox-quick-item .fw-semibold')].map((el) => el.textContent).join('|') === 'Opening days|Opening hours'`)
	key(t, ctx, kb.ArrowDown)
	waitFor(t, ctx, "the second one active", `document.querySelector('#inbox-quick .inbox-quick-item.active .fw-semibold')?.textContent === 'Opening hours'`)
	pressEnter(t, ctx)
	waitFor(t, ctx, "the quick reply rendered for Ana in the box", `document.querySelector('#inbox-reply').value === 'Hi Ana, we open at 9.' && document.querySelector('#inbox-quick').hidden`)
	click(t, ctx, "#inbox-send")
	waitFor(t, ctx, "the answer in the chat", `[...document.querySelectorAll('#inbox-messages .inbox-out .inbox-text')].some((el) => el.textContent === 'Hi Ana, we open at 9.')`)

	// Someone who is no contact gets the fallbacks.
	h.Call(t, "FakePhoneService", "Write", "+12025550199", "Hours?")
	waitFor(t, ctx, "the stranger's conversation", `document.querySelectorAll('#inbox-conversations .inbox-conversation').length === 2`)
	click(t, ctx, "#inbox-conversations .inbox-conversation")
	waitFor(t, ctx, "the stranger's chat", `document.querySelector('#inbox-chat')?.dataset.contact < 0`)
	typeInto(t, ctx, "#inbox-reply", "/hours")
	waitFor(t, ctx, "the one quick reply named “hours”", `!document.querySelector('#inbox-quick').hidden && document.querySelectorAll('#inbox-quick .inbox-quick-item').length === 1`)
	pressEnter(t, ctx)
	waitFor(t, ctx, "the quick reply with its fallback", `document.querySelector('#inbox-reply').value === 'Hi there, we open at 9.'`)
}

// pressEnter presses Enter as a keyboard does: one keydown that carries its
// text, so that a page preventing the keydown gets no new line (chromedp's
// KeyEvent sends the text as an event of its own, which nothing prevents).
func pressEnter(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		for _, k := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, Text: "\r"},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13},
		} {
			if _, err := cdp.Call(ctx, tgt, input.DispatchKeyEvent, k); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatalf("press Enter: %v", err)
	}
}

// key presses one key in the element that has the focus.
func key(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatalf("press %q: %v", k, err)
	}
}
