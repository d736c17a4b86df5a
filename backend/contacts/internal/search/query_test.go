package search

import (
	"fmt"
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

// An import's index keeps a few runs of consecutive ids open, joins each
// run of documents to the one it follows, and writes a run when it is full
// or when a run that follows none needs its place.
func TestOpenRuns(t *testing.T) {
	t.Parallel()
	var written []string
	write := func(r *joinedRun) error {
		docs, first := r.take()
		written = append(written, fmt.Sprintf("%d:%s", first, docs))
		return nil
	}
	var o openRuns
	for _, run := range []DocRun{{First: 5, Docs: `["d5","d6"]`, Count: 2}, {First: 100, Docs: `["u100"]`, Count: 1},
		{First: 7, Docs: `["d7"]`, Count: 1}, {First: 101, Docs: `["u101"]`, Count: 1}, {First: 8, Docs: `["d8"]`, Count: 1}} {
		if err := o.add(run, write); err != nil {
			t.Fatal(err)
		}
	}
	if len(written) != 0 || len(o.runs) != 2 {
		t.Fatalf("wrote %v with %d runs open", written, len(o.runs))
	}
	for i := range maxOpenRuns - 1 {
		if err := o.add(DocRun{First: int64(1000 * (i + 1)), Docs: `["x"]`, Count: 1}, write); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{`5:["d5","d6","d7","d8"]`}; !slices.Equal(written, want) {
		t.Fatalf("wrote %v, want the oldest run %v", written, want)
	}
	if err := o.flush(write); err != nil {
		t.Fatal(err)
	}
	if len(written) != 1+maxOpenRuns || written[1] != `100:["u100","u101"]` || len(o.runs) != 0 {
		t.Fatalf("flushed %v, %d open", written, len(o.runs))
	}
}
