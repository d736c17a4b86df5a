package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"herald/backend/apperr"
	"herald/backend/events"
)

// echoService exercises every shape of bound method the bridge supports.
type echoService struct{}

type point struct {
	X int `json:"x"`
	Y int `json:"y"`
}

func (echoService) Add(p point) (int, error)         { return p.X + p.Y, nil }
func (echoService) Nothing() error                   { return nil }
func (echoService) Empty() ([]string, error)         { return nil, nil }
func (echoService) EmptyMap() map[string]string      { return nil }
func (echoService) Fail(msg string) error            { return apperr.Invalid("%s", msg) }
func (echoService) Missing() (string, error)         { return "", apperr.NotFound("no such thing") }
func (echoService) Broken() (string, error)          { return "", errors.New("disk on fire") }
func (echoService) Panics() error                    { panic("boom") }
func (echoService) Concat(a string, b string) string { return a + b }

const token = "secret-token"

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newServer(t testing.TB) (*httptest.Server, *events.Hub) {
	t.Helper()
	hub := events.NewHub()
	srv := serveOn(t, Options{
		Token:    token,
		Services: []Service{{Name: "EchoService", Impl: &echoService{}}},
		Hub:      hub,
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Frontend: fstest.MapFS{
			"index.html":  {Data: []byte("<!doctype html><html><head><title>Herald</title></head><body></body></html>")},
			"assets/a.js": {Data: []byte("console.log(1)")},
		},
	})
	return srv, hub
}

// serveOn runs a Server with opts on a loopback port until the test ends,
// within the default limits.
func serveOn(t testing.TB, opts Options) *httptest.Server {
	t.Helper()
	return serveWithin(t, opts, DefaultLimits())
}

// serveWithin is serveOn within limits, in the http.Server serve.go uses.
// The listener comes first because the Host check needs its address.
func serveWithin(t testing.TB, opts Options, limits Limits) *httptest.Server {
	t.Helper()
	srv, _ := startServer(t, opts, limits)
	return srv
}

// startServer is serveWithin that also gives the Server, closed once the
// http.Server is.
func startServer(t testing.TB, opts Options, limits Limits) (*httptest.Server, *Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(ln.Addr(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	srv := httptest.NewUnstartedServer(s)
	srv.Config = NewHTTPServer(s, limits)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, s
}

func rpc(t *testing.T, srv *httptest.Server, path, body string, mutate func(*http.Request)) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if mutate != nil {
		mutate(req)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s: answer is not JSON: %v", path, err)
	}
	return res.StatusCode, out
}

func TestRPC_AnswersContract(t *testing.T) {
	srv, _ := newServer(t)
	cases := []struct {
		name, path, body string
		status           int
		result           string // JSON of "result", when 200
	}{
		{"struct argument", "/rpc/EchoService/Add", `[{"x":2,"y":3}]`, 200, `5`},
		{"two arguments", "/rpc/EchoService/Concat", `["a","b"]`, 200, `"ab"`},
		{"error-only method gives null", "/rpc/EchoService/Nothing", `[]`, 200, `null`},
		{"empty body is no arguments", "/rpc/EchoService/Nothing", ``, 200, `null`},
		{"nil list is []", "/rpc/EchoService/Empty", `[]`, 200, `[]`},
		{"nil map is {}", "/rpc/EchoService/EmptyMap", `[]`, 200, `{}`},
		{"unknown service", "/rpc/NoSuchService/Nope", `[]`, 404, ``},
		{"unknown method", "/rpc/EchoService/Nope", `[]`, 404, ``},
		{"malformed body", "/rpc/EchoService/Add", `{oops`, 400, ``},
		{"body not an array", "/rpc/EchoService/Add", `{"x":1}`, 400, ``},
		{"wrong argument type", "/rpc/EchoService/Add", `["two"]`, 400, ``},
		{"wrong argument count", "/rpc/EchoService/Add", `[]`, 400, ``},
		{"invalid input", "/rpc/EchoService/Fail", `["Name is required."]`, 422, ``},
		{"not found", "/rpc/EchoService/Missing", `[]`, 404, ``},
		{"internal failure", "/rpc/EchoService/Broken", `[]`, 500, ``},
		{"panic", "/rpc/EchoService/Panics", `[]`, 500, ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := rpc(t, srv, c.path, c.body, nil)
			if status != c.status {
				t.Fatalf("status %d, want %d (%v)", status, c.status, body)
			}
			if status == 200 {
				result, ok := body["result"]
				if !ok {
					t.Fatalf("no result key in %v", body)
				}
				got, _ := json.Marshal(result)
				if string(got) != c.result {
					t.Errorf("result %s, want %s", got, c.result)
				}
				return
			}
			if msg, _ := body["error"].(string); msg == "" {
				t.Errorf("error answer without a message: %v", body)
			}
		})
	}
	_, body := rpc(t, srv, "/rpc/EchoService/Fail", `["Name is required."]`, nil)
	if body["error"] != "Name is required." {
		t.Errorf("plain-language message lost: %v", body["error"])
	}
}

func TestRPC_RefusesMissingOrWrongToken(t *testing.T) {
	srv, _ := newServer(t)
	for name, mutate := range map[string]func(*http.Request){
		"missing": func(r *http.Request) { r.Header.Del("Authorization") },
		"wrong":   func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope") },
		"scheme":  func(r *http.Request) { r.Header.Set("Authorization", token) },
		"basic":   func(r *http.Request) { r.Header.Set("Authorization", "Basic "+token) },
		"empty":   func(r *http.Request) { r.Header.Set("Authorization", "Bearer ") },
		"joined":  func(r *http.Request) { r.Header.Set("Authorization", "Bearer"+token) },
	} {
		if status, _ := rpc(t, srv, "/rpc/EchoService/Nothing", `[]`, mutate); status != 401 {
			t.Errorf("%s token: status %d, want 401", name, status)
		}
	}
	res, err := http.Get(srv.URL + "/rpc")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Errorf("GET /rpc without token: %d, want 401", res.StatusCode)
	}
}

