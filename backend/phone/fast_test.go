package phone

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The fast paths must give exactly what the library gives. These tests
// generate numbers of every type, valid and broken, in national and
// international forms, for every region the library knows (and the
// important ones at length), and compare:
//   - each fast parse function with the plain library path it replaces
//     (phonenumbers.Parse + IsValidNumber + Format E164), and
//   - Normalize with normalizeSlow, the implementation before the fast paths.
// Any difference fails.

// mainRegions are the regions imports mostly use, and the ones whose
// numbering plans have the tricky parts (carrier codes, transform rules,
// shared calling codes, leading zeros).
var mainRegions = []string{"US", "GB", "DE", "BR", "ES", "FR", "IN", "MX", "AR", "IT", "NL", "PT", "AU", "JP",
	"CN", "NG", "ZA", "CA", "RU", "KZ", "CH", "AT", "BE", "PL", "SE", "NO", "IE", "NZ", "SG", "HK", "KR", "ID",
	"PH", "TR", "EG", "SA", "AE", "IL", "CO", "CL", "PE", "VE", "GG", "IM", "JE", "VA", "SM", "CX", "CC", "FI",
	"AX", "PR", "DO", "JM", "MA", "EH", "RE", "YT", "GP", "BL", "MF", "CW", "BQ", "SH", "TA", "UY", "PY", "BO",
	"EC", "CR", "PA", "GT", "HN", "SV", "NI", "CU", "UA", "BY", "HU", "CZ", "SK", "RO", "BG", "GR", "DK", "IS"}

// oddRegions are region arguments that are not plain supported regions.
var oddRegions = []string{"", "001", "ZZ", "XX", "us", " de ", "Gb", "UK"}

var numberTypes = []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE,
	phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP,
	phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}

type sample struct{ raw, region string }

// genSamples builds the inputs. perRegion scales the random part.
func genSamples(rng *rand.Rand, perRegion int) []sample {
	var out []sample
	all := make([]string, 0, 256)
	for r := range phonenumbers.GetSupportedRegions() {
		all = append(all, r)
	}
	slices.Sort(all)
	randomRegion := func() string {
		if rng.IntN(10) == 0 {
			return oddRegions[rng.IntN(len(oddRegions))]
		}
		if rng.IntN(2) == 0 {
			return mainRegions[rng.IntN(len(mainRegions))]
		}
		return all[rng.IntN(len(all))]
	}
	add := func(raw, home string) {
		out = append(out, sample{raw, home}, sample{raw, randomRegion()})
	}
	isMain := func(r string) bool { return slices.Contains(mainRegions, r) }

	var examples []*phonenumbers.PhoneNumber
	var exampleRegion []string
	for _, r := range all {
		for _, typ := range numberTypes {
			if ex := phonenumbers.GetExampleNumberForType(r, typ); ex != nil {
				examples = append(examples, ex)
				exampleRegion = append(exampleRegion, r)
			}
		}
	}
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		if ex := phonenumbers.GetExampleNumberForNonGeoEntity(cc); ex != nil {
			examples = append(examples, ex)
			exampleRegion = append(exampleRegion, "001")
		}
	}
	for i, ex := range examples {
		home := exampleRegion[i]
		e := phonenumbers.Format(ex, phonenumbers.E164)
		nsn := phonenumbers.GetNationalSignificantNumber(ex)
		forms := []string{
			phonenumbers.Format(ex, phonenumbers.NATIONAL),
			phonenumbers.Format(ex, phonenumbers.INTERNATIONAL),
			phonenumbers.Format(ex, phonenumbers.RFC3966),
			e, e[1:], "00" + e[1:], "011" + e[1:], nsn, "0" + nsn,
			phonenumbers.FormatOutOfCountryCallingNumber(ex, "US"),
			phonenumbers.FormatOutOfCountryCallingNumber(ex, "GB"),
			phonenumbers.FormatOutOfCountryCallingNumber(ex, "BR"),
			phonenumbers.FormatOutOfCountryCallingNumber(ex, home),
		}
		rounds := 1
		if isMain(home) {
			rounds = 4
		}
		for _, f := range forms {
			add(f, home)
			for range rounds {
				add(mutate(rng, f), home)
			}
		}
		add("'"+e, home)
		add(e[1:]+".0", home)
		add("tel:"+e, home)
		add("+"+nsn, home)
	}

	// Random digits behind the prefixes people and programs write.
	for _, r := range all {
		n := perRegion
		if isMain(r) {
			n *= 8
		}
		cc := countryCodeOf(r)
		prefixes := []string{"", "0", "00", "011", "+", "+0", cc, "0" + cc, "00" + cc, "+" + cc, "+" + cc + "0",
			"8", "810", "15", "9", "1", "0" + cc + "0", cc + "0", "00" + cc + "0"}
		for range n {
			p := prefixes[rng.IntN(len(prefixes))]
			d := randomDigits(rng, 1+rng.IntN(15))
			add(separate(rng, p+d), r)
		}
	}
	for range perRegion * 20 {
		add(randomDigits(rng, 1+rng.IntN(18)), randomRegion())
		add("+"+randomDigits(rng, 1+rng.IntN(18)), randomRegion())
	}
	return out
}

