package engine

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	ann = Contact{
		Name: "Ann Lee", Phone: "+44 7700 900123", Email: "ann@example.com", Company: "Acme",
		Custom: map[string]string{"city": "Leeds", "plan": "Gold"},
	}
	noon = time.Date(2025, time.March, 4, 12, 5, 0, 0, time.UTC)
)

func mustCompile(t testing.TB, body string) *Template {
	t.Helper()
	tmpl, problems := Compile(body, book)
	if len(problems) != 0 {
		t.Fatalf("Compile(%q): %+v", body, problems)
	}
	return tmpl
}

func TestRender_SubstitutesVariablesAndFallbacks(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		contact    Contact
		want       string
	}{
		{"every field", "{{name}}|{{first_name}}|{{last_name}}|{{phone}}|{{email}}|{{company}}|{{custom.city}}",
			ann, "Ann Lee|Ann|Lee|+44 7700 900123|ann@example.com|Acme|Leeds"},
		{"case and spaces in names", "{{ First_Name }} {{CUSTOM.City}} {{ custom . PLAN }}", ann, "Ann Leeds Gold"},
		{"custom keys match any case", "{{custom.city}}", Contact{Custom: map[string]string{"CiTy": "Oslo"}}, "Oslo"},
		{"custom key with spaces", "{{custom.Date of Birth}}", Contact{Custom: map[string]string{"date of birth": "1 May"}}, "1 May"},
		{"fallback used when empty", "Hi {{first_name|there}}!", Contact{}, "Hi there!"},
		{"fallback unused when set", "Hi {{first_name|there}}!", ann, "Hi Ann!"},
		{"fallback trimmed, inner spaces kept", "Hi {{first_name | dear  friend }}!", Contact{}, "Hi dear  friend!"},
		{"empty fallback", "Hi{{company|}}!", Contact{}, "Hi!"},
		{"fallback is literal", "{{company|{{name}}}} {{email|a|b}}", Contact{}, ""},
		{"escaped fallback", `{{company|\{none\}}} {{email|a\|b}}`, Contact{}, "{none} a|b"},
		{"spaces-only value is empty", "{{company|none}}", Contact{Company: "  "}, "none"},
		{"values are trimmed", "[{{company}}]", Contact{Company: " Acme\t"}, "[Acme]"},
		{"first and last from name", "{{first_name}}/{{last_name}}", Contact{Name: "  Maria  José Silva "}, "Maria/José Silva"},
		{"last from name minus first", "{{last_name}}", Contact{Name: "Maria José Silva", FirstName: "Maria José"}, "Silva"},
		{"first from name minus last", "{{first_name}}", Contact{Name: "Maria José Silva", LastName: "José Silva"}, "Maria"},
		{"no last when first does not match", "[{{last_name|}}]", Contact{Name: "Bob Smith", FirstName: "Robert"}, "[]"},
		{"name from first and last", "{{name}}", Contact{FirstName: "Ann", LastName: "Lee"}, "Ann Lee"},
		{"name from first only", "{{name}}", Contact{FirstName: "Ann"}, "Ann"},
		{"formatting passes through", "*Hi* _{{first_name}}_ ~x~ ```y```\n> quote", ann, "*Hi* _Ann_ ~x~ ```y```\n> quote"},
		{"escapes", `\{not spintax\} a\|b c\\d e\f`, ann, `{not spintax} a|b c\d e\f`},
		{"top-level pipe is text", "a | b", ann, "a | b"},
		{"trailing backslash is text", `a\`, ann, `a\`},
		{"fields with braces are literal", "Hi {{name}} from {{company}} in {{custom.city}}",
			Contact{Name: "{Hi|Hello}", Company: "{{name}}", Custom: map[string]string{"city": `\{x\}`}},
			`Hi {Hi|Hello} from {{name}} in \{x\}`},
		{"unicode values", "{{first_name}} {{custom.city}} {{company}}",
			Contact{Name: "👋🏽 Zoë", Company: "שלום", Custom: map[string]string{"city": "القاهرة"}}, "👋🏽 القاهرة שלום"},
		{"combining characters kept", "Cafe\u0301 {{name}}", Contact{Name: "Rene\u0301"}, "Cafe\u0301 Rene\u0301"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "fallback is literal" {
				// A fallback holding a variable is a problem, not a render.
				if _, problems := Compile(tc.body, book); len(problems) == 0 {
					t.Fatalf("Compile(%q): no problem", tc.body)
				}
				return
			}
			got, err := mustCompile(t, tc.body).Render(Context{Contact: tc.contact})
			if err != nil || got != tc.want {
				t.Errorf("Render(%q) = %q, %v; want %q", tc.body, got, err, tc.want)
			}
		})
	}
}

func TestRender_WritesDateAndTimeInTheUsersZone(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	tmpl := mustCompile(t, "{{date}} {{time}}")
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{
		{nil, "4 March 2025 12:05"},
		{tokyo, "4 March 2025 21:05"},
		{time.FixedZone("X", -13*3600), "3 March 2025 23:05"},
	} {
		if got, err := tmpl.Render(Context{Now: noon, Location: tc.loc}); err != nil || got != tc.want {
			t.Errorf("Render in %v = %q, %v; want %q", tc.loc, got, err, tc.want)
		}
	}
	if got, _ := mustCompile(t, "{{date|today}}").Render(Context{}); got != "today" {
		t.Errorf("zero Now = %q, want the fallback", got)
	}
}

func TestRender_RefusesEmptyVariablesWithoutFallback(t *testing.T) {
	tmpl := mustCompile(t, "Hi {{first_name}} in {{custom.city}}, {{first_name}} {{company|}} {Hi|Hi} {{date}}")
	out, err := tmpl.AppendRender([]byte("kept:"), Context{Contact: Contact{Custom: map[string]string{"plan": "x"}}})
	var missing *MissingError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want *MissingError", err)
	}
	if want := []string{"first_name", "custom.city", "date"}; !slices.Equal(missing.Variables, want) {
		t.Errorf("Variables = %q, want %q", missing.Variables, want)
	}
	if string(out) != "kept:" {
		t.Errorf("dst = %q, want it unchanged", out)
	}
	if msg := err.Error(); msg != "no value for {{first_name}}, {{custom.city}}, {{date}} and the template gives no fallback" {
		t.Errorf("message = %q", msg)
	}
}

func TestRender_OnlyTheChosenSpintaxOptionNeedsValues(t *testing.T) {
	tmpl := mustCompile(t, "{Hi {{first_name}}|Hello}")
	var sawHello, sawMissing bool
	for seed := range uint64(64) {
		got, err := tmpl.Render(Context{Seed: seed})
		sawHello = sawHello || (err == nil && got == "Hello")
		sawMissing = sawMissing || err != nil
	}
	if !sawHello || !sawMissing {
		t.Errorf("sawHello=%v sawMissing=%v, want both", sawHello, sawMissing)
	}
}

func TestRender_RefusesTextThatGrowsPastTheLimit(t *testing.T) {
	tmpl, problems := Compile("12345{{company}}", Options{MaxLength: 16})
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if got, err := tmpl.Render(Context{Contact: Contact{Company: "abcdefghijk"}}); err != nil || got != "12345abcdefghijk" {
		t.Errorf("at the limit: %q, %v", got, err)
	}
	_, err := tmpl.Render(Context{Contact: Contact{Company: "abcdefghij👋"}})
	var tooLong *TooLongError
	if !errors.As(err, &tooLong) || tooLong.Length != 17 || tooLong.Max != 16 {
		t.Errorf("err = %#v, want TooLongError{17, 16}", err)
	}
}

func TestRender_SpintaxPicksDeterministicallyPerSeed(t *testing.T) {
	tmpl := mustCompile(t, "{Hi|Hello|Hey} {a|b} {x {1|2}|y}")
	seen := map[string]int{}
	for seed := range uint64(3000) {
		first, _ := tmpl.Render(Context{Seed: seed})
		again, _ := tmpl.Render(Context{Seed: seed})
		if first != again {
			t.Fatalf("seed %d: %q then %q", seed, first, again)
		}
		seen[first]++
	}
	// 3 greetings × 2 letters × 3 endings: every combination shows up, so
	// the groups pick independently, and none dominates.
	if len(seen) != 18 {
		t.Errorf("saw %d combinations, want 18: %v", len(seen), seen)
	}
	for text, n := range seen {
		if !strings.HasSuffix(text, " y") && (n < 50 || n > 200) || strings.HasSuffix(text, " y") && (n < 150 || n > 350) {
			t.Errorf("%q picked %d times of 3000: skewed", text, n)
		}
	}
}

func TestSeed_IsStableAcrossRunsAndPlatforms(t *testing.T) {
	// Pinned values, checked against a separate SplitMix64 implementation:
	// changing Seed or pick would change what a resend after an upgrade sends.
	for _, tc := range []struct {
		campaign, contact int64
		want              uint64
	}{
		{1, 1, 0xdec1469c8d51e97b},
		{1, 2, 0x081a5c1377856b73},
		{2, 1, 0xf2826f98653e9e57},
		{-1, 1 << 40, 0xa7217a95252b8339},
	} {
		if got := Seed(tc.campaign, tc.contact); got != tc.want {
			t.Errorf("Seed(%d, %d) = %#x, want %#x", tc.campaign, tc.contact, got, tc.want)
		}
	}
	tmpl := mustCompile(t, "{A|B|C|D}{1|2|3|4}")
	var got []string
	for contact := range int64(6) {
		s, _ := tmpl.Render(Context{Seed: Seed(7, contact)})
		got = append(got, s)
	}
	if want := []string{"D4", "C1", "A2", "A4", "A2", "A2"}; !slices.Equal(got, want) {
		t.Errorf("picks = %q, want %q", got, want)
	}
}

func TestAppendRender_AllocatesNothingWithARoomyBuffer(t *testing.T) {
	tmpl := mustCompile(t, "{Hi|Hello} {{first_name|there}}, {{last_name}} {{custom.City}} {{date}} {{time}}")
	buf := make([]byte, 0, 256)
	ctx := Context{Contact: ann, Now: noon, Location: time.FixedZone("X", 3600)}
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		buf, err = tmpl.AppendRender(buf[:0], ctx)
		if err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("AppendRender allocates %.1f times per render", allocs)
	}
}
