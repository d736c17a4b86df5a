//go:build e2e

package browser

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// toastCover is a function of a CSS selector: while a toast shows, it
// names a visible button, link, field or label inside what the selector
// picks that a toast's box overlaps, "" when none is, "no toast" when no
// toast shows.
const toastCover = `((scope) => {
  const toasts = [...document.querySelectorAll('#toasts .toast.show')];
  if (!toasts.length) return 'no toast';
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const el of document.querySelectorAll(scope)) {
    for (const control of el.querySelectorAll('button, a, input, select, textarea, label')) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (toasts.some((t) => meets(t.getBoundingClientRect(), box))) return 'a toast covers ' + control.outerHTML.slice(0, 80);
    }
  }
  return '';
})`

// nextHit says where a click at the middle of the wizard's Next button
// lands, "" when on the button.
const nextHit = `(() => {
  const next = document.querySelector('#wizard-next');
  const r = next.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return next.contains(hit) ? '' : 'a click on Next lands on ' + (hit?.closest('.toast') ? 'a toast' : hit?.outerHTML.slice(0, 80));
})()`

func TestToasts_ANoticeShowingNeverStopsAClickOnTheWizardsNext(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 2 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Toast Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3500+i)})
	}
	tmpl := addTemplate(t, h, "Toast", "Hello {{first_name|there}}")
	ctx := openCampaigns(t, h)
	// The smallest window Herald opens at: the wizard's footer reaches the
	// bottom right corner, where a toast is most in the way.
	resize(t, ctx, windowSize{1024, 700})
	click(t, ctx, "#campaigns-empty-new")
	fillBasics(t, ctx, "Toasted", tmpl)
	eval[bool](t, ctx, `(document.querySelector('#campaign-wizard .card-footer').scrollIntoView({block: 'end'}), true)`)
	if bottom := eval[float64](t, ctx, `innerHeight - document.querySelector('#wizard-next').getBoundingClientRect().bottom`); bottom > 60 {
		t.Fatalf("the Next button is %.0f px above the window's bottom; the test needs it in the corner", bottom)
	}

	// A campaign finishes while the wizard is open: its notice shows as a
	// toast, at a time of its own.
	addCampaign(t, h, "Night run", tmpl, noLimits, true)
	waitFor(t, ctx, "the finished campaign's toast", `[...document.querySelectorAll('#toasts .toast.show')].some((el) => el.textContent.includes('Campaign finished'))`)
	if covered := eval[string](t, ctx, nextHit+" || "+toastCover+"('main#page, .app-sidebar')"); covered != "" {
		t.Fatalf("with the toast showing, %s", covered)
	}
	screenshot(t, ctx, "browser-toast-beside-the-wizard")
	wizardStep(t, ctx, "preview")

	// A toast closes at a click, and goes by itself after a while.
	click(t, ctx, "#toasts .toast.show .btn-close")
	waitFor(t, ctx, "the toast closed", `document.querySelector('#toasts .toast') === null`)
	// The pointer leaves the toasts' corner: one under it waits for it to go.
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 600, 300)); err != nil {
		t.Fatal(err)
	}
	addCampaign(t, h, "Day run", tmpl, noLimits, true)
	waitFor(t, ctx, "the second toast", `document.querySelector('#toasts .toast.show')?.textContent.includes('Day run')`)
	waitFor(t, ctx, "the toast gone by itself", `document.querySelector('#toasts .toast') === null`)
}

func TestToasts_ANoticeOverADialogLeavesItsControlsClear(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 2 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Dialog Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3600+i)})
	}
	tmpl := addTemplate(t, h, "Dialog", "Hello {{first_name|there}}")
	ctx := openContacts(t, h)
	// In the smallest window a large dialog reaches over the sidebar.
	resize(t, ctx, windowSize{1024, 700})
	click(t, ctx, "#contacts-add")
	waitModal(t, ctx, "contact-modal", true)
	addCampaign(t, h, "Night run", tmpl, noLimits, true)
	waitFor(t, ctx, "the finished campaign's toast", `[...document.querySelectorAll('#toasts .toast.show')].some((el) => el.textContent.includes('Campaign finished'))`)
	if covered := eval[string](t, ctx, toastCover+"('.modal.show')"); covered != "" {
		t.Fatalf("with the toast over the dialog, %s", covered)
	}
	screenshot(t, ctx, "browser-toast-over-a-dialog")
	// Closed at a click, above the dialog's backdrop.
	click(t, ctx, "#toasts .toast.show .btn-close")
	waitFor(t, ctx, "the toast closed", `document.querySelector('#toasts .toast') === null`)
	waitModal(t, ctx, "contact-modal", true)
}
