//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// reduceMotion turns animations off, so a dialog is open, not opening, by
// the time its button is clicked.
func reduceMotion(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatalf("reduce motion: %v", err)
	}
}

// activeDriver asks the backend which WhatsApp is in use.
func activeDriver(t *testing.T, h *heraldServer) string {
	t.Helper()
	var list []struct {
		Name   string `json:"name"`
		Active bool   `json:"active"`
	}
	if err := json.Unmarshal(h.Call(t, "WhatsAppService", "Drivers"), &list); err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Active {
			return d.Name
		}
	}
	t.Fatalf("no driver is active: %+v", list)
	return ""
}

// slowPace keeps a campaign sending for the whole test.
var slowPace = map[string]any{"perMinute": 0, "minDelaySec": 3600, "maxDelaySec": 3600, "batchSize": 0, "batchPauseMinSec": 0,
	"batchPauseMaxSec": 0, "dailyCap": 0, "hoursFrom": "", "hoursTo": "", "weekdays": []int{}}

func TestPractice_ANewHeraldSaysPracticeEverywhereAndShowsTheSimulation(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "dashboard")
	waitFor(t, ctx, "the Practice badge", `document.querySelector('#practice-badge')?.hidden === false`)
	if text := eval[string](t, ctx, `document.querySelector('#practice-badge').textContent.trim()`); text != "Practice" {
		t.Errorf("the top bar's badge says %q", text)
	}
	for _, page := range []string{"contacts", "campaigns", "whatsapp"} {
		goTo(t, ctx, page)
		if eval[bool](t, ctx, `document.querySelector('#practice-badge').hidden`) {
			t.Errorf("no Practice badge on the %s page", page)
		}
	}
	waitFor(t, ctx, "the two ways to reach WhatsApp", `document.querySelectorAll('#wa-drivers .wa-driver').length === 2`)
	if !eval[bool](t, ctx, `document.querySelector('.wa-driver[data-driver="simulator"]').dataset.active === 'true'
		&& document.querySelector('.wa-driver[data-driver="whatsapp"]').dataset.active === 'false'
		&& document.querySelector('#wa-use-simulator').hidden && !document.querySelector('#wa-use-whatsapp').hidden`) {
		t.Error("the WhatsApp page does not show practice as the one in use")
	}
	text := eval[string](t, ctx, `document.querySelector('#wa-drivers').innerText`)
	for _, want := range []string{"Link your phone", "Practice with the simulator", "In use"} {
		if !strings.Contains(text, want) {
			t.Errorf("the choice of WhatsApp lacks %q:\n%s", want, text)
		}
	}
	screenshot(t, ctx, "browser-whatsapp-drivers")
	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the simulation settings", `document.querySelector('#simulation') !== null && !document.querySelector('#simulation-slot').hidden`)
}

func TestPractice_NoSwitchWhileACampaignSends(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	tmpl := addTemplate(t, h, "Hello", "Hi {{first_name}}")
	addCampaign(t, h, "Spring offer", tmpl, slowPace, true)
	ctx := openApp(t, h, "whatsapp")
	reduceMotion(t, ctx)
	waitFor(t, ctx, "the choice of WhatsApp", `document.querySelector('#wa-use-whatsapp') !== null`)
	click(t, ctx, "#wa-use-whatsapp")
	confirm(t, ctx)
	waitFor(t, ctx, "the refusal", `document.querySelector('#wa-driver-error')?.hidden === false`)
	msg := eval[string](t, ctx, `document.querySelector('#wa-driver-error').textContent`)
	if !strings.Contains(msg, "The campaign “Spring offer” is sending. Pause it, or wait until it is done") {
		t.Errorf("the refusal says %q", msg)
	}
	if activeDriver(t, h) != "simulator" {
		t.Error("the refused switch switched")
	}
	if eval[bool](t, ctx, `document.querySelector('#practice-badge').hidden`) {
		t.Error("the Practice badge went away after a refused switch")
	}
	screenshot(t, ctx, "browser-whatsapp-switch-refused")
}
