package main

import (
	"bytes"
	"io/fs"
	"testing"
)

// jargon are words of Herald's code that people using it never need:
// the template editor says "variation" for what the engine calls spintax.
var jargon = []string{"spintax"}

// jargonIn lists each jargon word found in script, with the text around it.
func jargonIn(script []byte) []string {
	var found []string
	lower := bytes.ToLower(script)
	for _, word := range jargon {
		for at := 0; ; {
			i := bytes.Index(lower[at:], []byte(word))
			if i < 0 {
				break
			}
			i += at
			from, to := max(0, i-40), min(len(script), i+len(word)+40)
			found = append(found, string(script[from:to]))
			at = i + len(word)
		}
	}
	return found
}

// The built bundle keeps no comments and no names of the source, so every
// word left in it is text that may reach the screen.
func TestFrontend_BuiltScriptsSpeakPlainWords(t *testing.T) {
	scripts, err := fs.Glob(assets, "frontend/dist/assets/*.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("frontend/dist holds no built script: run make frontend first")
	}
	for _, name := range scripts {
		script, err := assets.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, context := range jargonIn(script) {
			t.Errorf("%s shows jargon to people: …%s…", name, context)
		}
	}
}

func TestJargonIn_FindsTheWordInAnyCase(t *testing.T) {
	got := jargonIn([]byte(`a="Empty Spintax option";b="ok"`))
	if len(got) != 1 {
		t.Fatalf("jargonIn found %q, want one", got)
	}
	if got := jargonIn([]byte(`a="Empty option of a variation"`)); len(got) != 0 {
		t.Errorf("jargonIn found %q in plain words", got)
	}
}
