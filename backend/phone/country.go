package phone

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CountryName is the English name of a region ("MX" → "Mexico"), or the
// code itself when it names no country.
func CountryName(region string) string {
	r, err := language.ParseRegion(region)
	if err != nil {
		return region
	}
	if name := display.English.Regions().Name(r); name != "" {
		return name
	}
	return region
}
