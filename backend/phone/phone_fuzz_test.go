package phone

import "testing"

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"+14155552671", "(415) 555-2671", "0044 20 7946 0958", "4915123456789.0",
		"4.915123456789E+12", "'447911123456", "tel:+49-160-5556677", "+1 415 555 2671 ext. 12", "", "abc", "+52 1 55 1234 5678"} {
		f.Add(s, "US")
		f.Add(s, "DE")
	}
	f.Add("5511987654321", "BR")
	f.Add("06 12 34 56 78", "")
	f.Fuzz(func(t *testing.T, raw, region string) {
		got, err := Normalize(raw, region)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Normalize(%q, %q): empty error message", raw, region)
			}
			return
		}
		if !e164.MatchString(got) {
			t.Fatalf("Normalize(%q, %q) = %q, not E.164", raw, region, got)
		}
		if again, err := Normalize(got, region); err != nil || again != got {
			t.Fatalf("Normalize(%q, %q) = %q, %v; want %q", got, region, again, err, got)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	inputs := []struct{ name, raw, region string }{
		{"e164", "+14155552671", "US"},
		{"national", "(415) 555-2671", "US"},
		{"junk", " '0044 (0)20-7946.0958 ", "US"},
		{"lost_plus", "4915123456789.0", "US"},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Normalize(in.raw, in.region); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
