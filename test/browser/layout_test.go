//go:build e2e

package browser

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A window size the layout must hold at: the smallest Herald's window opens
// at, and a common laptop screen.
type windowSize struct{ width, height int64 }

var layoutSizes = []windowSize{{1024, 700}, {1440, 900}}

// pageTable is a page's main table and the buttons on each of its rows.
type pageTable struct {
	table   string // CSS selector of the table
	actions string // CSS selector of the row actions, "" when the rows have none
}

// TestLayout_EveryPageFitsTheWindow opens every page, and a campaign's own
// page, at each window size with long names everywhere, and checks from the
// DOM that nothing is wider than the window: no sideways scrolling of the
// page, every main table inside its card with columns wide enough to read,
// and every row's buttons in view. It saves a screenshot of each page at each
// size under $ARTIFACTS/layout (artifacts/layout when unset).
func TestLayout_EveryPageFitsTheWindow(t *testing.T) {
	h := startHerald(t)
	seedLongNames(t, h)
	ctx := openApp(t, h, "")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatalf("reduce motion: %v", err)
	}
	tables := map[string]pageTable{
		"contacts":  {`#contacts-table`, `#contacts-table tbody .contact-edit`},
		"templates": {`#templates-table`, `#templates-table tbody td:last-child button`},
		"campaigns": {`#campaigns-table`, `#campaigns-table tbody td:last-child button`},
		"activity":  {`#activity-table`, ""},
	}
	ready := map[string]string{
		"contacts":  `document.querySelectorAll('#contacts-table tbody tr[id^="contact-"]').length === 25`,
		"templates": `document.querySelectorAll('#templates-table tbody tr[data-id]').length === 3`,
		"campaigns": `document.querySelectorAll('#campaigns-table tbody tr[data-id]').length === 3`,
		"activity":  `document.querySelectorAll('#activity-table tbody tr').length > 5`,
	}
	for _, size := range layoutSizes {
		resize(t, ctx, size)
		for _, page := range pages {
			goTo(t, ctx, page)
			if cond, ok := ready[page]; ok {
				waitFor(t, ctx, page+" rows", cond)
			}
			checkLayout(t, ctx, fmt.Sprintf("%s at %dx%d", page, size.width, size.height), tables[page])
			saveFullPage(t, ctx, size, fmt.Sprintf("%s-%dx%d", page, size.width, size.height))
		}
		// A finished campaign's own page, with its recipients.
		goTo(t, ctx, "campaigns")
		waitFor(t, ctx, "the campaign list", ready["campaigns"])
		click(t, ctx, `#campaigns-table tr[data-state="completed"] .campaign-open`)
		waitFor(t, ctx, "the recipients", `document.querySelectorAll('#campaign-recipients tbody tr[id^="recipient-"]').length === 25`)
		if got := eval[string](t, ctx, `document.querySelector('#campaign-recipients tbody tr[id^="recipient-"] .phone')?.title ?? ''`); got != "Germany" {
			t.Errorf("a recipient's number has the tooltip %q, want Germany", got)
		}
		checkLayout(t, ctx, fmt.Sprintf("campaign detail at %dx%d", size.width, size.height), pageTable{table: `#campaign-recipients`})
		saveFullPage(t, ctx, size, fmt.Sprintf("campaign-%dx%d", size.width, size.height))
	}
}

// seedLongNames fills a data folder with names, emails, tags and campaign
// names long enough to push any column that does not hold its width: 30
// contacts (one page and more), three templates and three campaigns, one of
// them sent.
func seedLongNames(t *testing.T, h *heraldServer) {
	t.Helper()
	long := "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
	for i := range 30 {
		fields := map[string]any{
			"name":    fmt.Sprintf("%s %02d", long, i),
			"phone":   fmt.Sprintf("+4915123456%03d", i),
			"email":   fmt.Sprintf("maximiliane.alexandra.von.hohenzollern.%02d@a-very-long-company-domain-name.example.com", i),
			"company": "Internationale Gesellschaft für Zusammenarbeit und Entwicklung",
			"tags":    []string{"customers-of-the-northern-region", "newsletter-subscribers-2026", "vip"},
		}
		if i%7 == 0 {
			delete(fields, "name") // the phone number stands in for a missing name
		}
		addContact(t, h, fields)
	}
	h.Call(t, "ContactService", "SetOptedOut", []int64{2}, true, "Asked to stop receiving messages by replying STOP")
	tmpl := addTemplate(t, h, "Spring newsletter for every customer of the northern region, second edition", "Hello {{name|there}}, our spring offers are here.")
	addTemplate(t, h, "Appointment reminder with a very long name that goes on and on", "See you soon, {{name|there}}.")
	addTemplate(t, h, "Short", "Hi.")
	pairSimulator(t, h)
	sent := addCampaign(t, h, "Spring newsletter to the whole northern region, sent on the first Monday of the month", tmpl, noLimits, true)
	campaignUntil(t, h, sent, "completed", func(c campaignJSON) bool { return c.State == "completed" })
	addCampaign(t, h, "A draft campaign whose name is far longer than any column could ever show in full", tmpl, noLimits, false)
	addCampaign(t, h, "Another draft", tmpl, noLimits, false)
}

