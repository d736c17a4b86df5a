//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// inZone makes the tab's clock run in zone, as on a computer set to it.
func inZone(zone string) func(context.Context) error {
	return func(tab context.Context) error {
		_, err := chromedp.Call(tab, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	}
}

// pickFrom chooses value in the searchable list id by typing query and clicking
// the match, as a user does.
func pickFrom(t *testing.T, ctx context.Context, id, query, value string) {
	t.Helper()
	typeInto(t, ctx, "#"+id+"-search", query)
	option := fmt.Sprintf(`#%s-list li[data-value=%q]`, id, value)
	waitFor(t, ctx, value+" among the matches of "+query, fmt.Sprintf(`document.querySelector('#%s-search').value === %q && document.querySelector(%q) !== null`, id, query, option))
	// At the point on screen where the match is, as a mouse does: the list is
	// drawn anew at each key, which a click by node would have to chase.
	at := eval[[]float64](t, ctx, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`, option))
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(at[0], at[1])); err != nil {
		t.Fatalf("click %s: %v", option, err)
	}
	waitFor(t, ctx, value+" chosen in "+id, fmt.Sprintf(`document.querySelector('#%s').value === %q && document.querySelector('#%s-list').hidden`, id, value, id))
}

type preferences struct {
	Country  string `json:"country"`
	TimeZone string `json:"timeZone"`
	Locale   string `json:"locale"`
	Welcomed bool   `json:"welcomed"`
}

func readPreferences(t *testing.T, h *heraldServer) preferences {
	t.Helper()
	var p preferences
	if err := json.Unmarshal(h.Call(t, "SettingsService", "Preferences"), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWelcome_AskedOnceOnAFreshDataFolder(t *testing.T) {
	h := serveHerald(t, heraldBin, t.TempDir())
	ctx := openApp(t, h, "", inZone("Europe/Berlin"))
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatalf("reduce motion: %v", err)
	}
	waitFor(t, ctx, "the welcome step", `document.documentElement.dataset.welcome === 'asking'`)
	screenshot(t, ctx, "browser-welcome")
	if eval[bool](t, ctx, `document.querySelector('#welcome-modal .btn-close') !== null`) {
		t.Error("the welcome step can be closed without an answer")
	}

	// The guesses: the zone of the computer, the country and language of its locale.
	guessed := eval[[]string](t, ctx, `[
		document.querySelector('#welcome-country').value, document.querySelector('#welcome-country-search').value,
		document.querySelector('#welcome-zone').value, document.querySelector('#welcome-zone-search').value,
		document.querySelector('#welcome-locale').value,
		new Intl.Locale(navigator.language).region || 'US', Intl.getCanonicalLocales(navigator.language)[0]]`)
	if guessed[0] != guessed[5] || !strings.HasSuffix(guessed[1], ")") || !strings.Contains(guessed[1], "(+") {
		t.Errorf("the country guessed is %q shown as %q, want %s with its calling code", guessed[0], guessed[1], guessed[5])
	}
	if guessed[2] != "Europe/Berlin" || !regexp.MustCompile(`^Berlin \(UTC\+0[12]:00\)$`).MatchString(guessed[3]) {
		t.Errorf("the zone guessed is %q shown as %q, want Europe/Berlin as Berlin (UTC+01:00)", guessed[2], guessed[3])
	}
	if guessed[4] != guessed[6] {
		t.Errorf("the language guessed is %q, want the browser's %q", guessed[4], guessed[6])
	}

	pickFrom(t, ctx, "welcome-country", "mexi", "MX")
	pickFrom(t, ctx, "welcome-zone", "mexico city", "America/Mexico_City")
	pickFrom(t, ctx, "welcome-locale", "spanish mexico", "es-MX")
	shown := eval[[]string](t, ctx, `['#welcome-country-search', '#welcome-zone-search', '#welcome-locale-search', '#welcome-locale-sample'].map((s) => document.querySelector(s).value ?? document.querySelector(s).textContent)`)
	if shown[0] != "Mexico (+52)" || shown[1] != "Mexico City (UTC−06:00)" || shown[2] != "Spanish (Mexico)" {
		t.Errorf("the choices read %q", shown[:3])
	}
	if sample := eval[string](t, ctx, `document.querySelector('#welcome-locale-sample').textContent`); !strings.Contains(sample, "12,345.67") || !strings.Contains(sample, "dic") {
		t.Errorf("the sample of es-MX reads %q", sample)
	}
	// The page behind, drawn before the answers, is drawn again in them.
	eval[string](t, ctx, `document.querySelector('main#page .page-view').dataset.beforeWelcome = 'yes'`)
	click(t, ctx, "#welcome-save")
	waitFor(t, ctx, "the welcome step to be answered", `document.documentElement.dataset.welcome === 'answered' && !document.querySelector('#welcome-modal') && !document.querySelector('.modal-backdrop')`)
	waitFor(t, ctx, "the dashboard drawn again", `document.querySelector('main#page[data-page="dashboard"] .page-view') !== null && !document.querySelector('.page-view[data-before-welcome]')`)
	want := preferences{Country: "MX", TimeZone: "America/Mexico_City", Locale: "es-MX", Welcomed: true}
	if got := readPreferences(t, h); got != want {
		t.Fatalf("preferences after the welcome step = %+v, want %+v", got, want)
	}

	// A national number is now a Mexican one.
	goTo(t, ctx, "contacts")
	click(t, ctx, "#contacts-add")
	waitModal(t, ctx, "contact-modal", true)
	typeInto(t, ctx, "#contact-name", "Camila Torres")
	typeInto(t, ctx, "#contact-phone", "55 1234 5678")
	click(t, ctx, "#contact-save")
	waitModal(t, ctx, "contact-modal", false)
	if n := contactCount(t, h, map[string]any{"search": "+525512345678"}); n != 1 {
		t.Errorf("contacts stored as +525512345678: %d, want 1", n)
	}

	// A new campaign is scheduled in the zone chosen, not the computer's.
	addTemplate(t, h, "Hello", "Hello {{first_name}}")
	goTo(t, ctx, "campaigns")
	waitFor(t, ctx, "the campaign list", `!document.querySelector('.empty-state')?.hidden`)
	click(t, ctx, "#campaigns-empty-new")
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics'`)
	if zone := eval[string](t, ctx, `document.querySelector('#wizard-zone').value`); zone != "America/Mexico_City" {
		t.Errorf("the wizard's zone is %q, want America/Mexico_City", zone)
	}
	if label := eval[string](t, ctx, `document.querySelector('#wizard-zone-search').value`); label != "Mexico City (UTC−06:00)" {
		t.Errorf("the wizard's zone reads %q", label)
	}

	// Not asked again on the next start.
	// The same tab, as a user reopens the page; left first, so that it does
	// not call a Herald that has stopped.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	h.Stop()
	again := serveHerald(t, heraldBin, h.DataDir)
	// Left again before this Herald stops at the end of the test.
	t.Cleanup(func() { _ = chromedp.Do(ctx, chromedp.Navigate("about:blank")) })
	if err := chromedp.Do(ctx, chromedp.Navigate(again.URL+"/#token="+again.Token), chromedp.WaitVisible(chromedp.CSS(`main#page[data-page]`))); err != nil {
		t.Fatalf("open the app again: %v", err)
	}
	waitFor(t, ctx, "the start to finish", `document.documentElement.dataset.welcome === 'answered'`)
	if eval[bool](t, ctx, `document.querySelector('#welcome-modal') !== null`) {
		t.Error("the welcome step was asked again")
	}

	// Changed later in Settings.
	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the time and language card", `document.querySelector('#settings-zone')?.value === 'America/Mexico_City' && document.querySelector('#settings-locale').value === 'es-MX'`)
	if got := eval[string](t, ctx, `document.querySelector('#default-country').value`); got != "MX" {
		t.Errorf("the country in Settings is %q, want MX", got)
	}
	pickFrom(t, ctx, "settings-zone", "madrid", "Europe/Madrid")
	// From the keyboard: the first match is the one Enter takes.
	typeInto(t, ctx, "#settings-locale-search", "english united kingdom")
	waitFor(t, ctx, "en-GB first among the matches", `document.querySelector('#settings-locale-list li.active')?.dataset.value === 'en-GB'`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#settings-locale-search"), "\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "en-GB chosen with Enter", `document.querySelector('#settings-locale').value === 'en-GB' && document.querySelector('#settings-locale-list').hidden && document.querySelector('#settings-locale-search').value === 'English (United Kingdom)'`)
	click(t, ctx, "#save-regional")
	waitFor(t, ctx, "the change saved", `document.querySelector('#toasts')?.innerText.includes('Saved')`)
	if got := readPreferences(t, again); got.TimeZone != "Europe/Madrid" || got.Locale != "en-GB" {
		t.Errorf("preferences after Settings = %+v", got)
	}
}
