//go:build e2e

package browser

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var pages = []string{"dashboard", "contacts", "templates", "campaigns", "activity", "whatsapp", "settings"}

func TestShell_EveryPageOpensFromTheSidebar(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "")
	if got := eval[string](t, ctx, `document.querySelector('main#page').dataset.page`); got != "dashboard" {
		t.Errorf("first page is %q, want dashboard", got)
	}
	if theme := eval[string](t, ctx, `document.documentElement.dataset.bsTheme`); theme != "dark" {
		t.Errorf("theme %q, want dark", theme)
	}
	// The token must not stay in the address bar.
	if loc := eval[string](t, ctx, `location.href`); strings.Contains(loc, h.Token) {
		t.Errorf("token left in the address bar: %s", loc)
	}
	for _, p := range pages {
		goTo(t, ctx, p)
		title := eval[string](t, ctx, `(document.querySelector('#page-title') || document.querySelector('main#page h1')).textContent.trim()`)
		if title == "" {
			t.Errorf("page %s has no title", p)
		}
		active := eval[string](t, ctx, `document.querySelector('a.nav-link.active')?.dataset.page || ''`)
		if active != p {
			t.Errorf("on %s the sidebar marks %q active", p, active)
		}
		// A page fills in when its data arrives: wait for it, then judge.
		waitFor(t, ctx, "page "+p+" to say something to a first-time user",
			`document.querySelector('main#page').innerText.trim().length >= 20`)
	}
	screenshot(t, ctx, "browser-settings")
	// Reloading keeps working: the token survives in the session.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`main#page[data-page]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the country list after a reload", `document.querySelectorAll('#default-country option').length > 100`)
}

func TestActivity_NewEntryAppearsWithoutReload(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "activity")
	waitFor(t, ctx, "the activity page", `document.querySelector('main#page[data-page="activity"]') !== null`)
	// A marker that a reload would wipe.
	eval[bool](t, ctx, `window.__sameDocument = true`)
	h.Call(t, "SettingsService", "Set", "defaultCountry", "NZ")
	waitFor(t, ctx, "the new entry in the table",
		`document.querySelector('#activity-table tbody')?.innerText.includes('NZ')`)
	if !eval[bool](t, ctx, `window.__sameDocument === true`) {
		t.Error("the page reloaded to show the entry")
	}
	screenshot(t, ctx, "browser-activity")
}

