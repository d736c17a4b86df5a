//go:build e2e

package browser

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestSettings_AboutShowsTheVersionAndTheLicenceOfEachLibrary(t *testing.T) {
	out, err := exec.Command(heraldBin, "version").Output()
	if err != nil {
		t.Fatalf("herald version: %v", err)
	}
	version := strings.TrimPrefix(strings.TrimSpace(string(out)), "herald ")
	h := startHerald(t)
	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the libraries in the About card", `document.querySelectorAll('#about-libraries details').length > 50`)
	if got := eval[string](t, ctx, `document.querySelector('#about-version').textContent`); got != version {
		t.Errorf("About shows version %q, herald version says %q", got, version)
	}
	about := eval[string](t, ctx, `document.querySelector('#about').innerText`)
	for _, want := range []string{h.DataDir, "web browser", "Go standard library", "jquery"} {
		if !strings.Contains(about, want) {
			t.Errorf("the About card does not show %q", want)
		}
	}

	shown := `[...document.querySelectorAll('#about-libraries details')].filter((d) => !d.hidden).map((d) => d.dataset.name).join(' ')`
	for _, c := range []struct{ search, name, licence, phrase string }{
		{"gorm", "gorm.io/gorm", "MIT", "Permission is hereby granted"},
		{"bootstrap", "bootstrap", "MIT", "The Bootstrap Authors"},
		{"wails apache", "github.com/wailsapp/wails/v2", "Apache-2.0 AND MIT", "internal/typescriptify/LICENSE.txt"},
	} {
		item := `#about-libraries details[data-name="` + c.name + `"]`
		typeInto(t, ctx, `#about-search`, c.search)
		waitFor(t, ctx, "only "+c.name+" to match "+c.search, shown+` === '`+c.name+`'`)
		if got := eval[string](t, ctx, `document.querySelector('`+item+` .about-licence-id').textContent`); got != c.licence {
			t.Errorf("%s's licence badge says %q, want %q", c.name, got, c.licence)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(item+` > summary`))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, c.name+"'s licence text", `document.querySelector('`+item+` pre')?.innerText.includes('`+c.phrase+`')`)
	}
	screenshot(t, ctx, "browser-settings-about")

	typeInto(t, ctx, `#about-search`, "no such library")
	waitFor(t, ctx, "the search to say nothing matches", shown+` === '' && document.querySelector('#about-libraries').innerText.includes('No library matches')`)
}
