//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// openContacts opens the Contacts page with animations off (as for a user
// who prefers reduced motion), so a modal is where it will stay by the time
// it is clicked, and waits until the list has loaded.
func openContacts(t *testing.T, h *heraldServer) context.Context {
	t.Helper()
	ctx := openApp(t, h, "")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatalf("reduce motion: %v", err)
	}
	goTo(t, ctx, "contacts")
	waitFor(t, ctx, "the contact count", `document.querySelector('#contacts-count')?.textContent.trim() !== ''`)
	return ctx
}

// addContact creates a contact over the RPC and returns its id.
func addContact(t *testing.T, h *heraldServer, fields map[string]any) int64 {
	t.Helper()
	var c struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(h.Call(t, "ContactService", "Create", fields), &c); err != nil || c.ID == 0 {
		t.Fatalf("create %v: %v", fields, err)
	}
	return c.ID
}

// contactCount is how many contacts match q, from the backend.
func contactCount(t *testing.T, h *heraldServer, q map[string]any) int {
	t.Helper()
	var page struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(h.Call(t, "ContactService", "List", q), &page); err != nil {
		t.Fatal(err)
	}
	return page.Total
}

func click(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	// A view that redraws (a running campaign's actions, say) can replace
	// the element between chromedp finding it and clicking it: the click
	// then names a node that is gone, and finding the new one is right.
	var err error
	for range 5 {
		if err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err == nil || !staleNode(err) {
			break
		}
	}
	if err != nil {
		t.Fatalf("click %s: %v", selector, err)
	}
}

// staleNode tells whether err says a node chromedp held has left the page.
func staleNode(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Could not find node with given id") || strings.Contains(msg, "No node with given id") ||
		strings.Contains(msg, "Node is detached")
}

// typeInto replaces the text of an input by typing, as a user does.
func typeInto(t *testing.T, ctx context.Context, selector, text string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, selector))
	if text == "" {
		return
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(selector), text)); err != nil {
		t.Fatalf("type into %s: %v", selector, err)
	}
}

// choose picks an option of a select and tells the page, as a user's choice does.
func choose(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(selector), value)); err != nil {
		t.Fatalf("choose %s in %s: %v", value, selector, err)
	}
	eval[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event('change', {bubbles: true}))`, selector))
}

// waitModal waits until the modal is fully shown (or, with shown false, gone).
func waitModal(t *testing.T, ctx context.Context, id string, shown bool) {
	t.Helper()
	if shown {
		waitFor(t, ctx, "#"+id+" to open", fmt.Sprintf(`document.querySelector('#%s.show') !== null`, id))
		return
	}
	waitFor(t, ctx, "#"+id+" to close", fmt.Sprintf(`!document.querySelector('#%s.show') && !document.querySelector('.modal-backdrop')`, id))
}

// rowsText lists the text of the table's rows.
func rowsText(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll('#contacts-table tbody tr')].map(r => r.innerText)`)
}

// waitRows waits until the table shows exactly n contact rows.
func waitRows(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	waitFor(t, ctx, strconv.Itoa(n)+" rows in the table",
		fmt.Sprintf(`document.querySelectorAll('#contacts-table tbody tr[id^="contact-"]').length === %d`, n))
}

// waitCount waits until the count above the table says exactly text.
func waitCount(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	waitFor(t, ctx, "the count to say "+text, fmt.Sprintf(`document.querySelector('#contacts-count').textContent.trim() === %q`, text))
}

// pageText is what the contacts page shows.
func pageText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector('main#page').innerText`)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ptr[T any](v T) *T { return &v }

// waitNames waits until the table lists exactly these contacts (by the Name
// column, in the table's order).
func waitNames(t *testing.T, ctx context.Context, names ...string) {
	t.Helper()
	want, _ := json.Marshal(names)
	waitFor(t, ctx, "the table to list "+string(want), fmt.Sprintf(
		`JSON.stringify([...document.querySelectorAll('#contacts-table tbody tr[id^="contact-"]')].map(r => r.cells[1].innerText)) === %q`, want))
}