func randomDigits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

// mutate breaks or reshapes a number a little: digit edits, separators,
// wrappers.
func mutate(rng *rand.Rand, s string) string {
	b := []byte(s)
	var digits []int
	for i, c := range b {
		if c >= '0' && c <= '9' {
			digits = append(digits, i)
		}
	}
	if len(digits) == 0 {
		return s
	}
	i := digits[rng.IntN(len(digits))]
	switch rng.IntN(9) {
	case 0: // drop a digit
		return string(b[:i]) + string(b[i+1:])
	case 1: // insert a digit
		return string(b[:i]) + string(rune('0'+rng.IntN(10))) + string(b[i:])
	case 2: // change a digit
		b[i] = byte('0' + rng.IntN(10))
		return string(b)
	case 3: // add digits at the end
		return s + randomDigits(rng, 1+rng.IntN(2))
	case 4: // only the digits
		return Digits(s)
	case 5: // the digits, separated anew
		return separate(rng, Digits(s))
	case 6:
		return " " + s + " "
	case 7: // an extension
		return s + " ext. " + randomDigits(rng, 2)
	default: // a trailing separator
		return s + []string{"-", ")", ".", " /"}[rng.IntN(4)]
	}
}

var separators = []string{" ", " ", "-", ".", "/", "\u00a0", "\u2010", "\u2013", "(", ")", "\t", "\u2009"}

// separate puts separators between some characters of s.
func separate(rng *rand.Rand, s string) string {
	if rng.IntN(3) == 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if i+1 < len(s) && rng.IntN(4) == 0 {
			b.WriteString(separators[rng.IntN(len(separators))])
		}
	}
	return b.String()
}

func sampleSize(t *testing.T) int {
	if testing.Short() {
		return 2
	}
	return 4
}

// TestFastPaths_MatchLibrary compares each fast parse function with the
// library call it stands for, on the digit strings and "+" forms derived
// from the samples.
func TestFastPaths_MatchLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	samples := genSamples(rng, sampleSize(t))
	var checks, sure, total int
	t0 := tables()
	seen := make(map[sample]bool)
	for _, smp := range samples {
		region := strings.ToUpper(strings.TrimSpace(smp.region))
		s := strings.TrimSpace(smp.raw)
		d := Digits(s)
		if d == "" || len(d) > maxInput {
			continue
		}
		if seen[sample{d, region}] {
			continue
		}
		seen[sample{d, region}] = true

		// parseValid(digits, region)
		got, gotOK := parseValidNational(d, region)
		want, wantOK := parseValidSlow(d, region)
		if got != want || gotOK != wantOK {
			t.Errorf("parseValidNational(%q, %q) = %q, %v; library: %q, %v", d, region, got, gotOK, want, wantOK)
		}
		// parseValid("+"+digits, "")
		got, gotOK = parseValidIntl(d)
		want, wantOK = parseValidSlow("+"+d, "")
		if got != want || gotOK != wantOK {
			t.Errorf("parseValidIntl(%q) = %q, %v; library: %q, %v", d, got, gotOK, want, wantOK)
		}
		// parseValid("+…", region) with separators
		if p, ok := plusDigits(s); ok {
			got, gotOK = parseValidPlus(s, p, region)
			want, wantOK = parseValidSlow(s, region)
			if got != want || gotOK != wantOK {
				t.Errorf("parseValidPlus(%q, %q) = %q, %v; library: %q, %v", s, region, got, gotOK, want, wantOK)
			}
			checks++
		}
		// validE164
		if isE164("+" + d) {
			if got, want := validE164("+"+d), validE164Slow("+"+d); got != want {
				t.Errorf("validE164(%q) = %v, library: %v", "+"+d, got, want)
			}
			checks++
		}
		checks += 2
		total += 2
		if _, _, v := t0.parseNational(d, region); v != unsure {
			sure++
		}
		if _, _, v := t0.parseIntl(d); v != unsure {
			sure++
		}
	}
	t.Logf("%d comparisons; the fast path decided %d of %d digit parses alone", checks, sure, total)
	if checks < 10000 {
		t.Fatalf("only %d comparisons", checks)
	}
}

