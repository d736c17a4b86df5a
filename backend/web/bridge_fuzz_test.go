package web

import (
	"errors"
	"net/http"
	"testing"
)

// Any request body either calls the method or is refused as a bad request;
// it never panics the server or reaches the service with garbage.
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
		_, err := add.call([]byte(body))
		if err == nil {
			return
		}
		var re *rpcError
		if !errors.As(err, &re) || re.status != http.StatusBadRequest || re.msg == "" {
			t.Fatalf("body %q: %v, want a 400 with a message", body, err)
		}
	})
}
