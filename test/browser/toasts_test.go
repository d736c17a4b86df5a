//go:build e2e

package browser

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// toastCover tells, while a toast shows, whether one covers a control of
// the page: the wizard's Next button under the pointer, or any visible
// button, link, field or label the toasts' boxes overlap.
const toastCover = `(() => {
  const toasts = [...document.querySelectorAll('#toasts .toast.show')];
  if (!toasts.length) return 'no toast';
  const next = document.querySelector('#wizard-next');
  const r = next.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!next.contains(hit)) return 'a click on Next lands on ' + (hit?.closest('.toast') ? 'a toast' : hit?.outerHTML.slice(0, 80));
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const el of document.querySelectorAll('button, a, input, select, textarea, label')) {
    const box = el.getBoundingClientRect();
    if (el.closest('#toasts') || box.width === 0 || box.height === 0) continue;
    if (toasts.some((t) => meets(t.getBoundingClientRect(), box))) return 'a toast covers ' + el.outerHTML.slice(0, 80);
  }
  return '';
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
	if covered := eval[string](t, ctx, toastCover); covered != "" {
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
