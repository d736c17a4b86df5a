package engine

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// wordsCases are bodies that reach every problem the engine reports.
var wordsCases = []string{
	"{{first_name|{{name}}}}",
	"{{}}",
	"{{custom.}}",
	"{{frist_name}}",
	"{{age}}",
	"{{custom.shoe_size}}",
	"Hi {{name}, welcome",
	"Hi {{name",
	strings.Repeat("{a|", 40) + strings.Repeat("}", 40),
	"{Hi|Hello there",
	"{Hi||Hello}",
	"x {} y",
	"Hi {first_name}",
	"Use code {SAVE10} now",
	"{" + strings.Repeat("x", 60) + "}",
	"Hi} there",
	"Hi name}} there",
	strings.Repeat("a", DefaultMaxLength+1),
}

// TestProblems_AreFullSentencesInPlainWords holds every problem message to
// what the editor's problem list shows people: a full sentence (a capital
// first, a full stop or question mark last) in everyday words, with no
// "spintax" jargon.
func TestProblems_AreFullSentencesInPlainWords(t *testing.T) {
	seen := 0
	for _, body := range wordsCases {
		_, problems := Compile(body, book)
		if len(problems) == 0 {
			t.Errorf("Compile(%.40q) reported no problem; the case no longer covers one", body)
		}
		for _, p := range problems {
			seen++
			if msg := sentenceFault(p.Message); msg != "" {
				t.Errorf("Compile(%.40q): %q %s", body, p.Message, msg)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no problem messages checked")
	}
}

// sentenceFault says what keeps msg from being a plain full sentence, or "".
func sentenceFault(msg string) string {
	first, _ := utf8.DecodeRuneInString(msg)
	last, _ := utf8.DecodeLastRuneInString(msg)
	switch {
	case !unicode.IsUpper(first):
		return "does not start with a capital letter"
	case last != '.' && last != '?':
		return "does not end with a full stop"
	case strings.Contains(strings.ToLower(msg), "spintax"):
		return `says "spintax": say "variation" or describe it`
	}
	return ""
}

func TestSentenceFault_CatchesFragmentsAndJargon(t *testing.T) {
	for _, msg := range []string{"unknown variable.", "Unknown variable", "Spintax needs two options.", "This {x|y} is not spintax."} {
		if sentenceFault(msg) == "" {
			t.Errorf("sentenceFault(%q) found nothing", msg)
		}
	}
	if f := sentenceFault("Did you mean {{first_name}}?"); f != "" {
		t.Errorf("a full question: %s", f)
	}
}
