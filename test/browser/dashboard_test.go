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
	for step, href := range map[string]string{"contacts": "#/contacts", "template": "#/templates", "whatsapp": "#/whatsapp"} {
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
	waitFor(t, ctx, "the welcome to go once everything is set up", `document.querySelector('#dash-setup').hidden`)

	// A campaign to everyone, sent now.
	sent := createCampaign(t, h, map[string]any{"name": "Thank you", "templateId": tmpl.ID, "audience": map[string]any{"all": true}})
	h.Call(t, "CampaignService", "Start", sent)
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
	screenshot(t, ctx, "browser-dashboard")

	// The WhatsApp panel leads to the WhatsApp page.
	clickLink(t, ctx, `#dash-connection a[href="#/whatsapp"]`, "whatsapp")
}

// clickLink follows a link and waits until page has rendered.
func clickLink(t *testing.T, ctx context.Context, selector, page string) {
	t.Helper()
	click(t, ctx, selector)
	waitFor(t, ctx, "the "+page+" page", fmt.Sprintf(`document.querySelector('main#page').dataset.page === %q`, page))
}
