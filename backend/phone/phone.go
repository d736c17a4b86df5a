// Package phone turns phone numbers as people write them into E.164.
//
// Contact files hold numbers in every shape: national formats, "00" or other
// international prefixes, spreadsheet cells that lost their leading "+" or
// became floats ("4915123456789.0"), "tel:" URIs and Excel's "'" text marker.
// Normalize recovers all of these, and always checks the result with
// phonenumbers.IsValidNumber, because parsing alone accepts bogus numbers
// (e.g. "0044 20 7946 0958" with region US parses to +100442079460958).
package phone

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// maxInput bounds the work done on a cell: phonenumbers itself refuses
// inputs longer than 250 characters, and no real number comes close.
const maxInput = 250

// InvalidError says that a text is not a valid phone number. Its message is
// meant for the people who typed the number, so it names the input.
type InvalidError struct {
	Input  string // the text as given (trimmed)
	Region string // the default region used, "" when none
}

func (e *InvalidError) Error() string {
	in := e.Input
	if r := []rune(in); len(r) > 40 {
		in = string(r[:40]) + "…"
	}
	switch {
	case in == "":
		return "the phone number is empty"
	case strings.HasPrefix(in, "+") || e.Region == "":
		if e.Region == "" && !strings.HasPrefix(in, "+") {
			return fmt.Sprintf("“%s” is not a valid phone number (it has no country code and no default country is set)", in)
		}
		return fmt.Sprintf("“%s” is not a valid phone number", in)
	default:
		return fmt.Sprintf("“%s” is not a valid phone number for %s (+%d)", in, CountryName(e.Region), phonenumbers.GetCountryCodeForRegion(e.Region))
	}
}

// Normalize returns raw as an E.164 number ("+14155552671"). defaultRegion
// (ISO 3166 code such as "US" or "GB") is used for numbers written without a
// country code. When the digits alone are both a valid national number and a
// valid international one, the national reading wins, because a cell without
// "+" is far more often a national number than a stripped international one.
// The error, when not nil, is an *InvalidError.
//
// Numbers made of ASCII digits (with separators, a "+" or "00") take the fast
// paths of fast.go, which give the same results as phonenumbers.Parse and
// IsValidNumber at a fraction of the cost; anything else goes to the library.
func Normalize(raw, defaultRegion string) (string, error) {
	region := strings.ToUpper(strings.TrimSpace(defaultRegion))
	s := strings.TrimSpace(raw)
	if s != "" && len(s) <= maxInput {
		// phonenumbers' metadata accepts some German numbers longer than
		// E.164's 15 digits or shorter than its 7; WhatsApp routes neither.
		if e, ok := normalize(s, region); ok && isE164(e) {
			return e, nil
		}
	}
	return "", &InvalidError{Input: s, Region: region}
}

// normalize is Normalize for a trimmed, non-empty s of bounded length.
func normalize(s, region string) (string, bool) {
	if isE164(s) {
		// Fast path: most stored and exported numbers are already clean, so
		// skip the cleanup but never the validity check.
		if validE164(s) {
			return s, true
		}
		return parseValidIntl(s[1:]) // parseValid(s, "")
	}
	s = clean(s)
	compact := compactDigits(s)
	switch {
	case compact == "":
		// Letters, extensions or a "+": leave the text to phonenumbers,
		// which understands extension markers and the region's IDD.
		if d, ok := plusDigits(s); ok {
			if e, ok := parseValidPlus(s, d, region); ok {
				return e, true
			}
		} else if e, ok := parseValid(s, region); ok {
			return e, true
		}
	case strings.HasPrefix(compact, "00"):
		// "00" is the international prefix in most of the world, even when
		// the default region uses another one (011 in the US).
		if e, ok := parseValidIntl(compact[2:]); ok { // parseValid("+"+compact[2:], "")
			return e, true
		}
		if e, ok := parseValidNational(compact, region); ok { // parseValid(compact, region)
			return e, true
		}
	default:
		// Digits that start with the region's own country code are that
		// country's number without its "+": for open numbering plans such as
		// Germany's, phonenumbers would otherwise also accept them as a
		// (wrong) national number.
		if cc := countryCodeOf(region); cc != "" && strings.HasPrefix(compact, cc) {
			if e, ok := parseValidIntl(compact); ok { // parseValid("+"+compact, "")
				return e, true
			}
		}
		if e, ok := parseValidNational(compact, region); ok { // parseValid(compact, region)
			return e, true
		}
		// A spreadsheet may have eaten the "+" of an international number.
		if e, ok := parseValidIntl(compact); ok { // parseValid("+"+compact, "")
			return e, true
		}
	}
	return mexicanMobile(s)
}

