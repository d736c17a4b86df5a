//go:build e2e

package browser

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// gatedState is a script saying whether the WhatsApp page's Send (test
// message) and Check contacts buttons are off with their reason shown
// ("off") or on without it ("on"); anything else is described.
const gatedState = `(() => {
	const pairs = [['#wa-test-send', '#wa-test-reason'], ['#wa-check', '#wa-check-reason']];
	const states = pairs.map(([button, reason]) => {
		const b = document.querySelector(button), r = document.querySelector(reason);
		const shown = r.offsetParent !== null && r.textContent.includes('not connected');
		if (b.disabled && shown && b.title !== '') return 'off';
		if (!b.disabled && !shown) return 'on';
		return button + ' disabled=' + b.disabled + ' reason shown=' + shown;
	});
	return states.every(s => s === states[0]) ? states[0] : states.join('; ');
})()`

// waitGated waits until the buttons that need the connection are want.
func waitGated(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](gatedState+` === '`+want+`'`, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the buttons that need the connection: %s, want %s", eval[string](t, ctx, gatedState), want)
	}
}

func TestWhatsApp_SendingAndCheckingWaitForTheConnection(t *testing.T) {
	h := startHerald(t)
	calmSimulator(t, h)
	ctx := openApp(t, h, "whatsapp")
	topBar(t, ctx, "disconnected")
	waitGated(t, ctx, "off")
	screenshot(t, ctx, "browser-whatsapp-disconnected")

	click(t, ctx, "#wa-connect")
	topBar(t, ctx, "qr")
	waitGated(t, ctx, "off")
	// A grey outline reads as a disabled button: Disconnect has a colour.
	look := eval[map[string]any](t, ctx, `(() => {
		const b = document.querySelector('#wa-disconnect'), s = getComputedStyle(b);
		const [r, g, bl] = s.color.match(/\d+/g).map(Number);
		return {shown: b.offsetParent !== null, disabled: b.disabled, opacity: s.opacity, grey: Math.max(r, g, bl) - Math.min(r, g, bl) < 40};
	})()`)
	if look["shown"] != true || look["disabled"] != false || look["opacity"] != "1" || look["grey"] != false {
		t.Errorf("Disconnect looks %v, want shown, enabled, opaque and not grey", look)
	}

	click(t, ctx, "#wa-simulate-scan")
	topBar(t, ctx, "connected")
	waitGated(t, ctx, "on")

	click(t, ctx, "#wa-disconnect")
	topBar(t, ctx, "disconnected")
	waitGated(t, ctx, "off")
}
