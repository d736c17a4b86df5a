//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The tests of this file run a build of Herald whose "Your phone" is the
// real linked-phone driver over a fake WhatsApp (-tags fakewhatsapp), with
// FakePhoneService bound to act as the phone and as WhatsApp's servers.
// HERALD_FAKE_BIN names that build; without it the first test builds one.
var (
	fakeOnce sync.Once
	fakeBin  string
	fakeErr  error
)

func fakeHeraldBin(t *testing.T) string {
	t.Helper()
	fakeOnce.Do(func() {
		if fakeBin = os.Getenv("HERALD_FAKE_BIN"); fakeBin != "" {
			return
		}
		fakeBin = filepath.Join(workDir, "herald-fake-whatsapp")
		build := exec.Command("go", "build", "-tags", "fakewhatsapp", "-o", fakeBin, ".")
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			fakeErr = fmt.Errorf("build herald -tags fakewhatsapp: %v\n%s", err, out)
		}
	})
	if fakeErr != nil {
		t.Fatal(fakeErr)
	}
	return fakeBin
}

// startWithPhone runs the fake-phone build of Herald.
func startWithPhone(t *testing.T) *heraldServer {
	t.Helper()
	return startHeraldBin(t, fakeHeraldBin(t))
}

// fakeQR is the QR code the fake WhatsApp shows now.
func fakeQR(t *testing.T, h *heraldServer) string {
	t.Helper()
	var qr string
	if err := json.Unmarshal(h.Call(t, "FakePhoneService", "QR"), &qr); err != nil {
		t.Fatal(err)
	}
	return qr
}

// linkPhone switches to the phone and links it over the RPC, as a user
// who scanned the code would have.
func linkPhone(t *testing.T, h *heraldServer) {
	t.Helper()
	h.Call(t, "WhatsAppService", "UseDriver", "whatsapp")
	h.Call(t, "WhatsAppService", "Connect")
	waitState(t, h, "qr")
	h.Call(t, "FakePhoneService", "Scan")
	waitState(t, h, "connected")
}

