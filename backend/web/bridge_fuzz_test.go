package web

import (
	"errors"
	"net/http"
	"testing"
)

// Any request body either calls the method or is refused as a bad request
// in plain words; it never panics the server, reaches the service with
// garbage, or answers with the decoder's Go-speak.
func FuzzCall(f *testing.F) {
	for _, seed := range []string{`[{"x":1,"y":2}]`, `[]`, ``, `{oops`, `[null]`, `["a","b"]`, `[{"x":"1"}]`, `[1e400]`, "[\"\xff\"]"} {
		f.Add(seed)
	}
	b, err := bind("EchoService", &echoService{})
	if err != nil {
		f.Fatal(err)
	}
	add := b.methods["Add"]
	f.Fuzz(func(t *testing.T, body string) {
		checkRefusal(t, body, add)
	})
}

// FuzzCallMessages is FuzzCall on arguments of every shape: fields, lists,
// maps, dates, embedded structs and a type that decodes itself.
func FuzzCallMessages(f *testing.F) {
	for _, seed := range []string{`[{"limit":"x"},1]`, `[{"tags":[1]},1]`, `[{"page":{"n":"z"}},1]`, `[{"since":"x"},1]`,
		`[{"days":{}},1]`, `[{"extra":1.5},1]`, `["q",1]`, `[{},1e400]`, `[{"counts":{"a":[]}},1]`, `[{"small":256},1]`} {
		f.Add(seed)
	}
	b, err := bind("SearchService", &searchService{})
	if err != nil {
		f.Fatal(err)
	}
	search := b.methods["Search"]
	f.Fuzz(func(t *testing.T, body string) {
		checkRefusal(t, body, search)
	})
}

func checkRefusal(t *testing.T, body string, m method) {
	_, err := m.call([]byte(body))
	if err == nil {
		return
	}
	var re *rpcError
	if !errors.As(err, &re) || re.status != http.StatusBadRequest || re.msg == "" {
		t.Fatalf("body %q: %v, want a 400 with a message", body, err)
	}
	if goWords.MatchString(re.msg) {
		t.Fatalf("body %q: %q speaks Go", body, re.msg)
	}
}
