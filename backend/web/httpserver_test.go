package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"herald/backend/events"
)

// These tests run the real limits, shortened. None measures time: each
// waits for what the limit must cause (an answer, the end of the
// connection); a guard on the connection only turns a hang into a failure.
const guard = 30 * time.Second

// dial opens a raw connection to srv, for requests net/http's client will
// not send: a body that never comes, a connection left idle.
func dial(t *testing.T, srv *httptest.Server) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.SetReadDeadline(time.Now().Add(guard)); err != nil {
		t.Fatal(err)
	}
	return conn, bufio.NewReader(conn)
}

// closedByServer fails the test unless the server closes the connection
// (after whatever it still sends).
func closedByServer(t *testing.T, r *bufio.Reader) {
	t.Helper()
	// A server that closes with bytes of ours still unread sends a reset
	// rather than an end of stream; either way it hung up.
	if _, err := io.Copy(io.Discard, r); err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("the server kept the connection open: %v", err)
	}
}

// trickle writes a byte to conn at every tick until stop is called.
func trickle(conn net.Conn, every time.Duration) (stop func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	return func() { close(done); <-stopped }
}

func echoOptions(t *testing.T) Options {
	return Options{Token: token, Log: discardLog(), UploadDir: t.TempDir(),
		Services: []Service{{Name: "EchoService", Impl: &echoService{}}}}
}

func TestLimits_RefusalComesAtOnceWithoutWaitingForTheBody(t *testing.T) {
	// The body may take an hour: an answer within the guard came without
	// waiting for it.
	srv := serveWithin(t, echoOptions(t), Limits{Grace: time.Hour})
	fill := strings.NewReplacer("HOST", srv.Listener.Addr().String(), "TOKEN", token).Replace
	for _, c := range []struct {
		name, head string
		status     int
	}{
		{"upload without token", "POST /upload?name=a.csv HTTP/1.1\r\nHost: HOST\r\n", 401},
		{"call without token", "POST /rpc/EchoService/Add HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer nope\r\n", 401},
		{"foreign host", "POST /rpc/EchoService/Add HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer TOKEN\r\n", 403},
		{"no such method", "POST /rpc/EchoService/Nope HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\n", 404},
		{"upload without a name", "POST /upload HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\n", 400},
		{"upload over 1 GB", "POST /upload?name=a.csv HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Length: 1073741825\r\n", 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, r := dial(t, srv)
			head := fill(c.head)
			if !strings.Contains(head, "Content-Length") {
				// Small enough that net/http would read the rest before
				// answering, were the answer not to close the connection.
				head += "Content-Length: 1000\r\n"
			}
			// Ten bytes of the body, and the rest never comes.
			fmt.Fprintf(conn, "%s\r\n0123456789", head)
			res, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatalf("no answer while the body is unfinished: %v", err)
			}
			if res.StatusCode != c.status || !res.Close {
				t.Errorf("status %d, Connection: %q; want %d and close", res.StatusCode, res.Header.Get("Connection"), c.status)
			}
			closedByServer(t, r)
		})
	}
}

func TestLimits_BodyTricklingBelowTheRateIsCut(t *testing.T) {
	opts := echoOptions(t)
	srv := serveWithin(t, opts, Limits{Grace: 200 * time.Millisecond, MinRate: 1000})
	for _, path := range []string{"/upload?name=a.csv", "/rpc/EchoService/Add"} {
		t.Run(path, func(t *testing.T) {
			conn, r := dial(t, srv)
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 100000\r\n\r\n",
				path, srv.Listener.Addr(), token)
			// 50 bytes a second: never still for long, yet far below
			// the 1000 a second the limits ask for.
			stop := trickle(conn, 20*time.Millisecond)
			res, err := http.ReadResponse(r, nil)
			stop()
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			var body struct{ Error string }
			_ = json.NewDecoder(res.Body).Decode(&body)
			if res.StatusCode != http.StatusRequestTimeout || !strings.Contains(body.Error, "too slowly") {
				t.Errorf("%d %q, want 408 saying it was too slow", res.StatusCode, body.Error)
			}
			closedByServer(t, r)
		})
	}
	if left, _ := os.ReadDir(opts.UploadDir); len(left) != 0 {
		t.Errorf("the cut upload left %d entries in the uploads folder", len(left))
	}
}