// TestNormalize_MatchesSlow compares Normalize with the implementation that
// had no fast paths, results and error messages alike.
func TestNormalize_MatchesSlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	samples := genSamples(rng, sampleSize(t))
	// The inputs of the other tests and of the benchmark, in many regions.
	for _, raw := range []string{"(212) 200-0000", "07911 123456", "0151 23456789", "+1 212 200 0000",
		"0044 20 7946 0958", "+14155552671", " '0044 (0)20-7946.0958 ", "4915123456789.0", "+52 1 55 1234 5678",
		"5215512345678", "4.915123456789E+12", "٠١٥١ ٢٣٤٥٦٧٨٩", "＋４４ ７９１１ １２３４５６", "+39 06 6982 0000",
		"+390669820000", "0669820000", "011 54 9 11 1234 5678", "0 11 15 1234 5678", "+54 9 11 1234-5678",
		"(11) 98765-4321", "0 xx 11 98765-4321", "0 15 11 98765 4321", "044 55 1234 5678", "+7 701 123 4567"} {
		for _, r := range append(slices.Clone(mainRegions), oddRegions...) {
			samples = append(samples, sample{raw, r})
		}
	}
	for _, smp := range samples {
		got, gotErr := Normalize(smp.raw, smp.region)
		want, wantErr := reference(smp.raw, smp.region)
		if got != want || errString(gotErr) != errString(wantErr) {
			t.Errorf("Normalize(%q, %q) = %q, %v; before: %q, %v", smp.raw, smp.region, got, gotErr, want, wantErr)
		}
	}
	t.Logf("%d inputs", len(samples))
}

// TestNormalize_Concurrent runs Normalize from several goroutines on fresh
// tables' regions at once (run it with -race).
func TestNormalize_Concurrent(t *testing.T) {
	inputs := []sample{{"(212) 200-0000", "US"}, {"07911 123456", "GB"}, {"0151 23456789", "DE"},
		{"+54 9 11 1234-5678", "AR"}, {"044 55 1234 5678", "MX"}, {"(11) 98765-4321", "BR"},
		{"+1 268 464 1234", "AG"}, {"0044 7624 123456", "IM"}, {"+61 8 9164 1234", "CX"}}
	want := make([]string, len(inputs))
	for i, in := range inputs {
		want[i], _ = reference(in.raw, in.region)
	}
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for k := range 200 {
				i := (g + k) % len(inputs)
				if got, _ := Normalize(inputs[i].raw, inputs[i].region); got != want[i] {
					t.Errorf("Normalize(%q, %q) = %q, want %q", inputs[i].raw, inputs[i].region, got, want[i])
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestFastPaths_CoverCommonInputs makes sure the common shapes do not fall
// back to the library (which would be correct, only slow).
func TestFastPaths_CoverCommonInputs(t *testing.T) {
	tb := tables()
	for _, tt := range []struct{ digits, region string }{
		{"2122000000", "US"}, {"07911123456", "GB"}, {"015123456789", "DE"}, {"11987654321", "BR"},
		{"0612345678", "FR"}, {"0442079460958", "US"}, {"4915123456789", "US"},
	} {
		if _, _, v := tb.parseNational(tt.digits, tt.region); v == unsure {
			t.Errorf("parseNational(%q, %q) is unsure", tt.digits, tt.region)
		}
	}
	for _, d := range []string{"12122000000", "442079460958", "4915123456789", "14155552671"} {
		if _, _, v := tb.parseIntl(d); v == unsure {
			t.Errorf("parseIntl(%q) is unsure", d)
		}
	}
}

// FuzzFastPathsMatchSlow checks Normalize against normalizeSlow on any input.
func FuzzFastPathsMatchSlow(f *testing.F) {
	for _, s := range []string{"+14155552671", "(212) 200-0000", "0044 20 7946 0958", "07911 123456",
		"+54 9 11 1234-5678", "5215512345678", "0 15 11 98765 4321", "+39 06 6982 0000"} {
		for _, r := range []string{"US", "GB", "DE", "AR", "MX", "BR", "IT", ""} {
			f.Add(s, r)
		}
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		got, gotErr := Normalize(raw, region)
		want, wantErr := reference(raw, region)
		if got != want || errString(gotErr) != errString(wantErr) {
			t.Fatalf("Normalize(%q, %q) = %q, %v; before: %q, %v", raw, region, got, gotErr, want, wantErr)
		}
	})
}

// BenchmarkNormalizeBeforeAfter runs the old and the new implementation on
// the common input kinds, back to back.
func BenchmarkNormalizeBeforeAfter(b *testing.B) {
	inputs := []struct{ name, raw, region string }{
		{"national_US", "(212) 200-0000", "US"},
		{"national_GB", "07911 123456", "GB"},
		{"national_DE", "0151 23456789", "DE"},
		{"intl_plus", "+1 212 200 0000", "US"},
		{"intl_00", "0044 20 7946 0958", "US"},
		{"e164", "+14155552671", "US"},
		{"junk", " '0044 (0)20-7946.0958 ", "US"},
		{"lost_plus", "4915123456789.0", "US"},
		{"invalid", "12345", "GB"},
	}
	impls := []struct {
		name string
		fn   func(string, string) (string, error)
	}{{"old", normalizeSlow}, {"new", Normalize}}
	for _, in := range inputs {
		for _, impl := range impls {
			b.Run(in.name+"/"+impl.name, func(b *testing.B) {
				want, wantErr := normalizeSlow(in.raw, in.region)
				for b.Loop() {
					got, err := impl.fn(in.raw, in.region)
					if got != want || (err == nil) != (wantErr == nil) {
						b.Fatalf("%q: %q, %v", in.raw, got, err)
					}
				}
			})
		}
	}
}
