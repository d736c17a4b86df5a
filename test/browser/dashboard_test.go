//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"
)

// stat is the number a dashboard figure shows, by its data-stat hook.
func stat(name string) string {
	return fmt.Sprintf(`Number(document.querySelector('#dashboard [data-stat=%q]')?.dataset.value)`, name)
}

// createCampaign creates a campaign over the RPC and returns its id.
func createCampaign(t *testing.T, h *heraldServer, input map[string]any) int64 {
	t.Helper()
	var c struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "Create", input), &c); err != nil || c.ID == 0 {
		t.Fatalf("create campaign %v: %v", input, err)
	}
	return c.ID
}

func TestDashboard_GuidesANewInstallThenFollowsContactsCampaignsAndSchedules(t *testing.T) {
	h := startHerald(t)
	calmSimulator(t, h)
	var config map[string]any
	if err := json.Unmarshal(h.Call(t, "WhatsAppService", "Simulator"), &config); err != nil {
		t.Fatal(err)
	}
	config["latencyMaxMs"] = 0
	h.Call(t, "WhatsAppService", "SetSimulator", config)

	ctx := openApp(t, h, "")
	waitFor(t, ctx, "the dashboard of a new install",
		`document.querySelector('main#page').dataset.page === 'dashboard' && document.querySelector('#dashboard')?.dataset.state === 'new'`)
	// Nothing from here on reloads the page: the dashboard follows by itself.
	eval[bool](t, ctx, `window.__sameDocument = true`)
	// An alert from a campaign's name would say so here.
	eval[bool](t, ctx, `(window.alert = () => { window.__alerted = true; }, true)`)

	if !eval[bool](t, ctx, `!document.querySelector('#dash-setup').hidden && document.querySelector('#dash-figures').hidden`) {
		t.Error("a new install does not show just the welcome")
	}
	for step, href := range map[string]string{"contacts": "#/contacts", "template": "#/templates", "whatsapp": "#/whatsapp", "campaign": "#/campaigns"} {
		sel := fmt.Sprintf(`#dash-setup li[data-step=%q]`, step)
		if !eval[bool](t, ctx, fmt.Sprintf(`(() => { const li = document.querySelector(%q);
			const a = li?.querySelector('a.dash-step-action');
			return li?.dataset.done === 'false' && a?.getAttribute('href') === %q && !a.hidden; })()`, sel, href)) {
			t.Errorf("step %s has no call to action to %s", step, href)
		}
	}
	screenshot(t, ctx, "browser-dashboard-new")

	// Pair the phone: the welcome ticks WhatsApp off.
	h.Call(t, "WhatsAppService", "Connect")
	waitFor(t, ctx, "the QR code to be waiting", `document.querySelector('#dash-connection-state')?.dataset.state === 'qr'`)
	h.Call(t, "WhatsAppService", "SimulateScan")
	waitFor(t, ctx, "the connection on the dashboard", `document.querySelector('#dash-connection-state')?.dataset.state === 'connected'`)
	waitFor(t, ctx, "WhatsApp ticked off", `document.querySelector('#dash-setup li[data-step="whatsapp"]').dataset.done === 'true'`)

	for i := range 3 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Client %d", i), "phone": fmt.Sprintf("+1415555267%d", i)})
	}
	waitFor(t, ctx, "the figures once there are contacts",
		`document.querySelector('#dashboard').dataset.state === 'ready' && !document.querySelector('#dash-figures').hidden && `+stat("contacts")+` === 3`)
	if !eval[bool](t, ctx, `document.querySelector('#dash-setup li[data-step="contacts"]').dataset.done === 'true' && document.querySelector('#dash-setup li[data-step="template"]').dataset.done === 'false'`) {
		t.Error("the welcome does not show contacts done and the template still to do")
	}

	var tmpl struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(h.Call(t, "TemplateService", "Create",
		map[string]any{"name": "Hello", "body": "Hi {{first_name|there}}, thanks for shopping with us!", "category": "marketing"}), &tmpl); err != nil || tmpl.ID == 0 {
		t.Fatalf("create template: %v", err)
	}
	waitFor(t, ctx, "the template ticked off", `document.querySelector('#dash-setup li[data-step="template"]').dataset.done === 'true'`)
	// Set up, and still the first campaign to send; the last campaign's card says there is none.
	if got := eval[string](t, ctx, `(() => { const li = document.querySelector('#dash-setup li[data-step="campaign"]');
		return document.querySelector('#dash-setup').hidden ? 'welcome hidden' : li.dataset.done + ' ' + li.textContent.replace(/\s+/g, ' ').trim(); })()`); got != "false Send your first campaign. Plan a campaign" {
		t.Errorf("the first campaign step reads %q", got)
	}
	waitFor(t, ctx, "the last campaign's empty state", `document.querySelector('#dash-last [data-empty="last-campaign"]')?.offsetParent != null`)

	// A campaign to everyone, sent now: the welcome goes, its result shows.
	sent := createCampaign(t, h, map[string]any{"name": "Thank you", "templateId": tmpl.ID, "audience": map[string]any{"all": true}})
	h.Call(t, "CampaignService", "Start", sent)
	waitFor(t, ctx, "the welcome to go once the first campaign is sent", `document.querySelector('#dash-setup').hidden`)
	waitFor(t, ctx, "the last campaign's result",
		`document.querySelector('#dash-last-name')?.textContent === 'Thank you' && `+stat("last-sent")+` === 3 && `+stat("last-delivered")+` === 3 && `+
			`document.querySelector('#dash-last .campaign-state')?.dataset.state === 'completed'`)
	for _, key := range []string{"last-read", "last-replied", "last-failed"} {
		if n := eval[int](t, ctx, stat(key)); n != 0 {
			t.Errorf("%s shows %d, want 0", key, n)
		}
	}
	if href := eval[string](t, ctx, `document.querySelector('#dash-last-name').getAttribute('href')`); href != fmt.Sprintf("#/campaigns/%d", sent) {
		t.Errorf("the last campaign links to %q, want its own page", href)
	}
	waitFor(t, ctx, "three messages sent today", stat("sent-today")+` === 3 && `+stat("sent-week")+` === 3`)
	waitFor(t, ctx, "the deliveries", stat("delivery-rate")+` > 0 && `+stat("delivery-rate")+` <= 1`)
	waitFor(t, ctx, "the chart drawn with the sends",
		`(() => { const c = document.querySelector('#dash-chart');
			return c && Number(c.dataset.drawn) > 0 && c.dataset.totalSent === '3' && c.width > 0 && c.height > 0; })()`)
	// Drawn means pixels: some of the canvas is not transparent.
	if !eval[bool](t, ctx, `(() => { const c = document.querySelector('#dash-chart');
		const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
		return false; })()`) {
		t.Error("the chart canvas is blank")
	}
	// Every message sent was delivered: both series still show, neither hides the other.
	shown := eval[map[string]int](t, ctx, `(() => { const c = document.querySelector('#dash-chart');
		const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		const colours = {sent: [0x6e, 0xa8, 0xfe], delivered: [0x25, 0xd3, 0x66]};
		const n = {sent: 0, delivered: 0};
		for (let i = 0; i < px.length; i += 4) for (const [k, [r, g, b]] of Object.entries(colours))
			if (Math.abs(px[i] - r) < 8 && Math.abs(px[i + 1] - g) < 8 && Math.abs(px[i + 2] - b) < 8 && px[i + 3] > 200) n[k]++;
		return n; })()`)
	if shown["sent"] < 20 || shown["delivered"] < 20 {
		t.Errorf("pixels of each series in the chart: %v, want both visible", shown)
	}

	// A campaign scheduled for an hour from now, named to break the page if it were HTML.
	evil := `<img src=x onerror=alert(1)>`
	at := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	later := createCampaign(t, h, map[string]any{"name": evil, "templateId": tmpl.ID, "audience": map[string]any{"all": true},
		"schedule": map[string]any{"at": at}})
	item := fmt.Sprintf(`#dash-next li[data-campaign-id="%d"]`, later)
	waitFor(t, ctx, "the scheduled campaign under Next scheduled", `document.querySelector('`+item+`') !== null`)
	if name := eval[string](t, ctx, `document.querySelector('`+item+` a').textContent`); name != evil {
		t.Errorf("the scheduled campaign shows as %q, want its name literally", name)
	}
	if href := eval[string](t, ctx, `document.querySelector('`+item+` a').getAttribute('href')`); href != "#/campaigns" {
		t.Errorf("the scheduled campaign links to %q", href)
	}
	waitFor(t, ctx, "one campaign scheduled", stat("scheduled")+` === 1`)
	waitFor(t, ctx, "its creation in the recent activity",
		`[...document.querySelectorAll('#dash-activity li')].some((li) => li.textContent.includes('`+evil+`'))`)
	if eval[bool](t, ctx, `document.querySelector('#dashboard img') !== null || window.__alerted === true`) {
		t.Error("a campaign's name became HTML")
	}
	if !eval[bool](t, ctx, `window.__sameDocument === true`) {
		t.Error("the page reloaded")
	}
	if text := eval[string](t, ctx, `document.querySelector('#dashboard').textContent`); regexp.MustCompile(`null|undefined|NaN`).MatchString(text) {
		t.Errorf("the dashboard shows a missing value:\n%s", text)
	}
	// No card is stretched past what it holds (as tall as the busiest panel beside it).
	if stretched := eval[[]string](t, ctx, `[...document.querySelectorAll('#dashboard .card')].filter((card) => card.offsetParent !== null)
		.map((card) => { const body = card.querySelector('.card-body');
			return [card.id, card.getBoundingClientRect().bottom - body.lastElementChild.getBoundingClientRect().bottom]; })
		.filter(([, gap]) => gap > 40).map(([id, gap]) => id + ': ' + Math.round(gap) + ' px empty')`); len(stretched) > 0 {
		t.Errorf("cards taller than their content: %q", stretched)
	}
	screenshot(t, ctx, "browser-dashboard")

	// The WhatsApp panel leads to the WhatsApp page.
	clickLink(t, ctx, `#dash-connection a[href="#/whatsapp"]`, "whatsapp")

	// The last campaign's name leads to that campaign's page.
	goTo(t, ctx, "dashboard")
	waitFor(t, ctx, "the last campaign's name", `document.querySelector('#dash-last-name') !== null`)
	click(t, ctx, "#dash-last-name")
	waitFor(t, ctx, "the campaign's own page", fmt.Sprintf(`document.querySelector('#campaign-detail')?.dataset.id === '%d'`, sent))
}

// clickLink follows a link and waits until page has rendered.
func clickLink(t *testing.T, ctx context.Context, selector, page string) {
	t.Helper()
	click(t, ctx, selector)
	waitFor(t, ctx, "the "+page+" page", fmt.Sprintf(`document.querySelector('main#page').dataset.page === %q`, page))
}
