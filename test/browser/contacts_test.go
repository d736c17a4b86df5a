//go:build e2e

package browser

import (
	"strings"
	"testing"
)

func TestContacts_AddAndEditThroughTheForm(t *testing.T) {
	h := startHerald(t)
	ctx := openContacts(t, h)
	waitFor(t, ctx, "the empty state", `document.querySelector('#contacts-empty-add')?.offsetParent !== null`)
	if text := pageText(t, ctx); !strings.Contains(text, "No contacts yet") {
		t.Errorf("an empty book does not say so: %q", text)
	}
	screenshot(t, ctx, "browser-contacts-empty")

	click(t, ctx, "#contacts-add")
	waitModal(t, ctx, "contact-modal", true)
	typeInto(t, ctx, "#contact-name", "Maria Silva")
	typeInto(t, ctx, "#contact-phone", "(415) 555-2671")
	typeInto(t, ctx, "#contact-email", "maria@example.com")
	typeInto(t, ctx, "#contact-tags", "customer, lisbon")
	click(t, ctx, "#contact-add-field")
	typeInto(t, ctx, "#contact-custom .custom-field-row:last-child .custom-key", "City")
	typeInto(t, ctx, "#contact-custom .custom-field-row:last-child .custom-value", "Lisbon")
	click(t, ctx, "#contact-save")
	waitModal(t, ctx, "contact-modal", false)
	waitRows(t, ctx, 1)
	waitCount(t, ctx, "1 contact")
	row := rowsText(t, ctx)[0]
	for _, want := range []string{"Maria Silva", "+1 415 555 2671", "maria@example.com", "customer", "lisbon"} {
		if !strings.Contains(row, want) {
			t.Errorf("the new row %q lacks %q", row, want)
		}
	}

	// Edit: the form opens with what was saved, custom field included.
	click(t, ctx, "#contacts-table tbody tr .contact-edit")
	waitModal(t, ctx, "contact-modal", true)
	waitFor(t, ctx, "the saved name in the form", `document.querySelector('#contact-name').value === 'Maria Silva'`)
	custom := eval[[]string](t, ctx, `[...document.querySelectorAll('#contact-custom input')].map(i => i.value)`)
	if strings.Join(custom, "=") != "City=Lisbon" {
		t.Errorf("custom fields in the form: %q, want City=Lisbon", custom)
	}
	typeInto(t, ctx, "#contact-name", "Maria Souza")
	click(t, ctx, "#contact-save")
	waitModal(t, ctx, "contact-modal", false)
	waitFor(t, ctx, "the new name in the table", `document.querySelector('#contacts-table tbody').innerText.includes('Maria Souza')`)
	if text := rowsText(t, ctx)[0]; strings.Contains(text, "Maria Silva") {
		t.Errorf("the old name is still shown: %q", text)
	}

	// An invalid number is explained inside the form, which stays open.
	click(t, ctx, "#contacts-add")
	waitModal(t, ctx, "contact-modal", true)
	typeInto(t, ctx, "#contact-name", "Wrong Number")
	typeInto(t, ctx, "#contact-phone", "12345")
	click(t, ctx, "#contact-save")
	waitFor(t, ctx, "the inline error", `!document.querySelector('#contact-error').hidden`)
	if msg := eval[string](t, ctx, `document.querySelector('#contact-error').textContent`); !strings.Contains(msg, "not a valid phone number") {
		t.Errorf("inline error %q does not say the number is invalid", msg)
	}
	if !eval[bool](t, ctx, `document.querySelector('#contact-modal').classList.contains('show')`) {
		t.Error("the form closed on an error")
	}
	if n := contactCount(t, h, map[string]any{}); n != 1 {
		t.Errorf("%d contacts stored, want 1", n)
	}
	screenshot(t, ctx, "browser-contact-error")
}

