package phone

import (
	"errors"
	"regexp"
	"testing"
)

var e164 = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)

func TestNormalize_AcceptsNumbersAsPeopleWriteThem(t *testing.T) {
	tests := []struct {
		name, raw, region, want string
	}{
		// Clean E.164 takes the fast path in any region.
		{"e164 fast path", "+14155552671", "GB", "+14155552671"},
		{"e164 with empty region", "+447911123456", "", "+447911123456"},
		// National formats with the default region.
		{"US national", "(415) 555-2671", "US", "+14155552671"},
		{"US national dots", "415.555.2671", "US", "+14155552671"},
		{"GB national landline", "020 7946 0958", "GB", "+442079460958"},
		{"GB national mobile", "07911 123456", "GB", "+447911123456"},
		{"DE national", "0151 23456789", "DE", "+4915123456789"},
		{"DE national slash", "0151/23456789", "DE", "+4915123456789"},
		{"BR national", "(11) 98765-4321", "BR", "+5511987654321"},
		{"ES national", "612 34 56 78", "ES", "+34612345678"},
		{"FR national", "06 12 34 56 78", "FR", "+33612345678"},
		{"IN national", "98765 43210", "IN", "+919876543210"},
		{"IN national with trunk 0", "098765 43210", "IN", "+919876543210"},
		{"MX national", "55 1234 5678", "MX", "+525512345678"},
		{"region is case-insensitive", "0151 23456789", "de", "+4915123456789"},
		// International prefixes.
		{"00 in US (IDD is 011)", "0044 20 7946 0958", "US", "+442079460958"},
		{"00 in GB", "0049 151 23456789", "GB", "+4915123456789"},
		{"00 in BR", "00 34 612 345 678", "BR", "+34612345678"},
		{"US IDD 011", "011 44 20 7946 0958", "US", "+442079460958"},
		{"plus with spaces", "+49 151 2345 6789", "US", "+4915123456789"},
		{"plus with (0)", "+44 (0)20 7946 0958", "US", "+442079460958"},
		{"plus with dashes", "+33-6-12-34-56-78", "IN", "+33612345678"},
		// Spreadsheet cells that lost their "+".
		{"lost plus DE in US", "4915123456789", "US", "+4915123456789"},
		{"lost plus BR in US", "5511987654321", "US", "+5511987654321"},
		{"lost plus GB in US", "447911123456", "US", "+447911123456"},
		{"lost plus GB in FR", "447911123456", "FR", "+447911123456"},
		{"lost plus own country DE", "4915123456789", "DE", "+4915123456789"},
		{"lost plus own country BR", "5511987654321", "BR", "+5511987654321"},
		{"lost plus own country MX", "525512345678", "MX", "+525512345678"},
		{"lost plus with spaces", "49 151 23456789", "ES", "+4915123456789"},
		{"national wins when both valid", "2025550123", "US", "+12025550123"},
		{"BR national without trunk prefix stays national", "31987654321", "BR", "+5531987654321"},
		// Junk people and programs add.
		{"excel text marker", "'+4915123456789", "US", "+4915123456789"},
		{"excel marker lost plus", "'4915123456789", "US", "+4915123456789"},
		{"float as text", "4915123456789.0", "US", "+4915123456789"},
		{"float exponent", "4.915123456789E+12", "US", "+4915123456789"},
		{"tel uri", "tel:+49-160-5556677", "US", "+491605556677"},
		{"TEL uri uppercase", "TEL:+1-415-555-2671", "GB", "+14155552671"},
		{"surrounding space", "  +1 415 555 2671\t", "US", "+14155552671"},
		{"nbsp", "+33\u00a06\u00a012\u00a034\u00a056\u00a078", "FR", "+33612345678"},
		{"extension ext.", "+1 415-555-2671 ext. 12", "US", "+14155552671"},
		{"extension x", "(415) 555-2671 x12", "US", "+14155552671"},
		{"arabic-indic digits", "٠١٥١ ٢٣٤٥٦٧٨٩", "DE", "+4915123456789"},
		{"fullwidth digits", "＋４４ ７９１１ １２３４５６", "US", "+447911123456"},
		{"MX old mobile 521", "+52 1 55 1234 5678", "US", "+525512345678"},
		{"MX old mobile 521 no plus", "5215512345678", "MX", "+525512345678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.raw, tt.region)
			if err != nil {
				t.Fatalf("Normalize(%q, %q) error: %v", tt.raw, tt.region, err)
			}
			if got != tt.want {
				t.Fatalf("Normalize(%q, %q) = %q, want %q", tt.raw, tt.region, got, tt.want)
			}
		})
	}
}

