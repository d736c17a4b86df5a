package settings

import "testing"

func FuzzLocaleCountry(f *testing.F) {
	for _, s := range []string{"en_GB.UTF-8", "C", "de-AT", "sr_RS@latin", "_", "x_yz", "é_ÉÉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lang string) {
		got := LocaleCountry(func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		})
		if got == "" {
			return
		}
		if len(got) != 2 || got[0] < 'A' || got[0] > 'Z' || got[1] < 'A' || got[1] > 'Z' {
			t.Fatalf("LocaleCountry(%q) = %q: not a two-letter code", lang, got)
		}
	})
}
