//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"
)

// calmSimulator makes the simulator predictable for a UI test: no failures, no drops,
// no numbers without WhatsApp, no scan by itself, short latency.
func calmSimulator(t *testing.T, h *heraldServer) {
	t.Helper()
	var config map[string]any
	if err := json.Unmarshal(h.Call(t, "WhatsAppService", "Simulator"), &config); err != nil {
		t.Fatal(err)
	}
	for key, value := range map[string]any{
		"failRate": 0, "notOnWhatsAppRate": 0, "disconnectRate": 0, "replyRate": 0,
		"autoScanSec": 0, "latencyMinMs": 0, "latencyMaxMs": 10, "rateLimitPerSec": 0,
	} {
		config[key] = value
	}
	h.Call(t, "WhatsAppService", "SetSimulator", config)
}

// topBar waits until the top bar's connection badge shows state.
func topBar(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	waitFor(t, ctx, "the top bar to say "+state,
		`document.querySelector('#connection-state')?.dataset.state === '`+state+`'`)
}

func TestWhatsApp_PairsByQRConnectsLiveAndSendsATest(t *testing.T) {
	h := startHerald(t)
	calmSimulator(t, h)
	ctx := openApp(t, h, "whatsapp")
	topBar(t, ctx, "disconnected")
	// A marker that a reload would wipe.
	eval[bool](t, ctx, `window.__sameDocument = true`)

	click(t, ctx, "#wa-connect")
	topBar(t, ctx, "qr")
	waitFor(t, ctx, "the QR code", `document.querySelector('#wa-qr canvas, #wa-qr svg') !== null`)
	if label := eval[string](t, ctx, `document.querySelector('#connection-state').textContent`); label != "Waiting for scan" {
		t.Errorf("top bar says %q while waiting for the scan", label)
	}
	if text := pageText(t, ctx); !regexp.MustCompile(`Linked devices`).MatchString(text) {
		t.Errorf("no instructions for scanning the code:\n%s", text)
	}
	screenshot(t, ctx, "browser-whatsapp-qr")

	click(t, ctx, "#wa-simulate-scan")
	topBar(t, ctx, "connected")
	waitFor(t, ctx, "the pairing card to go", `document.querySelector('#wa-pairing').hidden`)
	waitFor(t, ctx, "the uptime", `/Connected for \d+ s/.test(document.querySelector('#wa-since').textContent)`)
	waitFor(t, ctx, "connected in the history",
		`document.querySelector('#wa-history li[data-state="connected"]') !== null`)
	if !eval[bool](t, ctx, `document.querySelector('#wa-history li').dataset.state === 'connected'`) {
		t.Error("the newest history entry is not the connection")
	}
	if !eval[bool](t, ctx, `window.__sameDocument === true`) {
		t.Error("the page reloaded to show the new state")
	}
	if eval[bool](t, ctx, `document.querySelector('#wa-connect').hidden === false`) {
		t.Error("Connect is offered while connected")
	}

	typeInto(t, ctx, "#wa-test-phone", "+14155552671")
	click(t, ctx, "#wa-test-send")
	waitFor(t, ctx, "the sent toast", `document.querySelector('#toasts').textContent.includes('Sent to +14155552671. Message ID')`)
	screenshot(t, ctx, "browser-whatsapp-connected")

	click(t, ctx, "#wa-disconnect")
	topBar(t, ctx, "disconnected")
	waitFor(t, ctx, "Connect offered again", `document.querySelector('#wa-connect').hidden === false`)
	if !eval[bool](t, ctx, `window.__sameDocument === true`) {
		t.Error("the page reloaded")
	}
}

func TestWhatsApp_LinksWithAPhoneNumberCode(t *testing.T) {
	h := startHerald(t)
	calmSimulator(t, h)
	ctx := openApp(t, h, "whatsapp")
	click(t, ctx, "#wa-connect")
	topBar(t, ctx, "qr")
	click(t, ctx, "#wa-pair-toggle")
	typeInto(t, ctx, "#wa-pair-phone", "+14155552671")
	click(t, ctx, "#wa-pair-submit")
	waitFor(t, ctx, "the pairing code", `/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(document.querySelector('#wa-pair-code').textContent)`)
	topBar(t, ctx, "pairing_code")
	if label := eval[string](t, ctx, `document.querySelector('#connection-state').textContent`); label != "Waiting for code" {
		t.Errorf("top bar says %q while waiting for the code", label)
	}
	click(t, ctx, "#wa-simulate-scan")
	topBar(t, ctx, "connected")
	waitFor(t, ctx, "the linked number", `document.querySelector('#wa-phone').textContent === '+1 415 555 2671'`)
}

func TestSettings_SimulationSettingsAreSaved(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the simulation card", `document.querySelector('#sim-fail-rate') !== null`)
	typeInto(t, ctx, "#sim-fail-rate", "12.5")
	typeInto(t, ctx, "#sim-auto-scan", "7")
	click(t, ctx, "#sim-save")
	waitFor(t, ctx, "the saved toast", `document.querySelector('#toasts').textContent.includes('Saved. The simulator')`)

	var config struct {
		FailRate    float64 `json:"failRate"`
		AutoScanSec int     `json:"autoScanSec"`
	}
	if err := json.Unmarshal(h.Call(t, "WhatsAppService", "Simulator"), &config); err != nil {
		t.Fatal(err)
	}
	if config.FailRate != 0.125 || config.AutoScanSec != 7 {
		t.Errorf("simulator has failRate %v, autoScanSec %d; want 0.125 and 7", config.FailRate, config.AutoScanSec)
	}
	goTo(t, ctx, "dashboard")
	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the saved rate shown as a percentage", `document.querySelector('#sim-fail-rate')?.value === '12.5'`)
}
