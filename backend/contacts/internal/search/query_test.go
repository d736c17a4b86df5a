package search

import (
	"slices"
	"testing"
)

// Every word must match as a word or the start of one; letters and digits
// go apart as in the documents, and a single character is a whole word.
func TestMatchQuery(t *testing.T) {
	t.Parallel()
	for typed, want := range map[string]string{
		"lena fischer":     `"lena"* AND "fischer"*`,
		"fischer123":       `"fischer 123"*`,
		`"a" OR b*`:        `"a" AND "OR"* AND "b"`,
		"  ":               "",
		"Zoë x1":           `"Zoë"* AND "x 1"`,
		"(212) 555-0101":   `"212"* AND "555"* AND "0101"*`,
		"NEAR(lena fisch)": `"NEAR"* AND "lena"* AND "fisch"*`,
	} {
		if got := MatchQuery(typed); got != want {
			t.Errorf("MatchQuery(%q) = %s, want %s", typed, got, want)
		}
	}
}

// Documents of consecutive ids make one run; a gap starts another.
func TestRuns(t *testing.T) {
	t.Parallel()
	var r Runs
	for _, id := range []int64{5, 6, 7, 9, 10} {
		r.Add(id, `"d`+string(rune('0'+id))+`"`)
	}
	want := []DocRun{{First: 5, Docs: `["d5","d6","d7"]`, Count: 3}, {First: 9, Docs: `["d9","d:"]`, Count: 2}}
	if got := r.Done(); !slices.Equal(got, want) {
		t.Fatalf("runs %v, want %v", got, want)
	}
	var empty Runs
	if got := empty.Done(); len(got) != 0 {
		t.Fatalf("no documents gave runs %v", got)
	}
}

// An import's index joins runs of consecutive ids into one statement's
// documents, and refuses a run that does not follow.
func TestJoinedRun(t *testing.T) {
	t.Parallel()
	var j joinedRun
	for _, run := range []DocRun{{First: 5, Docs: `["d5","d6"]`, Count: 2}, {First: 7, Docs: `["d7"]`, Count: 1}, {First: 8, Docs: `["d8"]`, Count: 1}} {
		if !j.join(run) {
			t.Fatalf("run %+v was refused", run)
		}
	}
	if j.join(DocRun{First: 20, Docs: `["d0"]`, Count: 1}) {
		t.Fatal("a run after a gap was joined")
	}
	if docs, first := j.take(); docs != `["d5","d6","d7","d8"]` || first != 5 {
		t.Fatalf("joined %s from %d", docs, first)
	}
	if !j.join(DocRun{First: 20, Docs: `["d0"]`, Count: 1}) {
		t.Fatal("an emptied run refused a new start")
	}
	if docs, first := j.take(); docs != `["d0"]` || first != 20 {
		t.Fatalf("joined %s from %d", docs, first)
	}
}