func TestActivity_FiltersByKindAndSearches(t *testing.T) {
	h := startHerald(t)
	h.Call(t, "SettingsService", "Set", "defaultCountry", "DE")
	h.Call(t, "SettingsService", "Set", "defaultCountry", "FR")
	ctx := openApp(t, h, "activity")
	waitFor(t, ctx, "both entries", `document.querySelectorAll('#activity-table tbody tr').length === 2`)
	waitFor(t, ctx, "the kind filter", `[...document.querySelectorAll('#activity-kind option')].some(o => o.value === 'settings')`)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#activity-kind`), "settings")); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `document.querySelector('#activity-kind').dispatchEvent(new Event('change', {bubbles: true}))`)
	waitFor(t, ctx, "filtered rows", `document.querySelectorAll('#activity-table tbody tr').length === 2`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#activity-table_wrapper input[type="search"]`), "FR")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "one row matching FR", `(() => { const rows = document.querySelectorAll('#activity-table tbody tr'); return rows.length === 1 && rows[0].innerText.includes('FR'); })()`)
}

func TestSettings_DefaultCountryIsChangedInTheUI(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the country list", `document.querySelectorAll('#default-country option').length > 100`)
	if got := eval[string](t, ctx, `document.querySelector('main#page').innerText`); !strings.Contains(got, h.DataDir) {
		t.Errorf("the settings page does not show where the data lives (%s)", h.DataDir)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#default-country`), "PT"),
		chromedp.Click(chromedp.CSS(`#save-settings`)),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a confirmation", `document.querySelector('#toasts')?.innerText.trim().length > 0`)
	var got string
	json.Unmarshal(h.Call(t, "SettingsService", "Get", "defaultCountry"), &got)
	if got != "PT" {
		t.Errorf("defaultCountry = %q after saving PT in the UI", got)
	}
}

func TestSettings_OptOutWordsAreChangedInTheUI(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the opt-out card", `!!document.querySelector('#opt-out-words')`)
	if got := eval[string](t, ctx, `document.querySelector('#opt-out-words').placeholder`); !strings.Contains(got, "UNSUBSCRIBE") {
		t.Errorf("the placeholder %q does not show Herald's own list", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#opt-out-words`), " stop ,  no more messages,, "),
		chromedp.Click(chromedp.CSS(`#save-opt-out`)),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a confirmation", `document.querySelector('#toasts')?.innerText.includes('opt a contact out')`)
	var got string
	json.Unmarshal(h.Call(t, "SettingsService", "Get", "optOutWords"), &got)
	if got != "stop, no more messages" {
		t.Errorf("optOutWords = %q after saving in the UI", got)
	}
}

func TestTopBar_FollowsConnectionState(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "")
	if got := eval[string](t, ctx, `document.querySelector('#connection-state').dataset.state`); got != "disconnected" {
		t.Errorf("connection state at start %q, want disconnected", got)
	}
	// Until the WhatsApp layer exists nothing on the server emits the state,
	// so the event enters the page's event bus directly; the server's side of
	// the stream is covered by backend/web's tests.
	eval[chromedp.Void](t, ctx, `window.runtime.EventsEmit('whatsapp:status', {state: 'connected'})`)
	waitFor(t, ctx, "the badge to say connected", `document.querySelector('#connection-state').dataset.state === 'connected'`)
}

func TestServe_RefusesMissingTokenAndForeignHost(t *testing.T) {
	h := startHerald(t)
	post := func(mutate func(*http.Request)) int {
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/rpc/ActivityService/List", strings.NewReader(`[{}]`))
		req.Header.Set("Authorization", "Bearer "+h.Token)
		mutate(req)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := post(func(*http.Request) {}); got != 200 {
		t.Fatalf("with token: %d", got)
	}
	if got := post(func(r *http.Request) { r.Header.Del("Authorization") }); got != 401 {
		t.Errorf("without token: %d, want 401", got)
	}
	if got := post(func(r *http.Request) { r.Host = "attacker.example" }); got != 403 {
		t.Errorf("foreign Host: %d, want 403", got)
	}
	res, err := http.Get(h.URL + "/events?token=nope")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("/events with a wrong token: %d", res.StatusCode)
	}
}

// While Herald prepares the contacts after an interrupted import, a banner
// says so, and goes when it is done.
func TestShell_SaysWhileTheContactsArePrepared(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "contacts")
	waitFor(t, ctx, "the contacts page", `document.querySelector('main#page[data-page="contacts"]') !== null`)
	if !eval[bool](t, ctx, `document.querySelector('#preparing-alert').hidden`) {
		t.Error("a banner says the contacts are being prepared on a fresh start")
	}
	// The event the server sends when an interrupted import is repaired.
	eval[bool](t, ctx, `window.runtime.EventsEmit('contacts:preparing', true) ?? true`)
	waitFor(t, ctx, "the banner", `!document.querySelector('#preparing-alert').hidden`)
	if text := eval[string](t, ctx, `document.querySelector('#preparing-alert').innerText`); !strings.Contains(text, "Preparing your contacts") {
		t.Errorf("banner says %q", text)
	}
	screenshot(t, ctx, "browser-preparing-contacts")
	eval[bool](t, ctx, `window.runtime.EventsEmit('contacts:preparing', false) ?? true`)
	waitFor(t, ctx, "the banner to go", `document.querySelector('#preparing-alert').hidden`)
}