// resize makes the tab's window size.
func resize(t *testing.T, ctx context.Context, size windowSize) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, size.height)); err != nil {
		t.Fatalf("resize to %dx%d: %v", size.width, size.height, err)
	}
	waitFor(t, ctx, "the new window size", fmt.Sprintf(`window.innerWidth === %d && window.innerHeight === %d`, size.width, size.height))
}

// layoutProblems is a script that lists, in words, every way the page is
// wider than its window: the page or any box around the main table
// scrolling sideways, the table wider than its card, a visible column too
// narrow to read, a cell running over into the next, a row action outside
// the card or the window.
const layoutProblems = `((tableSel, actionSel) => {
  const problems = [];
  const sideways = (el, what) => {
    if (el.scrollWidth > el.clientWidth + 1) problems.push(what + ' scrolls sideways: ' + el.scrollWidth + 'px of content in ' + el.clientWidth + 'px');
  };
  sideways(document.scrollingElement, 'the page');
  sideways(document.querySelector('.app-content'), 'the content area');
  if (!tableSel) return problems;
  const table = document.querySelector(tableSel);
  if (!table) return ['no table ' + tableSel];
  for (let el = table.parentElement; el && !el.matches('.app-content'); el = el.parentElement) {
    // Only a box that scrolls or clips can hide a column; Bootstrap's rows
    // overhang their box by the gutter on purpose.
    if (getComputedStyle(el).overflowX !== 'visible') sideways(el, 'the ' + el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' around the table');
  }
  const card = (table.closest('.card-body') || table.parentElement).getBoundingClientRect();
  const box = table.getBoundingClientRect();
  if (box.right > card.right + 1) problems.push('the table ends at ' + box.right + 'px, its card at ' + card.right + 'px');
  for (const th of table.querySelectorAll('thead th')) {
    if (th.offsetParent === null) continue;
    const label = th.innerText.trim();
    if (label && th.getBoundingClientRect().width < 72) problems.push('the ' + label + ' column is ' + th.getBoundingClientRect().width + 'px wide');
  }
  // A cell whose content runs over into the next column (cut cells clip theirs).
  const spilling = [...table.querySelectorAll('tbody td')].filter((td) =>
    td.offsetParent !== null && getComputedStyle(td).overflowX === 'visible' && td.scrollWidth > td.clientWidth + 1);
  if (spilling.length > 0) {
    const label = table.querySelectorAll('thead th')[spilling[0].cellIndex]?.innerText.trim();
    problems.push(spilling.length + ' cells run over their column, the first in ' + (label || 'column ' + (spilling[0].cellIndex + 1)) +
      ': ' + spilling[0].scrollWidth + 'px of content in ' + spilling[0].clientWidth + 'px');
  }
  if (actionSel) {
    const buttons = [...document.querySelectorAll(actionSel)];
    if (buttons.length === 0) problems.push('no row actions ' + actionSel);
    const right = Math.min(card.right, window.innerWidth);
    const out = buttons.filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width === 0 || r.height === 0 || r.left < card.left - 1 || r.right > right + 1;
    });
    if (out.length > 0) {
      const r = out[0].getBoundingClientRect();
      problems.push(out.length + ' of ' + buttons.length + ' row actions are out of view, the first (' + out[0].className + ') at ' +
        r.left + '–' + r.right + 'px, the card and window at ' + card.left + '–' + right + 'px');
    }
  }
  return problems;
})`

// checkLayout fails the test for every layout problem the page still has
// once it has settled: a chart or a table redraws for a new window size a
// frame or more after the resize, so the check is repeated until it passes
// or a few seconds have gone by.
func checkLayout(t *testing.T, ctx context.Context, where string, pt pageTable) {
	t.Helper()
	script := fmt.Sprintf(`%s(%q, %q)`, layoutProblems, pt.table, pt.actions)
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](script+`.length === 0`, chromedp.WithPollingTimeout(5*time.Second))); err == nil {
		return
	}
	for _, p := range eval[[]string](t, ctx, script) {
		t.Errorf("%s: %s", where, p)
	}
}

// saveFullPage saves a screenshot of the whole page, its scrolled-off part
// included: the window is made as tall as the content for the shot, then
// put back.
func saveFullPage(t *testing.T, ctx context.Context, size windowSize, name string) {
	t.Helper()
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts")
	}
	dir = filepath.Join(dir, "layout")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts folder: %v", err)
	}
	extra := eval[float64](t, ctx, `(() => { const c = document.querySelector('.app-content'); return c.scrollHeight - c.clientHeight; })()`)
	tall := windowSize{size.width, size.height + int64(math.Ceil(extra))}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(tall.width, tall.height)); err != nil {
		t.Fatalf("make the window as tall as %s: %v", name, err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	resize(t, ctx, size)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatalf("save screenshot %s: %v", name, err)
	}
}
