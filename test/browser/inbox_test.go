//go:build e2e

package browser

import (
	"fmt"
	"testing"
)

// The inbox over the fake WhatsApp: a customer's message arrives live with
// the sidebar's badge, shows as text, is answered, and the answer's read
// receipt comes back; a number that is no contact has its conversation too.
func TestInbox_ReplyArrivesLiveIsAnsweredAndSearched(t *testing.T) {
	h := startWithPhone(t)
	linkPhone(t, h)
	h.Call(t, "ContactService", "Create", map[string]any{"name": "Ana Souza", "phone": "+12025550102"})
	ctx := openApp(t, h, "")

	h.Call(t, "FakePhoneService", "Write", "+12025550102", "Is the <b>sale</b> still on?")
	waitFor(t, ctx, "the unread badge", `(() => { const b = document.querySelector('#inbox-unread'); return b && !b.hidden && b.textContent === '1'; })()`)

	goTo(t, ctx, "inbox")
	row := `#inbox-conversations .inbox-conversation`
	waitFor(t, ctx, "Ana's conversation", fmt.Sprintf(`document.querySelector(%q)?.querySelector('.inbox-name')?.textContent === 'Ana Souza'`, row))
	if got := eval[string](t, ctx, `document.querySelector('#inbox-conversations .inbox-last').textContent`); got != "Is the <b>sale</b> still on?" {
		t.Errorf("last message shown as %q, want the text as written", got)
	}
	if eval[bool](t, ctx, `document.querySelector('#inbox-conversations b, #inbox-conversations .inbox-last *') !== null`) {
		t.Error("the message's HTML became elements")
	}

	click(t, ctx, row)
	waitFor(t, ctx, "the message in the chat", `[...document.querySelectorAll('#inbox-messages .inbox-in .inbox-text')].some((el) => el.textContent === 'Is the <b>sale</b> still on?')`)
	waitFor(t, ctx, "opening to clear the badge", `document.querySelector('#inbox-unread').hidden`)
	click(t, ctx, "#inbox-toggle-read")
	waitFor(t, ctx, "mark unread to show the badge", `!document.querySelector('#inbox-unread').hidden && document.querySelector('#inbox-toggle-read').textContent === 'Mark read'`)
	click(t, ctx, "#inbox-toggle-read")
	waitFor(t, ctx, "mark read to clear the badge", `document.querySelector('#inbox-unread').hidden`)

	typeInto(t, ctx, "#inbox-reply", "Yes, until Sunday.")
	click(t, ctx, "#inbox-send")
	waitFor(t, ctx, "the answer sent", `[...document.querySelectorAll('#inbox-messages .inbox-out')].some((el) => el.textContent.includes('Yes, until Sunday.') && el.dataset.state === 'sent')`)
	h.Call(t, "FakePhoneService", "ReadAll")
	waitFor(t, ctx, "the answer read", `document.querySelector('#inbox-messages .inbox-out:last-child')?.dataset.state === 'read'`)

	h.Call(t, "FakePhoneService", "Write", "+12025550102", "Great, see you")
	waitFor(t, ctx, "the next message live in the open chat", `document.querySelector('#inbox-messages .inbox-message:last-child .inbox-text')?.textContent === 'Great, see you'`)
	h.Call(t, "FakePhoneService", "Write", "+12025550103", "Who are you?")
	waitFor(t, ctx, "a stranger's conversation", fmt.Sprintf(`document.querySelectorAll(%q).length === 2 && Number(document.querySelector(%q).dataset.contact) < 0`, row, row))

	stranger := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).dataset.contact`, row))
	eval[bool](t, ctx, fmt.Sprintf(`(() => { location.hash = '#/inbox/%s'; return true; })()`, stranger))
	waitFor(t, ctx, "the address to open the stranger's conversation", fmt.Sprintf(`document.querySelector('#inbox-chat')?.dataset.contact === %q && !document.querySelector('#inbox-add-contact').hidden`, stranger))

	typeInto(t, ctx, "#inbox-search", "sunday")
	waitFor(t, ctx, "search to find the answer's conversation", fmt.Sprintf(`document.querySelectorAll(%q).length === 1 && document.querySelector(%q + ' .inbox-name').textContent === 'Ana Souza'`, row, row))
	typeInto(t, ctx, "#inbox-search", "zebra")
	waitFor(t, ctx, "search to find nothing", fmt.Sprintf(`document.querySelectorAll(%q).length === 0`, row))
}