func TestContacts_SearchAndFilterByTag(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ana Souza", "phone": "+14155552671", "tags": []string{"vip"}})
	addContact(t, h, map[string]any{"name": "Andre Lima", "phone": "+12125550187", "tags": []string{"vip", "newsletter"}})
	bruno := addContact(t, h, map[string]any{"name": "Bruno Costa", "phone": "+12025550143", "company": "Acme", "tags": []string{"newsletter"}})
	h.Call(t, "ContactService", "SetOptedOut", []int64{bruno}, true, "asked to stop")
	ctx := openContacts(t, h)
	waitRows(t, ctx, 3)
	waitCount(t, ctx, "3 contacts")
	waitNames(t, ctx, "Ana Souza", "Andre Lima", "Bruno Costa")
	// Sorting by phone and back by name happens on the server.
	click(t, ctx, "#contacts-table thead th:nth-child(3)")
	waitNames(t, ctx, "Bruno Costa", "Andre Lima", "Ana Souza")
	click(t, ctx, "#contacts-table thead th:nth-child(2)")
	waitNames(t, ctx, "Ana Souza", "Andre Lima", "Bruno Costa")

	typeInto(t, ctx, "#contacts-search", "An")
	waitNames(t, ctx, "Ana Souza", "Andre Lima")
	waitCount(t, ctx, "2 contacts match")

	// A number as people write it at home finds the E.164 contact.
	typeInto(t, ctx, "#contacts-search", "(212) 555")
	waitNames(t, ctx, "Andre Lima")
	waitCount(t, ctx, "1 contact matches")

	typeInto(t, ctx, "#contacts-search", "")
	waitCount(t, ctx, "3 contacts")
	waitFor(t, ctx, "the tag filter with counts", `[...document.querySelectorAll('#contacts-tag-filter option')].some(o => o.value === 'vip' && o.textContent === 'vip (2)')`)
	choose(t, ctx, "#contacts-tag-filter", "newsletter")
	waitNames(t, ctx, "Andre Lima", "Bruno Costa")
	waitCount(t, ctx, "2 contacts match")

	choose(t, ctx, "#contacts-optout-filter", "optedout")
	waitNames(t, ctx, "Bruno Costa")
	waitCount(t, ctx, "1 contact matches")
	if rows := rowsText(t, ctx); !strings.Contains(rows[0], "Opted out") {
		t.Errorf("an opted-out contact does not say so: %q", rows[0])
	}
	choose(t, ctx, "#contacts-optout-filter", "reachable")
	waitNames(t, ctx, "Andre Lima")
	waitCount(t, ctx, "1 contact matches")
	screenshot(t, ctx, "browser-contacts-filtered")
}

func TestContacts_UserDataIsShownAsText(t *testing.T) {
	h := startHerald(t)
	const evil = `<img src=x onerror=alert(1)>`
	addContact(t, h, map[string]any{"name": evil, "phone": "+14155552671", "company": `<b>bold</b>`, "tags": []string{`<script>window.__xss=1</script>`}})
	addContact(t, h, map[string]any{"name": `<img src=x onerror="window.__xss=1">`, "phone": "+12125550187", "notes": `"><svg onload=window.__xss=1>`, "company": `"><svg onload=window.__xss=1>`})
	ctx := openContacts(t, h)
	waitRows(t, ctx, 2)
	table := eval[string](t, ctx, `document.querySelector('#contacts-table tbody').innerText`)
	for _, want := range []string{evil, "<b>bold</b>", "<script>window.__xss=1</script>"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table does not show %q literally: %q", want, table)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#contacts-table img, #contacts-table b, #contacts-table script, #contacts-table svg').length`); n != 0 {
		t.Errorf("%d elements made from user data inside #contacts-table", n)
	}

	// The edit form and the tags panel show it as text too.
	click(t, ctx, `#contacts-table tbody tr .contact-edit`)
	waitModal(t, ctx, "contact-modal", true)
	if n := eval[int](t, ctx, `document.querySelectorAll('#contact-modal img, #contact-modal b').length`); n != 0 {
		t.Errorf("%d elements made from user data in the form", n)
	}
	click(t, ctx, "#contact-cancel")
	waitModal(t, ctx, "contact-modal", false)
	click(t, ctx, "#contacts-tags")
	waitModal(t, ctx, "tags-panel", true)
	if got := eval[string](t, ctx, `document.querySelector('#tags-list .tag-name').textContent`); got != "<script>window.__xss=1</script>" {
		t.Errorf("the tags panel shows %q", got)
	}
	if eval[bool](t, ctx, `window.__xss === 1 || document.querySelectorAll('main#page img, .modal img, .modal script').length > 0`) {
		t.Error("user data ran as HTML")
	}
}