// countryCodeOf is the calling code of region in decimal, "" when the region
// is unknown: strconv.Itoa(phonenumbers.GetCountryCodeForRegion(region))
// without the "0".
func countryCodeOf(region string) string {
	if r := tables().byRegion[region]; r != nil {
		return r.ccs
	}
	return ""
}

// plusDigits returns the digits of s when s is a "+" followed by nothing but
// ASCII digits and separators that phonenumbers skips (VALID_PUNCTUATION).
func plusDigits(s string) (string, bool) {
	if len(s) < 2 || s[0] != '+' {
		return "", false
	}
	var buf [maxInput]byte
	d := buf[:0]
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == ' ', r == '\u00a0', r == '.', r == '-', r >= '\u2010' && r <= '\u2015', r == '/', r == '(', r == ')':
		default:
			return "", false
		}
	}
	return string(d), true
}

// mexicanMobile accepts the "+52 1" mobile form that Mexico retired in 2019
// but that WhatsApp and many address books still write: the "1" is dropped.
func mexicanMobile(s string) (string, bool) {
	d := Digits(s)
	if strings.HasPrefix(d, "00") {
		d = d[2:]
	}
	if len(d) != 13 || !strings.HasPrefix(d, "521") {
		return "", false
	}
	return parseValidIntl("52" + d[3:]) // parseValid("+52"+d[3:], "")
}

// Digits returns the decimal digits of s as ASCII, dropping everything else.
// Search uses it so that "(415) 555" finds "+1415555…" by its digits.
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if d, ok := digitValue(r); ok {
			b.WriteByte(byte('0' + d))
		}
	}
	return b.String()
}

// parseValid parses s and returns its E.164 form when the number is valid.
func parseValid(s, region string) (string, bool) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

// validE164 checks a clean E.164 string without phonenumbers.Parse, whose
// extension-stripping regexp costs more than half of a full parse. Country
// codes are prefix-free, so at most one of the 1–3 digit prefixes is one.
// National numbers with a leading zero (Italy) go the slow way, because a
// uint64 cannot hold that zero.
func validE164(s string) bool {
	t := tables()
	for l := 1; l <= 3; l++ {
		cc, _ := strconv.Atoi(s[1 : 1+l])
		if c := t.byCode[cc]; c == nil || len(c.regions) == 0 {
			continue // GetRegionCodeForCountryCode(cc) is "ZZ"
		}
		national := s[1+l:]
		if national == "" || national[0] == '0' {
			return false
		}
		switch t.isValid(cc, national) {
		case valid:
			return true
		case invalid:
			return false
		}
		nn, err := strconv.ParseUint(national, 10, 64)
		if err != nil {
			return false
		}
		code := int32(cc)
		return phonenumbers.IsValidNumber(&phonenumbers.PhoneNumber{CountryCode: &code, NationalNumber: &nn})
	}
	return false
}

// isE164 reports whether s matches ^\+[1-9]\d{6,14}$ without a regexp,
// because it runs on every number of an import.
func isE164(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clean removes the wrappers that spreadsheets and address books add around
// a number: Excel's "'" text marker, a "tel:" URI scheme, and the ".0" or
// exponent of a number that was stored as a float.
func clean(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "'"))
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = strings.TrimSpace(s[4:])
	}
	if f, ok := floatDigits(s); ok {
		return f
	}
	return s
}

// floatDigits turns "4915123456789.0" and "4.915123456789E+12" back into
// their digits. Only integers below 10^15 are exact in a float64, so larger
// or fractional values are left alone.
func floatDigits(s string) (string, bool) {
	if strings.HasSuffix(s, ".0") && allDigits(s[:len(s)-2]) {
		return s[:len(s)-2], true
	}
	if !strings.ContainsAny(s, "eE") || !strings.ContainsAny(s[:1], "123456789") {
		return "", false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f >= 1e15 || f != float64(int64(f)) {
		return "", false
	}
	return strconv.FormatInt(int64(f), 10), true
}

// compactDigits returns s without the separators people put in numbers
// (spaces, dots, dashes, slashes, parentheses), or "" when anything other
// than digits remains.
func compactDigits(s string) string {
	if allDigits(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if d, ok := digitValue(r); ok {
			b.WriteByte(byte('0' + d))
			continue
		}
		switch r {
		case ' ', '\t', '\u00a0', '\u2009', '\u202f', '.', '-', '‐', '‑', '–', '—', '/', '(', ')':
			continue
		}
		return ""
	}
	return b.String()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digitZeros are the zeros of the digit sets phone numbers are written in:
// ASCII, Arabic-Indic, Extended Arabic-Indic, Devanagari and fullwidth.
func digitZeros() [5]rune { return [...]rune{'0', '\u0660', '\u06f0', '\u0966', '\uff10'} }

func digitValue(r rune) (int, bool) {
	for _, z := range digitZeros() {
		if r >= z && r <= z+9 {
			return int(r - z), true
		}
	}
	return 0, false
}
