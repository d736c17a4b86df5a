package web

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestContentPolicy_OnEveryAnswer(t *testing.T) {
	srv, _ := newServer(t)
	for _, c := range []struct {
		path string
		auth bool
		host string
	}{
		{"/", false, ""}, {"/index.html", false, ""}, {"/herald-serve.js", false, ""}, {"/assets/a.js", false, ""},
		{"/rpc", true, ""}, {"/rpc", false, ""}, {"/nope", false, ""}, {"/", false, "evil.example"},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+c.path, nil)
		if c.auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if c.host != "" {
			req.Host = c.host
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Content-Security-Policy"); got != contentPolicy {
			t.Errorf("GET %s (host %q, token %v): %d with policy %q", c.path, c.host, c.auth, res.StatusCode, got)
		}
	}
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
		"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(contentPolicy+";", directive+";") {
			t.Errorf("the policy lacks %q", directive)
		}
	}
	if strings.Contains(contentPolicy, "unsafe") {
		t.Errorf("the policy allows something unsafe: %s", contentPolicy)
	}
}

// Without a built UI, the page that says so keeps its one inline style:
// the policy it is served with names that style's hash.
func TestContentPolicy_AllowsTheStyleOfThePageWithoutUI(t *testing.T) {
	srv := serveOn(t, Options{Token: token, Log: discardLog()})
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindSubmatch(page)
	if style == nil {
		t.Fatalf("no style in %s", page)
	}
	sum := sha256.Sum256(style[1])
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	policy := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(policy, "style-src 'self' "+hash+";") {
		t.Errorf("policy %q does not allow the page's style %s", policy, hash)
	}
	if strings.Contains(string(page), "style=") {
		t.Error("the page has a style attribute, which the policy refuses")
	}
}