// qrDrawn is what the page's QR code looks like now, "" when none is drawn.
func qrDrawn(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector('#wa-qr canvas')?.toDataURL() ?? ''`)
}

func TestPhone_SwitchLinkByARotatingQRCodeAndBackToPractice(t *testing.T) {
	h := startWithPhone(t)
	ctx := openApp(t, h, "whatsapp")
	reduceMotion(t, ctx)
	waitFor(t, ctx, "the Practice badge", `document.querySelector('#practice-badge')?.hidden === false`)

	click(t, ctx, "#wa-use-whatsapp")
	confirm(t, ctx)
	waitFor(t, ctx, "the phone in use", `document.querySelector('.wa-driver[data-driver="whatsapp"]')?.dataset.active === 'true'`)
	waitFor(t, ctx, "the Practice badge to go", `document.querySelector('#practice-badge').hidden`)
	topBar(t, ctx, "disconnected")
	if activeDriver(t, h) != "whatsapp" {
		t.Fatal("the backend does not use the phone")
	}

	click(t, ctx, "#wa-connect")
	topBar(t, ctx, "qr")
	waitFor(t, ctx, "the QR code", `document.querySelector('#wa-qr canvas') !== null`)
	if !eval[bool](t, ctx, `document.querySelector('#wa-simulate-scan').closest('.wa-simulator-note').hidden`) {
		t.Error("Simulate scan is offered for a real phone")
	}
	first, shown := qrDrawn(t, ctx), fakeQR(t, h)
	if shown == "" || !eval[bool](t, ctx, `document.querySelector('#wa-qr-expires').textContent.includes('The code changes in')`) {
		t.Fatalf("the page does not say the code changes (server's code %q)", shown)
	}
	screenshot(t, ctx, "browser-phone-qr")
	h.Call(t, "FakePhoneService", "ExpireQR")
	if fakeQR(t, h) == shown {
		t.Fatal("the fake WhatsApp did not rotate its code")
	}
	waitFor(t, ctx, "the next QR code drawn", fmt.Sprintf(`(document.querySelector('#wa-qr canvas')?.toDataURL() ?? '') !== %q && document.querySelector('#wa-qr canvas') !== null`, first))

	h.Call(t, "FakePhoneService", "Scan")
	topBar(t, ctx, "connected")
	waitFor(t, ctx, "the linked number", `document.querySelector('#wa-phone').textContent === '+1 555 010 0001'`)
	waitFor(t, ctx, "the pairing card to go", `document.querySelector('#wa-pairing').hidden`)
	screenshot(t, ctx, "browser-phone-connected")

	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the settings", `document.querySelector('#simulation-slot') !== null`)
	if eval[bool](t, ctx, `document.querySelector('#simulation') !== null && !document.querySelector('#simulation-slot').hidden`) {
		t.Error("Settings show the simulation while the phone is in use")
	}

	goTo(t, ctx, "whatsapp")
	waitFor(t, ctx, "the choice of WhatsApp", `document.querySelector('#wa-use-simulator')?.hidden === false`)
	click(t, ctx, "#wa-use-simulator")
	confirm(t, ctx)
	waitFor(t, ctx, "the Practice badge again", `document.querySelector('#practice-badge').hidden === false`)
	waitFor(t, ctx, "practice in use", `document.querySelector('.wa-driver[data-driver="simulator"]')?.dataset.active === 'true'`)
	topBar(t, ctx, "disconnected")
	if activeDriver(t, h) != "simulator" {
		t.Error("the backend did not go back to the simulator")
	}
	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the simulation settings in practice", `document.querySelector('#simulation') !== null && !document.querySelector('#simulation-slot').hidden`)

	// The phone stayed linked: choosing it again reconnects by itself.
	h.Call(t, "WhatsAppService", "UseDriver", "whatsapp")
	topBar(t, ctx, "connected")
}

func TestPhone_LinksWithAPairingCode(t *testing.T) {
	h := startWithPhone(t)
	h.Call(t, "WhatsAppService", "UseDriver", "whatsapp")
	ctx := openApp(t, h, "whatsapp")
	click(t, ctx, "#wa-connect")
	topBar(t, ctx, "qr")
	click(t, ctx, "#wa-pair-toggle")
	typeInto(t, ctx, "#wa-pair-phone", "+14155552671")
	click(t, ctx, "#wa-pair-submit")
	waitFor(t, ctx, "the pairing code", `/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(document.querySelector('#wa-pair-code').textContent)`)
	var code string
	if err := json.Unmarshal(h.Call(t, "FakePhoneService", "PairingCode"), &code); err != nil {
		t.Fatal(err)
	}
	if shown := eval[string](t, ctx, `document.querySelector('#wa-pair-code').textContent`); shown != code {
		t.Errorf("the page shows %q, WhatsApp handed out %q", shown, code)
	}
	topBar(t, ctx, "pairing_code")
	screenshot(t, ctx, "browser-phone-pairing-code")
	h.Call(t, "FakePhoneService", "Scan")
	topBar(t, ctx, "connected")
	waitFor(t, ctx, "the linked number", `document.querySelector('#wa-phone').textContent === '+1 415 555 2671'`)
}

func TestPhone_ATemporaryBanPausesTheSendingCampaignAndSaysWhy(t *testing.T) {
	h := startWithPhone(t)
	linkPhone(t, h)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	addContact(t, h, map[string]any{"name": "Bob Stone", "phone": "+12125550187"})
	tmpl := addTemplate(t, h, "Hello", "Hi {{first_name}}")
	id := addCampaign(t, h, "Spring offer", tmpl, slowPace, true)
	ctx := openCampaigns(t, h)
	row := fmt.Sprintf("#campaign-row-%d", id)
	waitFor(t, ctx, "the campaign sending", `document.querySelector('`+row+`')?.dataset.state === 'running'`)
	click(t, ctx, row+" .campaign-open")
	waitCampaignState(t, ctx, "running")
	waitFor(t, ctx, "the first message out", `Number(document.querySelector('#campaign-stat-sent').dataset.value) + Number(document.querySelector('#campaign-stat-delivered')?.dataset.value ?? 0) + Number(document.querySelector('#campaign-stat-read')?.dataset.value ?? 0) >= 1`)

	h.Call(t, "FakePhoneService", "Ban", 102, 90) // blocked by too many people, for 90 minutes
	waitCampaignState(t, ctx, "paused")
	waitFor(t, ctx, "the reason on the campaign", `document.querySelector('#campaign-note')?.hidden === false`)
	note := eval[string](t, ctx, `document.querySelector('#campaign-note').textContent`)
	if !strings.HasPrefix(note, "Paused because WhatsApp has banned this number for now (too many people blocked it), until ") {
		t.Errorf("the campaign's note says %q", note)
	}
	waitFor(t, ctx, "the top bar to say banned", `document.querySelector('#connection-state').textContent === 'Banned' && document.querySelector('#connection-alert').hidden === false`)
	if text := eval[string](t, ctx, `document.querySelector('#connection-alert').textContent`); !strings.Contains(text, "WhatsApp has banned this number for now (too many people blocked it) until ") ||
		!strings.Contains(text, "Every campaign that was sending is paused") {
		t.Errorf("the top bar's banner says %q", text)
	}
	screenshot(t, ctx, "browser-phone-banned-campaign")
	goTo(t, ctx, "dashboard")
	waitFor(t, ctx, "the dashboard to say banned", `document.querySelector('#dash-connection-alert')?.hidden === false`)
	if text := eval[string](t, ctx, `document.querySelector('#dash-connection-alert').textContent`); !strings.Contains(text, "banned this number") {
		t.Errorf("the dashboard says %q", text)
	}
	screenshot(t, ctx, "browser-phone-banned-dashboard")
	var c struct {
		State string `json:"state"`
		Stats struct {
			Queued int `json:"queued"`
		} `json:"stats"`
	}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "Get", id), &c); err != nil || c.State != "paused" || c.Stats.Queued != 1 {
		t.Errorf("the campaign is %s with %d queued, %v; want paused with the second message waiting", c.State, c.Stats.Queued, err)
	}
}

func TestPhone_TheWizardIsSlowerAndTheReviewWarnsOfStrangers(t *testing.T) {
	h := startWithPhone(t)
	h.Call(t, "WhatsAppService", "UseDriver", "whatsapp")
	for i := range 25 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 4100+i)})
	}
	addTemplate(t, h, "Welcome", "Hi {{first_name|there}}, welcome!")
	ctx := openCampaigns(t, h)
	click(t, ctx, "#campaigns-empty-new")
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelectorAll('#wizard-template option').length > 1`)
	typeInto(t, ctx, "#wizard-name", "Hello everyone")
	choose(t, ctx, "#wizard-template", eval[string](t, ctx, `[...document.querySelectorAll('#wizard-template option')].find(o => o.text === 'Welcome').value`))
	wizardStep(t, ctx, "audience")
	waitFor(t, ctx, "the count", `document.querySelector('#wizard-audience-count').dataset.recipients === '25'`)
	wizardStep(t, ctx, "preview")
	wizardStep(t, ctx, "pace")
	if !eval[bool](t, ctx, `document.querySelector('#wizard-pace-safe').checked && document.querySelector('#wizard-pace-minDelaySec').value === '8'
		&& document.querySelector('#wizard-pace-maxDelaySec').value === '20' && document.querySelector('#wizard-pace-dailyCap').value === '200'
		&& document.querySelector('#wizard-warmup').checked && document.querySelector('#wizard-pace-warmupCap').value === '30'`) {
		t.Error("the safe pace for a real number is not filled in")
	}
	if text := eval[string](t, ctx, `document.querySelector('#wizard-pace-real').hidden ? '' : document.querySelector('#wizard-pace-real').textContent`); !strings.Contains(text, "your own WhatsApp number") {
		t.Errorf("the pace step does not say why it is slower: %q", text)
	}
	wizardStep(t, ctx, "schedule")
	wizardStep(t, ctx, "review")
	waitFor(t, ctx, "the warning about strangers", `document.querySelector('#wizard-warnings')?.hidden === false`)
	text := eval[string](t, ctx, `document.querySelector('#wizard-warnings').innerText`)
	if !strings.Contains(text, "25 of the 25 recipients have never written to this number") || strings.Contains(text, "This pace sends") {
		t.Errorf("the review warns %q; want strangers only at the safe pace", text)
	}
	if eval[bool](t, ctx, `document.querySelector('#wizard-confirm').disabled`) {
		t.Error("a warning stops the campaign; it must only warn")
	}

	// Faster than safe: the review says so too.
	click(t, ctx, `.wizard-step-link[data-step="pace"]`)
	waitFor(t, ctx, "the pace step", `document.querySelector('#campaign-wizard').dataset.step === 'pace'`)
	click(t, ctx, `label[for="wizard-pace-none"]`)
	waitFor(t, ctx, "no limits", `document.querySelector('#wizard-pace-none').checked`)
	click(t, ctx, `.wizard-step-link[data-step="review"]`)
	waitFor(t, ctx, "the warning about the pace", `document.querySelector('#wizard-warnings').innerText.includes('This pace sends as fast as WhatsApp takes them')`)
	screenshot(t, ctx, "browser-phone-review-warnings")
}
