package settings

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/about"
	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/store"
)

type fixture struct {
	svc      *Service
	activity *activity.Service
	events   *events.Recorder
	path     string
}

func open(t *testing.T, path, locale string) fixture {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	rec := &events.Recorder{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := NewService(db, activity.NewLog(db, rec, log), rec, log, Info{DataDir: "/data"}, locale, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{svc: svc, activity: activity.NewService(db), events: rec, path: path}
}

func TestFirstStart_DefaultCountryFromLocale(t *testing.T) {
	cases := map[string]string{"GB": "GB", "de": "DE", "": "US", "XX": "US", "EU": "US"}
	for locale, want := range cases {
		f := open(t, filepath.Join(t.TempDir(), "h.db"), locale)
		got, err := f.svc.Get(DefaultCountry)
		if err != nil || got != want {
			t.Errorf("locale %q: defaultCountry = %q, %v; want %q", locale, got, err, want)
		}
	}
}

func TestSet_KeepsChoiceAcrossRestartAndRecordsActivity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	f := open(t, path, "US")
	if err := f.svc.Set(DefaultCountry, " br "); err != nil {
		t.Fatal(err)
	}
	page, _ := f.activity.List(activity.Query{})
	if page.Total != 1 || page.Items[0].Kind != "settings" {
		t.Fatalf("activity after Set: %+v", page)
	}
	if got := f.events.Events(events.TopicSettingsChanged); len(got) != 1 {
		t.Fatalf("settings:changed events = %v", got)
	}
	// Setting the same value again is not a change.
	if err := f.svc.Set(DefaultCountry, "BR"); err != nil {
		t.Fatal(err)
	}
	if page, _ := f.activity.List(activity.Query{}); page.Total != 1 {
		t.Errorf("an unchanged value was recorded as a change")
	}
	// A later start with another locale keeps the user's choice.
	again := open(t, path, "FR")
	if got, _ := again.svc.Get(DefaultCountry); got != "BR" {
		t.Errorf("after restart defaultCountry = %q, want BR", got)
	}
}

func TestSet_RejectsBadValuesWithPlainMessage(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	for _, c := range []struct{ key, value string }{
		{DefaultCountry, "Narnia"},
		{DefaultCountry, ""},
		{DefaultCountry, "ZZ"},
		{"noSuchSetting", "1"},
	} {
		err := f.svc.Set(c.key, c.value)
		if apperr.KindOf(err) != apperr.KindInvalid {
			t.Errorf("Set(%q, %q) = %v, want an invalid-input error", c.key, c.value, err)
		}
	}
	if got, _ := f.svc.Get(DefaultCountry); got != "US" {
		t.Errorf("a rejected value changed the setting to %q", got)
	}
}

func TestCountries_IncludeCallingCodes(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	found := map[string]int{}
	for _, c := range f.svc.Countries() {
		found[c.Code] = c.CallingCode
	}
	if found["GB"] != 44 || found["US"] != 1 || found["BR"] != 55 || len(found) < 200 {
		t.Errorf("countries: GB=%d US=%d BR=%d total=%d", found["GB"], found["US"], found["BR"], len(found))
	}
}

func TestLicenses_AreWhatCoreGivesAndNeverNull(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "US")
	if list, err := f.svc.Licenses(); err != nil || list == nil || len(list) != 0 {
		t.Errorf("without notices: %v, %v; want an empty list", list, err)
	}
	f.svc.licenses = func() ([]about.Notice, error) {
		return []about.Notice{{Name: "gorm.io/gorm", License: "MIT", Text: "MIT License"}}, nil
	}
	if list, err := f.svc.Licenses(); err != nil || len(list) != 1 || list[0].Name != "gorm.io/gorm" {
		t.Errorf("Licenses() = %v, %v", list, err)
	}
	f.svc.licenses = func() ([]about.Notice, error) { return nil, errors.New("broken") }
	if _, err := f.svc.Licenses(); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("a failing source: %v", err)
	}
}

func TestLocaleCountry(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "en_GB.UTF-8"}, "GB"},
		{map[string]string{"LANG": "pt_BR"}, "BR"},
		{map[string]string{"LANG": "de-AT"}, "AT"},
		{map[string]string{"LANG": "C.UTF-8"}, ""},
		{map[string]string{"LANG": "POSIX"}, ""},
		{map[string]string{"LC_ALL": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}, "MX"},
		{map[string]string{"LANG": "sr_RS@latin"}, "RS"},
		{map[string]string{}, ""},
		{map[string]string{"LANG": "es_419.UTF-8"}, ""},
		{map[string]string{"LANG": "x_0\xf6"}, ""},
	}
	for _, c := range cases {
		if got := LocaleCountry(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("LocaleCountry(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}
