package settings

import (
	"path/filepath"
	"testing"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/events"
)

func TestWelcome_StoresAnswersOnceAndKeepsThemAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	f := open(t, path, "US")
	p, err := f.svc.Preferences()
	if err != nil || p.Welcomed || p.Country != "US" || p.TimeZone != "" || p.Locale != "" {
		t.Fatalf("fresh preferences = %+v, %v; want US, not welcomed", p, err)
	}
	if err := f.svc.Welcome(Preferences{Country: "mx", TimeZone: "America/Mexico_City", Locale: "es-mx"}); err != nil {
		t.Fatal(err)
	}
	want := Preferences{Country: "MX", TimeZone: "America/Mexico_City", Locale: "es-MX", Welcomed: true}
	if p, _ := f.svc.Preferences(); p != want {
		t.Errorf("after Welcome = %+v, want %+v", p, want)
	}
	if got := f.events.Events(events.TopicSettingsChanged); len(got) != 3 {
		t.Errorf("settings:changed events = %v, want one per answer", got)
	}
	if page, _ := f.activity.List(activity.Query{}); page.Total != 1 {
		t.Errorf("activity entries = %d, want one for the whole step", page.Total)
	}
	again := open(t, path, "FR")
	if p, _ := again.svc.Preferences(); p != want {
		t.Errorf("after restart = %+v, want %+v", p, want)
	}
	if got, _ := again.svc.Get(TimeZone); got != "America/Mexico_City" {
		t.Errorf("Get(timeZone) = %q", got)
	}
}

func TestWelcome_EmptyZoneAndLocaleMeanTheComputers(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	if err := f.svc.Welcome(Preferences{Country: "GB"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.svc.Preferences(); p != (Preferences{Country: "GB", Welcomed: true}) {
		t.Errorf("preferences = %+v", p)
	}
}

func TestWelcome_TheGuessesKeptChangeNothingToRecord(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	if err := f.svc.Welcome(Preferences{Country: "US"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.svc.Preferences(); !p.Welcomed {
		t.Errorf("the step is not remembered as answered: %+v", p)
	}
	if page, _ := f.activity.List(activity.Query{}); page.Total != 0 {
		t.Errorf("activity entries = %d, want none: nothing changed", page.Total)
	}
	if got := f.events.Events(events.TopicSettingsChanged); len(got) != 0 {
		t.Errorf("settings:changed events = %v, want none", got)
	}
}

func TestWelcome_RejectsBadAnswersAndStoresNothing(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	for _, p := range []Preferences{
		{Country: "ZZ", TimeZone: "UTC", Locale: "en-US"},
		{Country: "MX", TimeZone: "Mars/Olympus", Locale: "es-MX"},
		{Country: "MX", TimeZone: "Local", Locale: "es-MX"},
		{Country: "MX", TimeZone: "../../etc/passwd", Locale: "es-MX"},
		{Country: "MX", TimeZone: "America/Mexico_City", Locale: "not a language"},
	} {
		if err := f.svc.Welcome(p); apperr.KindOf(err) != apperr.KindInvalid {
			t.Errorf("Welcome(%+v) = %v, want an invalid-input error", p, err)
		}
	}
	if p, _ := f.svc.Preferences(); p.Welcomed || p.Country != "US" || p.TimeZone != "" {
		t.Errorf("rejected answers changed the preferences: %+v", p)
	}
}

func TestSet_TimeZoneAndLocale(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	if err := f.svc.Set(TimeZone, "Europe/Madrid"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Set(Locale, "en-gb"); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.svc.Preferences(); p.TimeZone != "Europe/Madrid" || p.Locale != "en-GB" || p.Welcomed {
		t.Errorf("preferences = %+v", p)
	}
	if err := f.svc.Set(TimeZone, "Nowhere/At_All"); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("an unknown zone was accepted: %v", err)
	}
}

func TestCountries_CarryTheirLikelyLocale(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	found := map[string]string{}
	for _, c := range f.svc.Countries() {
		found[c.Code] = c.Locale
	}
	for code, want := range map[string]string{"MX": "es-MX", "GB": "en-GB", "DE": "de-DE", "BR": "pt-BR", "JP": "ja-JP"} {
		if found[code] != want {
			t.Errorf("locale of %s = %q, want %q", code, found[code], want)
		}
	}
}
