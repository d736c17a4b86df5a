package contacts

import (
	"slices"
	"strings"
	"testing"
)

// The two ways CleanTags cleans a list agree, whatever its length.
func FuzzCleanTags(f *testing.F) {
	for _, s := range []string{"vip,VIP, Lead ,lead", "  a  b ,A B,\ta\u00a0b", "Straße,STRASSE,ǅ,ǆ,Ǆ", "K,\u212a,k", "σ,Σ,ς", ",,, ,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		tags := strings.Split(list, ",")
		if few, many := cleanFewTags(tags), cleanManyTags(tags); !slices.Equal(few, many) {
			t.Fatalf("%q is cleaned to %q pair by pair, to %q through a map", tags, few, many)
		}
	})
}
