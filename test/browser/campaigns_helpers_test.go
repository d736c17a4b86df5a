//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pairSimulator links the simulator as a scanned phone would, with no
// latency and no failures, so campaigns send at once.
func pairSimulator(t *testing.T, h *heraldServer) {
	t.Helper()
	calmSimulator(t, h)
	var config map[string]any
	if err := json.Unmarshal(h.Call(t, "WhatsAppService", "Simulator"), &config); err != nil {
		t.Fatal(err)
	}
	config["latencyMinMs"], config["latencyMaxMs"] = 0, 0
	h.Call(t, "WhatsAppService", "SetSimulator", config)
	h.Call(t, "WhatsAppService", "Connect")
	waitState(t, h, "qr")
	h.Call(t, "WhatsAppService", "SimulateScan")
	waitState(t, h, "connected")
}

// waitState polls the WhatsApp connection until it is in state.
func waitState(t *testing.T, h *heraldServer, state string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var st struct {
			State string `json:"state"`
		}
		if err := json.Unmarshal(h.Call(t, "WhatsAppService", "Status"), &st); err != nil {
			t.Fatal(err)
		}
		if st.State == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("WhatsApp is %s, not %s", st.State, state)
		}
		time.Sleep(50 * time.Millisecond) // polling the backend, not waiting for the page
	}
}

// addTemplate saves a template over the RPC and returns its id.
func addTemplate(t *testing.T, h *heraldServer, name, body string) int64 {
	t.Helper()
	var tmpl struct {
		ID     int64 `json:"id"`
		Usable bool  `json:"usable"`
	}
	if err := json.Unmarshal(h.Call(t, "TemplateService", "Create", map[string]any{"name": name, "body": body, "category": "marketing"}), &tmpl); err != nil || !tmpl.Usable {
		t.Fatalf("create template %q: %v (usable %v)", name, err, tmpl.Usable)
	}
	return tmpl.ID
}

// noLimits is a pace without any limit, for campaigns a test wants done fast.
var noLimits = map[string]any{"perMinute": 0, "minDelaySec": 0, "maxDelaySec": 0, "batchSize": 0, "batchPauseMinSec": 0,
	"batchPauseMaxSec": 0, "dailyCap": 0, "hoursFrom": "", "hoursTo": "", "weekdays": []int{}}

// addCampaign creates a campaign to everyone over the RPC and returns its id;
// start sends it at once.
func addCampaign(t *testing.T, h *heraldServer, name string, templateID int64, pace map[string]any, start bool) int64 {
	t.Helper()
	var c struct {
		ID int64 `json:"id"`
	}
	input := map[string]any{"name": name, "templateId": templateID, "audience": map[string]any{"all": true}, "pace": pace, "schedule": map[string]any{}}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "Create", input), &c); err != nil || c.ID == 0 {
		t.Fatalf("create campaign %q: %v", name, err)
	}
	if start {
		h.Call(t, "CampaignService", "Start", c.ID)
	}
	return c.ID
}

// openCampaigns opens the Campaigns page with animations off, so modals are
// where they stay by the time they are clicked, and waits for the list.
func openCampaigns(t *testing.T, h *heraldServer) context.Context {
	t.Helper()
	ctx := openApp(t, h, "")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatalf("reduce motion: %v", err)
	}
	goTo(t, ctx, "campaigns")
	waitFor(t, ctx, "the campaign list", `document.querySelector('#campaigns-count')?.textContent.trim() !== '' || !document.querySelector('.empty-state').hidden`)
	// A marker that a reload of the page would wipe.
	eval[bool](t, ctx, `window.__sameDocument = true`)
	return ctx
}

// wizardStep moves the wizard on with Next and waits for step.
func wizardStep(t *testing.T, ctx context.Context, step string) {
	t.Helper()
	click(t, ctx, "#wizard-next")
	waitFor(t, ctx, "the wizard's "+step+" step", fmt.Sprintf(`document.querySelector('#campaign-wizard')?.dataset.step === %q`, step))
}

// waitCampaignState waits until the open campaign page shows state.
func waitCampaignState(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	waitFor(t, ctx, "the campaign to be "+state, fmt.Sprintf(`document.querySelector('#campaign-detail')?.dataset.state === %q && document.querySelector('#campaign-state .campaign-state')?.dataset.state === %q`, state, state))
}

// stat is a count on the open campaign's page (sent, delivered, queued...).
func campaignStat(t *testing.T, ctx context.Context, key string) int {
	t.Helper()
	return eval[int](t, ctx, fmt.Sprintf(`Number(document.querySelector('#campaign-stat-%s').dataset.value)`, key))
}

// confirm clicks the confirm dialog's OK once it is open.
func confirm(t *testing.T, ctx context.Context) {
	t.Helper()
	waitModal(t, ctx, "confirm-modal", true)
	click(t, ctx, "#confirm-ok")
	waitModal(t, ctx, "confirm-modal", false)
}

// sameDocument fails the test when the page was reloaded since openCampaigns.
func sameDocument(t *testing.T, ctx context.Context) {
	t.Helper()
	if !eval[bool](t, ctx, `window.__sameDocument === true`) {
		t.Error("the page reloaded")
	}
}

// fillBasics waits for the wizard just opened, names the campaign, chooses
// template tmpl and goes on to the audience step.
func fillBasics(t *testing.T, ctx context.Context, name string, tmpl int64) {
	t.Helper()
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelectorAll('#wizard-template option').length > 1`)
	typeInto(t, ctx, "#wizard-name", name)
	choose(t, ctx, "#wizard-template", fmt.Sprint(tmpl))
	wizardStep(t, ctx, "audience")
}

// waitStats polls campaign id's counts from the backend until done says
// they are what the test waits for.
func waitStats(t *testing.T, h *heraldServer, id int64, what string, done func(stats map[string]int) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var c struct {
			Stats map[string]int `json:"stats"`
		}
		if err := json.Unmarshal(h.Call(t, "CampaignService", "Get", id), &c); err != nil {
			t.Fatal(err)
		}
		if done(c.Stats) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not yet at %v", what, c.Stats)
		}
		time.Sleep(50 * time.Millisecond) // polling the backend, not waiting for the page
	}
}