func TestRPC_AcceptsTheBearerSchemeInAnyCase(t *testing.T) {
	srv, _ := newServer(t)
	for _, header := range []string{"Bearer " + token, "bearer " + token, "BEARER " + token, "bEaReR " + token, "  Bearer   " + token + "  ", "Bearer\t" + token} {
		status, body := rpc(t, srv, "/rpc/EchoService/Nothing", `[]`, func(r *http.Request) { r.Header.Set("Authorization", header) })
		if status != 200 {
			t.Errorf("Authorization %q: status %d (%v), want 200", header, status, body)
		}
	}
}

func TestServer_RefusesForeignHost(t *testing.T) {
	srv, _ := newServer(t)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	for host, want := range map[string]int{
		"evil.example":               403,
		"evil.example:" + itoa(port): 403,
		"127.0.0.1:1":                403,
		"10.0.0.1:" + itoa(port):     403,
		"localhost:" + itoa(port):    200,
		"127.0.0.1:" + itoa(port):    200,
	} {
		status, _ := rpc(t, srv, "/rpc/EchoService/Nothing", `[]`, func(r *http.Request) { r.Host = host })
		if status != want {
			t.Errorf("Host %q: status %d, want %d", host, status, want)
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestListing_NamesServicesAndMethods(t *testing.T) {
	srv, _ := newServer(t)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/rpc", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var listing map[string][]string
	json.NewDecoder(res.Body).Decode(&listing)
	got := strings.Join(listing["EchoService"], ",")
	if got != "Add,Broken,Concat,Empty,EmptyMap,Fail,Missing,Nothing,Panics" {
		t.Errorf("listing %v", listing)
	}
}

func TestEvents_StreamsEmittedEvents(t *testing.T) {
	srv, hub := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/events?token="+token, nil)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// The handler subscribes before it writes its first line; once that line
	// is here, an emitted event is bound to reach this client.
	r := bufio.NewReader(res.Body)
	if line, _ := r.ReadString('\n'); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q", line)
	}
	hub.Emit(events.TopicWhatsAppStatus, map[string]string{"state": "connected"})
	var got []string
	for len(got) < 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line = strings.TrimSpace(line); line != "" {
			got = append(got, line)
		}
	}
	if got[0] != "event: whatsapp:status" || got[1] != `data: {"state":"connected"}` {
		t.Errorf("stream %q", got)
	}
}

func TestEvents_RefusesWrongToken(t *testing.T) {
	srv, _ := newServer(t)
	for _, q := range []string{"", "?token=wrong"} {
		res, err := http.Get(srv.URL + "/events" + q)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Errorf("/events%s: %d, want 401", q, res.StatusCode)
		}
	}
}

func TestFrontend_IsPublicAndGetsTheShim(t *testing.T) {
	srv, _ := newServer(t)
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), `<head><script src="/herald-serve.js"></script>`) {
		t.Errorf("index.html without the shim: %s", page)
	}
	res, err = http.Get(srv.URL + "/herald-serve.js")
	if err != nil {
		t.Fatal(err)
	}
	shim, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(shim), `"rpc":"EchoService","pkg":"web","struct":"echoService"`) {
		t.Errorf("shim does not carry the bindings: %.300s", shim)
	}
	if strings.Contains(string(shim), token) {
		t.Error("the public shim contains the token")
	}
	res, err = http.Get(srv.URL + "/assets/a.js")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("asset: %d", res.StatusCode)
	}
}

func TestUploadAndDownload(t *testing.T) {
	dir := t.TempDir()
	srv := serveOn(t, Options{Token: token, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		UploadDir: dir + "/uploads", ExportDir: dir + "/exports"})

	do := func(method, path, body string, auth bool) (*http.Response, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, string(b)
	}
	if res, _ := do("POST", "/upload?name=x.csv", "a,b", false); res.StatusCode != 401 {
		t.Errorf("upload without token: %d", res.StatusCode)
	}
	res, body := do("POST", "/upload?name=../../etc/passwd", "name,phone\n", true)
	var out struct{ Result string }
	json.Unmarshal([]byte(body), &out)
	if res.StatusCode != 200 || !strings.HasPrefix(out.Result, dir+"/uploads/") || filepath.Base(out.Result) != "passwd" {
		t.Fatalf("upload: %d %s", res.StatusCode, body)
	}
	if got, _ := os.ReadFile(out.Result); string(got) != "name,phone\n" {
		t.Errorf("stored %q", got)
	}
	os.MkdirAll(dir+"/exports", 0o700)
	os.WriteFile(dir+"/exports/contacts.csv", []byte("Name\n"), 0o600)
	os.WriteFile(dir+"/secret.txt", []byte("no"), 0o600)
	if res, body := do("GET", "/download/contacts.csv", "", true); res.StatusCode != 200 || body != "Name\n" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q %v", res.StatusCode, body, res.Header)
	}
	if res, _ := do("GET", "/download/contacts.csv", "", false); res.StatusCode != 401 {
		t.Errorf("download without token: %d", res.StatusCode)
	}
	for _, p := range []string{"/download/..%2Fsecret.txt", "/download/%2E%2E%2Fsecret.txt", "/download/nope.csv"} {
		if res, _ := do("GET", p, "", true); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}