// pacedReader gives n bytes, a chunk at each tick.
type pacedReader struct {
	tick  <-chan time.Time
	left  int
	chunk int
}

func (p *pacedReader) Read(b []byte) (int, error) {
	if p.left == 0 {
		return 0, io.EOF
	}
	<-p.tick
	n := min(p.chunk, p.left, len(b))
	for i := range n {
		b[i] = 'a'
	}
	p.left -= n
	return n, nil
}

func TestLimits_BodyAboveTheRateMayTakeLongerThanTheGrace(t *testing.T) {
	opts := echoOptions(t)
	srv := serveWithin(t, opts, Limits{Grace: 100 * time.Millisecond, MinRate: 1000})
	// 4000 bytes, 100 every 10 ms: at least 400 ms, four times the grace,
	// at ten times the rate asked.
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload?name=slow.csv", &pacedReader{tick: tick.C, left: 4000, chunk: 100})
	req.ContentLength = 4000
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Result, Error string }
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, out.Error)
	}
	if st, err := os.Stat(out.Result); err != nil || st.Size() != 4000 {
		t.Errorf("stored %v, %v", st, err)
	}
}

func TestLimits_IdleConnectionIsClosed(t *testing.T) {
	srv := serveWithin(t, echoOptions(t), Limits{Idle: 100 * time.Millisecond})
	conn, r := dial(t, srv)
	fmt.Fprintf(conn, "GET /herald-serve.js HTTP/1.1\r\nHost: %s\r\n\r\n", srv.Listener.Addr())
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != 200 || res.Close {
		t.Fatalf("status %d, close %v: want a kept-alive answer", res.StatusCode, res.Close)
	}
	closedByServer(t, r)
}

// blockingService answers once the test lets it.
type blockingService struct{ started, release chan struct{} }

func (s *blockingService) Work() string {
	close(s.started)
	<-s.release
	return "done"
}

func TestLimits_AnswersThatTakeLongerThanTheWriteLimitArrive(t *testing.T) {
	hub := events.NewHub()
	work := &blockingService{started: make(chan struct{}), release: make(chan struct{})}
	srv := serveWithin(t, Options{Token: token, Log: discardLog(), Hub: hub, KeepAlive: 10 * time.Millisecond,
		Services: []Service{{Name: "BlockingService", Impl: work}}}, Limits{Grace: 50 * time.Millisecond})
	// Also on failure, so that the server's Close does not wait for ever.
	release := sync.OnceFunc(func() { close(work.release) })
	t.Cleanup(release)
	answer := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/rpc/BlockingService/Work", strings.NewReader(`[]`))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := srv.Client().Do(req)
		if err != nil {
			answer <- err.Error()
			return
		}
		defer res.Body.Close()
		var out struct{ Result, Error string }
		_ = json.NewDecoder(res.Body).Decode(&out)
		answer <- fmt.Sprintf("%d %s%s", res.StatusCode, out.Result, out.Error)
	}()
	receive(t, work.started, "the start of the long call")
	res, err := srv.Client().Get(srv.URL + "/events?token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	// Keep-alives come at most every 10 ms: 20 of them take 200 ms or
	// more, four times the write limit, during which the stream stays
	// open and the call keeps working.
	lines := bufio.NewScanner(res.Body)
	for n := 0; n < 20; {
		if !lines.Scan() {
			t.Fatalf("the event stream ended after %d keep-alives: %v", n, lines.Err())
		}
		if lines.Text() == ": keep-alive" {
			n++
		}
	}
	release()
	if got := receive(t, answer, "the answer of the long call"); got != "200 done" {
		t.Errorf("the long call got %q", got)
	}
}

func TestLimits_ZeroFieldsTakeTheDefaults(t *testing.T) {
	if got := (Limits{Grace: time.Second}).withDefaults(); got.Grace != time.Second || got.Idle != DefaultLimits().Idle ||
		got.MinRate != DefaultLimits().MinRate || got.Header != DefaultLimits().Header {
		t.Errorf("%+v", got)
	}
	srv := NewHTTPServer(http.NotFoundHandler(), Limits{})
	if srv.ReadHeaderTimeout == 0 || srv.IdleTimeout == 0 || srv.WriteTimeout == 0 {
		t.Errorf("a server without limits: %+v", srv)
	}
}
