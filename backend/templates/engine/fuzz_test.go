package engine

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCompile checks the promise the campaign relies on: any body either
// reports at least one well-placed problem or renders for a contact that has
// every field.
func FuzzCompile(f *testing.F) {
	for _, body := range []string{
		"", "Hi {{first_name|there}}!", "{Hi|Hello|Hey} {{ Name }}", "{Hi {there|friend}|Hello}",
		"{Hi {{first_name}}|Hello}", `\{ \} \| \\ \x`, "{{name}", "{Hi|Hello", "}", "{{}}", "{Hi||Hello}",
		"{|Hi}", "{word}", "{{frist_name}}", "{{custom.city}} {{custom.x}}", "{{{first_name}}|Hi}",
		"{{Hi|Hello} there|Hey}", "{{first_name|{{name}}}}", "👋🏽 مرحبا שלום e\u0301 {{date}} {{time}}",
		"{{custom . Date of Birth|?}}", "\xff{\xfe|}", "{{a\n}}",
	} {
		f.Add(body)
	}
	full := Contact{
		Name: "{Hi|Hello} {{name}}", Phone: "+1 555", Email: "a@b.c", Company: "}{",
		Custom: map[string]string{"city": "x", "plan": "y", "date of birth": "z"},
	}
	ctx := Context{Contact: full, Now: time.Unix(1e9, 0), Location: time.UTC, Seed: 42}
	// The small limit lets short inputs reach the length checks; with only
	// 4,096 the fuzzer spends its time minimising inputs of thousands of bytes.
	small := Options{CustomFields: book.CustomFields, MaxLength: 64}
	f.Fuzz(func(t *testing.T, body string) {
		for _, opts := range []Options{small, book} {
			checkCompile(t, body, opts, ctx)
		}
	})
}

func checkCompile(t *testing.T, body string, opts Options, ctx Context) {
	t.Helper()
	tmpl, problems := Compile(body, opts)
	runes := utf8.RuneCountInString(body)
	for _, p := range problems {
		if p.Start < 0 || p.Start >= p.End || p.End > runes || p.Message == "" {
			t.Fatalf("Compile(%q): bad problem %+v in %d runes", body, p, runes)
		}
	}
	if len(problems) > 0 {
		if tmpl != nil {
			t.Fatalf("Compile(%q): template despite problems", body)
		}
		return
	}
	if tmpl == nil || Validate(body, opts) == nil {
		t.Fatalf("Compile(%q): no template and no problems", body)
	}
	out, err := tmpl.Render(ctx)
	var tooLong *TooLongError
	if err != nil && !errors.As(err, &tooLong) {
		t.Fatalf("Render(%q): %v", body, err)
	}
	if again, _ := tmpl.Render(ctx); again != out {
		t.Fatalf("Render(%q) twice: %q then %q", body, out, again)
	}
}
