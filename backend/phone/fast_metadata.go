package phone

// The metadata the fast paths (fast.go) read: phonenumbers' descriptions of
// each region compiled once into tables that answer without regular
// expressions where the patterns allow it.

import (
	"regexp"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// Limits copied from phonenumbers (MIN_LENGTH_FOR_NSN, MAX_LENGTH_FOR_NSN).
const (
	minNSN = 2
	maxNSN = 17
)

// numberDesc is a phonenumbers.PhoneNumberDesc ready for matching.
type numberDesc struct {
	re      *regexp.Regexp // ^(?:nationalNumberPattern)$
	lengths []int32        // possible lengths; empty means any
}

// match is phonenumbers' isNumberMatchingDesc.
func (d *numberDesc) match(nsn string) bool {
	if len(d.lengths) > 0 {
		n, found := int32(len(nsn)), false
		for _, l := range d.lengths {
			if l == n {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return d.re.MatchString(nsn)
}

// region holds the compiled metadata of one region (or of one
// non-geographical calling code, id "001"). Everything but once and the
// fields it guards is set when the tables are built; the rest is compiled
// on first use, because most imports touch only a handful of regions.
type region struct {
	id   string
	meta *phonenumbers.PhoneMetadata
	cc   int    // the metadata's country code
	ccs  string // cc in decimal

	once sync.Once
	ok   bool // false: metadata outside what the fast path replays

	idd             *regexp.Regexp // ^(?:internationalPrefix)
	leading         *regexp.Regexp // ^(?:leadingDigits), nil when none
	npfp            *regexp.Regexp // ^(?:nationalPrefixForParsing), nil when none
	transform       string
	general         numberDesc
	types           []numberDesc // premium … fixed line, in getNumberTypeHelper's order
	mobile          numberDesc
	sameMobileFixed bool
	possible        []int32 // general desc possible lengths, for testNumberLength
	localOnly       []int32
}

func (r *region) init() {
	r.once.Do(func() {
		m := r.meta
		if m == nil || m.GetGeneralDesc() == nil || len(m.GetGeneralDesc().PossibleLength) == 0 {
			return
		}
		descs := []*phonenumbers.PhoneNumberDesc{m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(),
			m.GetVoip(), m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail(), m.GetFixedLine()}
		for _, d := range descs {
			if d == nil {
				return // the library would dereference nil here
			}
			r.types = append(r.types, compileDesc(d))
		}
		if m.GetMobile() == nil {
			return
		}
		r.mobile = compileDesc(m.GetMobile())
		r.general = compileDesc(m.GetGeneralDesc())
		r.sameMobileFixed = m.GetSameMobileAndFixedLinePattern()
		r.idd = regexp.MustCompile("^(?:" + m.GetInternationalPrefix() + ")")
		if ld := m.GetLeadingDigits(); ld != "" {
			r.leading = regexp.MustCompile("^(?:" + ld + ")")
		}
		if p := m.GetNationalPrefixForParsing(); p != "" {
			r.npfp = regexp.MustCompile("^(?:" + p + ")")
			r.transform = m.GetNationalPrefixTransformRule()
		}
		r.possible = m.GetGeneralDesc().PossibleLength
		r.localOnly = m.GetGeneralDesc().PossibleLengthLocalOnly
		r.ok = true
	})
}

func compileDesc(d *phonenumbers.PhoneNumberDesc) numberDesc {
	return numberDesc{
		re:      regexp.MustCompile("^(?:" + d.GetNationalNumberPattern() + ")$"),
		lengths: d.PossibleLength,
	}
}

// hasType is getNumberTypeHelper(nsn, metadata) != UNKNOWN.
func (r *region) hasType(nsn string) bool {
	if !r.general.match(nsn) {
		return false
	}
	// getNumberTypeHelper asks "is it premium rate, toll free, …, fixed line,
	// mobile?" in that order, but only whether one of them holds matters
	// here, so the common answers go first: mobile, then fixed line (the
	// last of types).
	if !r.sameMobileFixed && r.mobile.match(nsn) {
		return true
	}
	for i := len(r.types) - 1; i >= 0; i-- {
		if r.types[i].match(nsn) {
			return true
		}
	}
	return false
}

// Results of testNumberLength.
const (
	isPossible = iota
	isPossibleLocalOnly
	tooShort
	invalidLength
	tooLong
)

// lengthResult is testNumberLength(number, metadata, UNKNOWN).
func (r *region) lengthResult(number string) int {
	if r.possible[0] == -1 {
		return invalidLength
	}
	n := int32(len(number))
	for _, l := range r.localOnly {
		if l == n {
			return isPossibleLocalOnly
		}
	}
	switch {
	case r.possible[0] == n:
		return isPossible
	case r.possible[0] > n:
		return tooShort
	case r.possible[len(r.possible)-1] < n:
		return tooLong
	}
	for _, l := range r.possible[1:] {
		if l == n {
			return isPossible
		}
	}
	return invalidLength
}

// stripNationalPrefix is maybeStripNationalPrefixAndCarrierCode without the
// carrier code, which Parse drops.
func (r *region) stripNationalPrefix(number string) string {
	if number == "" || r.npfp == nil {
		return number
	}
	groups := r.npfp.FindStringSubmatchIndex(number)
	if groups == nil {
		return number
	}
	viableOriginal := r.general.re.MatchString(number)
	numGroups := len(groups)/2 - 1
	if r.transform == "" || groups[numGroups*2] < 0 {
		if viableOriginal && !r.general.re.MatchString(number[groups[1]:]) {
			return number
		}
		return number[groups[1]:]
	}
	transformed := r.npfp.ReplaceAllString(number, r.transform)
	if viableOriginal && !r.general.re.MatchString(transformed) {
		return number
	}
	return transformed
}

// callingCode is what phonenumbers knows about one country calling code.
type callingCode struct {
	regions []*region // in the library's order; the first is the main one
	ccs     string
}

type fastTables struct {
	byRegion map[string]*region // the supported regions (not "001")
	byCode   [1000]*callingCode // nil for unknown codes
}

var tables = sync.OnceValue(func() *fastTables {
	t := &fastTables{byRegion: make(map[string]*region)}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return t // no fast paths at all
	}
	geo := make(map[string]*phonenumbers.PhoneMetadata)
	nonGeo := make(map[int]*phonenumbers.PhoneMetadata)
	for _, m := range coll.GetMetadata() {
		if m.GetId() == "001" {
			nonGeo[int(m.GetCountryCode())] = m
		} else {
			geo[m.GetId()] = m
		}
	}
	newRegion := func(id string, m *phonenumbers.PhoneMetadata) *region {
		r := &region{id: id, meta: m}
		if m != nil {
			r.cc = int(m.GetCountryCode())
			r.ccs = strconv.Itoa(r.cc)
		}
		return r
	}
	for id := range phonenumbers.GetSupportedRegions() {
		t.byRegion[id] = newRegion(id, geo[id])
	}
	for code := range phonenumbers.GetSupportedCallingCodes() {
		if code <= 0 || code >= len(t.byCode) {
			continue
		}
		c := &callingCode{ccs: strconv.Itoa(code)}
		for _, id := range phonenumbers.GetRegionCodesForCountryCode(code) {
			r := t.byRegion[id]
			if id == "001" {
				r = newRegion(id, nonGeo[code])
			} else if r == nil {
				r = newRegion(id, nil) // the library has no metadata either
			}
			c.regions = append(c.regions, r)
		}
		t.byCode[code] = c
	}
	return t
})
