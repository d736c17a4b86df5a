package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// want is an expected problem: its rune span and a piece of its message.
type want struct {
	start, end int
	msg        string
}

func checkProblems(t *testing.T, body string, got []Problem, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("Compile(%q): %d problems %+v, want %d", body, len(got), got, len(wants))
	}
	for i, w := range wants {
		g := got[i]
		if g.Start != w.start || g.End != w.end || !strings.Contains(g.Message, w.msg) {
			t.Errorf("Compile(%q) problem %d = %d-%d %q, want %d-%d containing %q", body, i, g.Start, g.End, g.Message, w.start, w.end, w.msg)
		}
	}
}

var book = Options{CustomFields: []string{"City", "plan", "Date of Birth"}}

func TestCompile_AcceptsValidBodies(t *testing.T) {
	for _, body := range []string{
		"",
		"Plain text with *bold*, _italic_, ~strike~ and ```mono```\n- a list\n> a quote",
		"Hi {{name}} {{first_name}} {{last_name}} {{phone}} {{email}} {{company}} {{date}} {{time}}",
		"{{ First_Name }} {{FIRST_NAME}} {{custom.City}} {{CUSTOM.city}} {{ custom . plan }}",
		"{{custom.date of birth}}",
		"{{first_name|there}} {{first_name | dear friend }} {{company|}} {{email|a|b}}",
		"{Hi|Hello|Hey} {Hi {there|friend}|Hello}",
		"{Hi {{first_name}}|Hello}",
		"{{{first_name}}|Hi} {{Hi|Hello} there|Hey}",
		`Literal \{braces\} and \| and \\ and a lone \ backslash`,
		`{{first_name|\{x\}}}`,
		"a | at the top level is text",
		"{a|{b|{c|d}}}",
	} {
		tmpl, problems := Compile(body, book)
		if len(problems) != 0 || tmpl == nil {
			t.Errorf("Compile(%q) = %v, %+v; want a template and no problems", body, tmpl, problems)
		}
	}
}

func TestCompile_ReportsEachProblemWithItsPosition(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []want
	}{
		{"unknown variable with suggestion", "Hi {{frist_name}}!", []want{{3, 17, "Unknown variable {{frist_name}}. Did you mean {{first_name}}?"}}},
		{"unknown variable keeps the spelling written", "{{ Frist_Name }}", []want{{0, 16, "{{Frist_Name}}. Did you mean {{first_name}}?"}}},
		{"unknown variable without close match", "{{age}}", []want{{0, 7, "Use {{name}}, {{first_name}}"}}},
		{"long unknown variable is shortened", "{{" + strings.Repeat("x", 60) + "}}", []want{{0, 64, "{{" + strings.Repeat("x", 40) + "…}}."}}},
		{"space instead of underscore", "{{first name}}", []want{{0, 14, "Did you mean {{first_name}}?"}}},
		{"unknown custom key", "{{custom.citty}}", []want{{0, 16, "Did you mean {{custom.city}}?"}}},
		{"unknown custom key far from any", "{{custom.shoe_size}}", []want{{0, 20, "no custom field with that name"}}},
		{"bare custom key", "{{plan}}", []want{{0, 8, "Did you mean {{custom.plan}}?"}}},
		{"custom without key", "{{custom.}}", []want{{0, 11, "needs the name of a custom field"}}},
		{"empty variable", "a {{}} b", []want{{2, 6, "Empty variable"}}},
		{"blank variable", "{{  }}", []want{{0, 6, "Empty variable"}}},
		{"fallback only", "{{|x}}", []want{{0, 6, "Empty variable"}}},
		{"variable missing a brace", "Hi {{name}, welcome", []want{{3, 10, "missing a closing brace: write {{name}}"}}},
		{"variable with fallback missing a brace", "{{first_name|there}", []want{{0, 19, "write {{first_name|there}}"}}},
		{"variable never closed", "Hi {{name", []want{{3, 9, "never closed"}}},
		{"variable ends at line end", "Hi {{name\nBye", []want{{3, 9, "never closed"}}},
		{"variable inside fallback", "{{first_name|{{name}}}}", []want{{0, 23, "fallback is plain text"}}},
		{"unclosed spintax", "{Hi|Hello there", []want{{0, 1, "never closed"}}},
		{"stray close", "Hi} there", []want{{2, 3, "has no matching {"}}},
		{"stray double close", "Hi name}} there", []want{{7, 9, "never opened"}}},
		{"extra close after variable", "{{name}}}", []want{{8, 9, "has no matching {"}}},
		{"empty option in the middle", "{Hi||Hello}", []want{{3, 5, "Empty option"}}},
		{"empty first option", "{|Hi}", []want{{0, 2, "Empty option"}}},
		{"empty last option", "{Hi|}", []want{{3, 5, "Empty option"}}},
		{"two empty options", "{|Hi|}", []want{{0, 2, "Empty"}, {4, 6, "Empty"}}},
		{"empty braces", "x {} y", []want{{2, 4, "Empty braces {}"}}},
		{"single option", "Use code {SAVE10} now", []want{{9, 17, `write \{SAVE10\}`}}},
		{"single brace variable", "Hi {first_name}", []want{{3, 15, "write {{first_name}}"}}},
		{"nested spintax problem", "{Hi {there|}|Hello}", []want{{10, 12, "Empty option"}}},
		{"problem inside unclosed spintax", "{Hi|{{frist_name}}", []want{{0, 1, "never closed"}, {4, 18, "Did you mean {{first_name}}?"}}},
		{"many problems at once", "{{x}} {a} }", []want{{0, 5, "Unknown"}, {6, 9, "A variation needs"}, {10, 11, "no matching"}}},
		{"too deep", strings.Repeat("{a|", 40) + strings.Repeat("}", 40), []want{{96, 97, "nested too deeply"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, problems := Compile(tc.body, book)
			if tmpl != nil {
				t.Errorf("Compile(%q) returned a template despite problems", tc.body)
			}
			if tc.name == "too deep" {
				problems = problems[:1] // the leftover braces are reported too
			}
			checkProblems(t, tc.body, problems, tc.want)
		})
	}
}

