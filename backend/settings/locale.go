package settings

import "strings"

// LocaleCountry returns the country named by the POSIX locale variables
// (LC_ALL, LC_MESSAGES, LANG, in that order of precedence), such as "GB" for
// "en_GB.UTF-8", or "" when they name none. getenv is os.Getenv outside tests.
func LocaleCountry(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		// language[_territory][.codeset][@modifier]; also accept BCP 47 "en-GB".
		v, _, _ = strings.Cut(v, ".")
		v, _, _ = strings.Cut(v, "@")
		_, territory, ok := strings.Cut(strings.ReplaceAll(v, "-", "_"), "_")
		if !ok || !isTwoLetters(territory) {
			return ""
		}
		return strings.ToUpper(territory)
	}
	return ""
}

func isTwoLetters(s string) bool {
	if len(s) != 2 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
