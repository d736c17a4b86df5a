package phone

// normalizeSlow is Normalize as it was before the fast paths (fast.go): every
// number goes through phonenumbers.Parse and IsValidNumber. It is kept,
// verbatim apart from names, as the reference for the differential test and
// the before/after benchmark. Its helpers are copies too, so that later
// changes to phone.go cannot change the reference.

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// reference is the behaviour Normalize must have: the old implementation,
// plus the E.164 bounds added since (7 to 15 digits).
func reference(raw, defaultRegion string) (string, error) {
	e, err := normalizeSlow(raw, defaultRegion)
	if err == nil && !isE164(e) {
		return "", &InvalidError{Input: strings.TrimSpace(raw), Region: strings.ToUpper(strings.TrimSpace(defaultRegion))}
	}
	return e, err
}

func normalizeSlow(raw, defaultRegion string) (string, error) {
	region := strings.ToUpper(strings.TrimSpace(defaultRegion))
	s := strings.TrimSpace(raw)
	invalid := &InvalidError{Input: s, Region: region}
	if s == "" || len(s) > maxInput {
		return "", invalid
	}
	if isE164(s) {
		if validE164Slow(s) {
			return s, nil
		}
		if e, ok := parseValidSlow(s, ""); ok {
			return e, nil
		}
		return "", invalid
	}
	s = cleanSlow(s)
	compact := compactDigitsSlow(s)
	switch {
	case compact == "":
		if e, ok := parseValidSlow(s, region); ok {
			return e, nil
		}
	case strings.HasPrefix(compact, "00"):
		if e, ok := parseValidSlow("+"+compact[2:], ""); ok {
			return e, nil
		}
		if e, ok := parseValidSlow(compact, region); ok {
			return e, nil
		}
	default:
		if cc := strconv.Itoa(phonenumbers.GetCountryCodeForRegion(region)); cc != "0" && strings.HasPrefix(compact, cc) {
			if e, ok := parseValidSlow("+"+compact, ""); ok {
				return e, nil
			}
		}
		if e, ok := parseValidSlow(compact, region); ok {
			return e, nil
		}
		if e, ok := parseValidSlow("+"+compact, ""); ok {
			return e, nil
		}
	}
	if e, ok := mexicanMobileSlow(s); ok {
		return e, nil
	}
	return "", invalid
}

func mexicanMobileSlow(s string) (string, bool) {
	d := Digits(s)
	if strings.HasPrefix(d, "00") {
		d = d[2:]
	}
	if len(d) != 13 || !strings.HasPrefix(d, "521") {
		return "", false
	}
	return parseValidSlow("+52"+d[3:], "")
}

// parseValidSlow is the plain library path: Parse, IsValidNumber, Format.
func parseValidSlow(s, region string) (string, bool) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

func validE164Slow(s string) bool {
	for l := 1; l <= 3; l++ {
		cc, _ := strconv.Atoi(s[1 : 1+l])
		if phonenumbers.GetRegionCodeForCountryCode(cc) == phonenumbers.UNKNOWN_REGION {
			continue
		}
		national := s[1+l:]
		if national == "" || national[0] == '0' {
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

func cleanSlow(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "'"))
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = strings.TrimSpace(s[4:])
	}
	if f, ok := floatDigitsSlow(s); ok {
		return f
	}
	return s
}

func floatDigitsSlow(s string) (string, bool) {
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

func compactDigitsSlow(s string) string {
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
