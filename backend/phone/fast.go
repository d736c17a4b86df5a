package phone

// Fast paths for the inputs that dominate contact imports: numbers made of
// ASCII digits, with or without a leading "+" and common separators.
//
// phonenumbers.Parse and IsValidNumber spend most of their time outside the
// actual number rules: every call runs the generic extraction, viability and
// extension regexps (the extension one alone is huge), and every metadata
// pattern is looked up by building "^(?:" + pattern + ")$" and probing a
// mutex-guarded cache, often twice per check. The functions below replay the
// library's algorithm step by step (phonenumberutil.go, v1.8.1: parseHelper,
// maybeExtractCountryCode, maybeStripNationalPrefixAndCarrierCode,
// testNumberLength, IsValidNumber, getNumberTypeHelper) for the digit-only
// case, with the same metadata patterns compiled once per region. The
// differential test (fast_test.go) checks them against the library.
//
// Whenever the input or the metadata leaves the well-understood cases, the
// functions report that they are unsure and the caller takes the slow path.

import (
	"strconv"
)

// Outcomes of the fast functions.
type verdict uint8

const (
	unsure  verdict = iota // take the slow path
	valid                  // a valid number
	invalid                // phonenumbers would fail to parse or reject it
)

// metadataFor is getMetadataForRegionOrCallingCode(cc, main region of cc).
func (t *fastTables) metadataFor(cc int) *region {
	c := t.byCode[cc]
	if c == nil || len(c.regions) == 0 {
		return nil
	}
	if c.regions[0].id == "001" {
		return c.regions[0]
	}
	return t.byRegion[c.regions[0].id]
}

// extractCountryCode is phonenumbers' extractCountryCode: the 1–3 digit
// prefix of digits that is a known calling code, or 0.
func (t *fastTables) extractCountryCode(digits string) (int, string) {
	if digits == "" || digits[0] == '0' {
		return 0, ""
	}
	cc := 0
	for i := 0; i < 3 && i < len(digits); i++ {
		cc = cc*10 + int(digits[i]-'0')
		if t.byCode[cc] != nil {
			return cc, digits[i+1:]
		}
	}
	return 0, ""
}

// isValid is phonenumbers.IsValidNumber for the number with country code cc
// and national significant number nsn (ASCII digits, leading zeros kept).
func (t *fastTables) isValid(cc int, nsn string) verdict {
	c := t.byCode[cc]
	if c == nil || len(c.regions) == 0 {
		return invalid // GetRegionCodeForNumber gives "", which no metadata has
	}
	var r *region
	if len(c.regions) == 1 {
		r = c.regions[0]
	} else {
		// getRegionCodeForNumberFromRegionList
		for _, cand := range c.regions {
			cand.init()
			if !cand.ok {
				return unsure
			}
			if cand.leading != nil {
				if cand.leading.MatchString(nsn) {
					r = cand
					break
				}
			} else if cand.hasType(nsn) {
				if cand.cc != cc {
					return unsure
				}
				return valid // IsValidNumberForRegion repeats this very check
			}
		}
		if r == nil {
			return invalid
		}
	}
	r.init()
	if !r.ok {
		return unsure
	}
	// IsValidNumberForRegion
	if r.id != "001" && r.cc != cc {
		return invalid
	}
	if r.hasType(nsn) {
		return valid
	}
	return invalid
}

// finish runs the end of parseHelper, from the national prefix stripping on,
// then validates: cc and national are what maybeExtractCountryCode left, and
// meta the metadata parseHelper would use (nil when it has none).
func (t *fastTables) finish(cc int, national string, meta *region) (int, string, verdict) {
	if len(national) < minNSN {
		return 0, "", invalid
	}
	if meta == nil {
		return 0, "", unsure
	}
	meta.init()
	if !meta.ok {
		return 0, "", unsure
	}
	if pot := meta.stripNationalPrefix(national); pot != national {
		switch meta.lengthResult(pot) {
		case tooShort, isPossibleLocalOnly, invalidLength:
		default:
			national = pot
		}
	}
	if len(national) < minNSN || len(national) > maxNSN {
		return 0, "", invalid
	}
	if !allDigits(national) {
		return 0, "", unsure // a transform rule made something odd
	}
	// Parse stores national as a uint64 plus its leading zeros, from which
	// GetNationalSignificantNumber rebuilds exactly this string.
	return cc, national, t.isValid(cc, national)
}