func TestCompile_CountsPositionsInRunes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []want
	}{
		{"emoji with skin tone", "👋🏽 Hi {{frist_name}}", []want{{6, 20, "Did you mean"}}},
		{"arabic", "مرحبا {{nmae}}", []want{{6, 14, "Did you mean {{name}}?"}}},
		{"hebrew after variable", "{{name}} שלום {x}", []want{{14, 17, "A variation needs"}}},
		{"combining accent", "Cafe\u0301 {{emial}}", []want{{6, 15, "Did you mean {{email}}?"}}},
		{"emoji inside spintax", "{👋||🙂}", []want{{2, 4, "Empty option"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := Compile(tc.body, book)
			checkProblems(t, tc.body, problems, tc.want)
		})
	}
}

func TestCompile_LimitsLengthInUTF16UnitsAsWhatsAppDoes(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		max  int
		want []want
	}{
		{"at the limit", strings.Repeat("a", 4096), 0, nil},
		{"one over", strings.Repeat("a", 4097), 0, []want{{4096, 4097, "The message is 4,097 characters long; WhatsApp allows 4,096."}}},
		{"emoji count twice", strings.Repeat("👋", 2049), 0, []want{{2048, 2049, "4,098 characters"}}},
		{"custom limit", "abcdef", 4, []want{{4, 6, "6 characters long; WhatsApp allows 4."}}},
		{"limit splits an emoji", "abc👋", 4, []want{{3, 4, "5 characters"}}},
		{"with another problem", "{x} abcdef", 8, []want{{0, 3, "A variation"}, {8, 10, "10 characters"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := Compile(tc.body, Options{MaxLength: tc.max})
			checkProblems(t, tc.body, problems, tc.want)
		})
	}
}

func TestCompile_NilCustomFieldsAcceptsAnyKeyAndEmptyAcceptsNone(t *testing.T) {
	if _, problems := Compile("{{custom.anything}}", Options{}); len(problems) != 0 {
		t.Errorf("nil CustomFields: %+v", problems)
	}
	if _, problems := Compile("{{custom.anything}}", Options{CustomFields: []string{}}); len(problems) != 1 {
		t.Errorf("empty CustomFields: %+v, want one problem", problems)
	}
}

func TestValidate_ReturnsEmptyListNotNil(t *testing.T) {
	problems := Validate("Hi {{name}}", Options{})
	if problems == nil || len(problems) != 0 {
		t.Fatalf("Validate = %#v, want []", problems)
	}
	b, _ := json.Marshal(problems)
	if string(b) != "[]" {
		t.Errorf("JSON = %s, want []", b)
	}
	b, _ = json.Marshal(Validate("{{x}}", Options{}))
	if want := `[{"start":0,"end":5,"message":`; !strings.HasPrefix(string(b), want) {
		t.Errorf("JSON = %s, want prefix %s", b, want)
	}
}

func TestVariables_ListsCanonicalNamesOnceInOrder(t *testing.T) {
	tmpl, problems := Compile("{{ First_Name }} {Hi {{CUSTOM . City}}|{{first_name|x}}} {{date}} {{custom.city}}", book)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	got := tmpl.Variables()
	if want := []string{"first_name", "custom.city", "date"}; !slices.Equal(got, want) {
		t.Errorf("Variables = %q, want %q", got, want)
	}
	got[0] = "changed"
	if tmpl.Variables()[0] != "first_name" {
		t.Error("Variables exposes the template's own slice")
	}
}

func TestEditDistance_CountsASwapAsOneTypo(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"frist", "first", 1}, {"name", "nmae", 1},
		{"kitten", "sitting", 3}, {"👋a", "a👋", 1},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