func TestNormalize_RejectsInvalidNumbersInPlainWords(t *testing.T) {
	tests := []struct {
		name, raw, region, want string
	}{
		{"too short", "12345", "GB", "“12345” is not a valid phone number for United Kingdom (+44)"},
		{"letters", "abc", "US", "“abc” is not a valid phone number for United States (+1)"},
		{"not a number", "not a number", "US", "“not a number” is not a valid phone number for United States (+1)"},
		{"empty", "   ", "US", "the phone number is empty"},
		{"bogus international", "+1 0044 20 7946 0958", "US", "“+1 0044 20 7946 0958” is not a valid phone number"},
		{"invalid e164", "+10000000", "US", "“+10000000” is not a valid phone number"},
		{"national without region", "0151 23456789", "", "“0151 23456789” is not a valid phone number (it has no country code and no default country is set)"},
		{"wrong length DE", "0151 2", "DE", "“0151 2” is not a valid phone number for Germany (+49)"},
		{"00 then garbage", "0044 20", "US", "“0044 20” is not a valid phone number for United States (+1)"},
		{"long input shortened", "1234567890123456789012345678901234567890123", "FR", "“1234567890123456789012345678901234567890…” is not a valid phone number for France (+33)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.raw, tt.region)
			if err == nil {
				t.Fatalf("Normalize(%q, %q) = %q, want error", tt.raw, tt.region, got)
			}
			if err.Error() != tt.want {
				t.Fatalf("error = %q, want %q", err.Error(), tt.want)
			}
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("error %T is not an *InvalidError", err)
			}
		})
	}
}

func TestNormalize_OutputIsStableE164(t *testing.T) {
	for _, raw := range []string{"(415) 555-2671", "0044 20 7946 0958", "4915123456789.0", "06 12 34 56 78"} {
		for _, region := range []string{"US", "GB", "DE", "BR", "ES", "FR", "IN", "MX"} {
			got, err := Normalize(raw, region)
			if err != nil {
				continue
			}
			if !e164.MatchString(got) {
				t.Errorf("Normalize(%q, %q) = %q, not E.164", raw, region, got)
			}
			if again, err := Normalize(got, region); err != nil || again != got {
				t.Errorf("Normalize(%q) = %q, %v; want it unchanged", got, again, err)
			}
		}
	}
}

func TestDigits_KeepsOnlyDigits(t *testing.T) {
	tests := map[string]string{
		"(415) 555":    "415555",
		"+49 151-23":   "4915123",
		"":             "",
		"ana":          "",
		"٠١٥١":         "0151",
		"＋４４ ７９":       "4479",
		"tel:+1 (212)": "1212",
	}
	for in, want := range tests {
		if got := Digits(in); got != want {
			t.Errorf("Digits(%q) = %q, want %q", in, got, want)
		}
	}
}

// phonenumbers' German metadata accepts numbers longer than E.164 allows;
// Herald refuses them (found by FuzzNormalize).
func TestNormalize_RefusesMoreThanFifteenDigits(t *testing.T) {
	for _, c := range []struct{ raw, region string }{{"20100000000000", "DE"}, {"+4920100000000000", "DE"}, {"+4920100000000000", "US"}} {
		if got, err := Normalize(c.raw, c.region); err == nil {
			t.Errorf("Normalize(%q, %q) = %q, want an error: E.164 has at most 15 digits", c.raw, c.region, got)
		}
	}
}