// parseIntl is parseValid("+"+digits, ""), or unsure, for ASCII digits.
// It also serves parseValid(s, region) for an s that is "+" followed by
// digits and separators, as long as digits start with a known calling code:
// then the region plays no part in parsing.
func (t *fastTables) parseIntl(digits string) (int, string, verdict) {
	if len(digits) <= minNSN {
		return 0, "", unsure // not viable, or too short after the "+"
	}
	cc, national := t.extractCountryCode(digits)
	if cc == 0 {
		// parseHelper retries without the "+", with the default region.
		return 0, "", unsure
	}
	return t.finish(cc, national, t.metadataFor(cc))
}

// parseNational is parseValid(digits, regionCode), or unsure, for ASCII
// digits.
func (t *fastTables) parseNational(digits, regionCode string) (int, string, verdict) {
	if len(digits) < minNSN {
		return 0, "", invalid // not a viable phone number
	}
	r := t.byRegion[regionCode]
	if r == nil {
		return 0, "", invalid // unknown region and no "+": checkRegionForParsing fails
	}
	r.init()
	if !r.ok {
		return 0, "", unsure
	}
	// maybeExtractCountryCode: first the region's international prefix,
	// unless a 0 follows it, since calling codes never start with 0.
	if loc := r.idd.FindStringIndex(digits); loc != nil {
		if rest := digits[loc[1]:]; rest == "" || rest[0] != '0' {
			if len(rest) <= minNSN {
				return 0, "", invalid
			}
			cc, national := t.extractCountryCode(rest)
			if cc == 0 {
				return 0, "", invalid
			}
			return t.finish(cc, national, t.metadataForParse(cc, regionCode, r))
		}
	}
	// Then the region's own calling code without "+".
	if len(digits) >= len(r.ccs) && digits[:len(r.ccs)] == r.ccs {
		pot := r.stripNationalPrefix(digits[len(r.ccs):])
		fullValid := r.general.re.MatchString(digits)
		nationalValid := r.general.re.MatchString(pot)
		if (!fullValid && nationalValid) || r.lengthResult(digits) == tooLong {
			return t.finish(r.cc, pot, t.metadataForParse(r.cc, regionCode, r))
		}
	}
	// A national number.
	return t.finish(r.cc, digits, r)
}

// metadataForParse is the metadata parseHelper uses once it has found a
// calling code: the default region's unless the code belongs elsewhere.
func (t *fastTables) metadataForParse(cc int, regionCode string, r *region) *region {
	c := t.byCode[cc]
	if c == nil || len(c.regions) == 0 {
		return nil
	}
	if c.regions[0].id == regionCode {
		return r
	}
	return t.metadataFor(cc)
}

// formatE164 formats a parsed number as phonenumbers.Format(num, E164) does.
func formatE164(cc int, nsn string) string {
	var buf [1 + 3 + maxNSN]byte
	b := append(buf[:0], '+')
	b = strconv.AppendInt(b, int64(cc), 10)
	b = append(b, nsn...)
	return string(b)
}

// parseValidIntl is parseValid("+"+digits, "") for ASCII digits.
func parseValidIntl(digits string) (string, bool) {
	cc, nsn, v := tables().parseIntl(digits)
	switch v {
	case valid:
		return formatE164(cc, nsn), true
	case invalid:
		return "", false
	}
	return parseValid("+"+digits, "")
}

// parseValidNational is parseValid(digits, region) for ASCII digits.
func parseValidNational(digits, region string) (string, bool) {
	cc, nsn, v := tables().parseNational(digits, region)
	switch v {
	case valid:
		return formatE164(cc, nsn), true
	case invalid:
		return "", false
	}
	return parseValid(digits, region)
}

// parseValidPlus is parseValid(s, region) for s = "+" + plusDigits with
// separators in between.
func parseValidPlus(s, plusDigits, region string) (string, bool) {
	if region == "001" {
		// When the number's calling code is non-geographical too, parseHelper
		// keeps the metadata of the region "001", which is none.
		return parseValid(s, region)
	}
	cc, nsn, v := tables().parseIntl(plusDigits)
	switch v {
	case valid:
		return formatE164(cc, nsn), true
	case invalid:
		return "", false
	}
	return parseValid(s, region)
}