func TestContacts_DeleteSelectedAndRenameTag(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Keep Me", "phone": "+14155552671", "tags": []string{"old-tag", "friends"}})
	one := addContact(t, h, map[string]any{"name": "Delete One", "phone": "+12125550187"})
	two := addContact(t, h, map[string]any{"name": "Delete Two", "phone": "+12025550143", "tags": []string{"old-tag"}})
	ctx := openContacts(t, h)
	waitRows(t, ctx, 3)

	click(t, ctx, `#contact-`+itoa(one)+` input.contact-select`)
	click(t, ctx, `#contact-`+itoa(two)+` input.contact-select`)
	waitFor(t, ctx, "2 selected", `document.querySelector('#contacts-selected-count').textContent === '2 contacts selected'`)
	click(t, ctx, "#contacts-bulk-delete")
	waitModal(t, ctx, "confirm-modal", true)
	if got := eval[string](t, ctx, `document.querySelector('#confirm-modal').innerText`); !strings.Contains(got, "Delete 2 contacts?") {
		t.Errorf("the confirmation says %q", got)
	}
	click(t, ctx, "#confirm-ok")
	waitModal(t, ctx, "confirm-modal", false)
	waitCount(t, ctx, "1 contact")
	if rows := rowsText(t, ctx); len(rows) != 1 || !strings.Contains(rows[0], "Keep Me") {
		t.Errorf("after deleting: %q", rows)
	}
	if n := contactCount(t, h, map[string]any{}); n != 1 {
		t.Errorf("%d contacts left in the book, want 1", n)
	}

	// Rename a tag from the panel.
	click(t, ctx, "#contacts-tags")
	waitModal(t, ctx, "tags-panel", true)
	waitFor(t, ctx, "old-tag in the panel", `document.querySelector('#tags-list tr[data-tag="old-tag"]') !== null`)
	click(t, ctx, `#tags-list tr[data-tag="old-tag"] .tag-rename`)
	typeInto(t, ctx, `#tags-list .tag-rename-input`, "customers")
	click(t, ctx, `#tags-list .tag-rename-save`)
	waitFor(t, ctx, "the renamed tag", `document.querySelector('#tags-list tr[data-tag="customers"] .tag-count')?.textContent === '1' && !document.querySelector('#tags-list tr[data-tag="old-tag"]')`)

	// Renaming onto an existing tag says it merges.
	click(t, ctx, `#tags-list tr[data-tag="customers"] .tag-rename`)
	typeInto(t, ctx, `#tags-list .tag-rename-input`, "friends")
	if hint := eval[string](t, ctx, `document.querySelector('#tags-list .tag-rename-hint').textContent`); !strings.Contains(hint, "merges") {
		t.Errorf("renaming onto an existing tag does not say it merges: %q", hint)
	}
	click(t, ctx, `#tags-list .tag-rename-save`)
	waitFor(t, ctx, "the merged tag", `document.querySelectorAll('#tags-list tbody tr').length === 1 && document.querySelector('#tags-list tr[data-tag="friends"]') !== null`)
	click(t, ctx, "#tags-close")
	waitModal(t, ctx, "tags-panel", false)
	waitFor(t, ctx, "the table to show the tag", `document.querySelector('#contacts-table tbody').innerText.includes('friends')`)
	if rows := rowsText(t, ctx); strings.Contains(rows[0], "old-tag") || strings.Contains(rows[0], "customers") {
		t.Errorf("the table still shows the old tag: %q", rows)
	}
	waitFor(t, ctx, "the tag filter to follow", `[...document.querySelectorAll('#contacts-tag-filter option')].map(o => o.value).join() === ',friends'`)
}
