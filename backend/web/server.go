// Package web is `herald serve`: the same UI and the same services as the
// desktop window, for an ordinary browser. It serves the built frontend, a
// small script that gives the page the `window.go` and `window.runtime`
// objects Wails would give it, an RPC bridge over the bound services, and
// the services' events as server-sent events.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"herald/backend/events"
)

// maxBody bounds an RPC request; arguments are small JSON documents.
const maxBody = 8 << 20

// Service is a struct to expose, under its RPC name (ContactService, …).
type Service struct {
	Name string
	// Impl is a pointer to the struct; its exported methods are the RPC
	// methods, and their parameters say how to decode the arguments.
	Impl any
	// WithContext, when set, is called with each call's context (cancelled
	// when the client goes away or the server shuts down) and returns a
	// value of Impl's type that the method runs on instead of Impl, so a
	// long call can stop once nobody waits for its answer.
	WithContext func(ctx context.Context) any
}

// Options configure a Server.
type Options struct {
	// Token is the secret every /rpc and /events request must carry.
	Token string
	// Frontend is the built UI (frontend/dist); nil serves a note saying so.
	Frontend fs.FS
	Services []Service
	Hub      *events.Hub
	Log      *slog.Logger
	// UploadDir receives files sent with POST /upload; ExportDir is where
	// GET /download/{name} finds them. Empty turns the route off.
	UploadDir, ExportDir string
	// KeepAlive is how often an idle event stream gets a comment line, so
	// that proxies and browsers keep it open.
	KeepAlive time.Duration
	// UploadQuota bounds what the uploads folder holds in all (4 GB when
	// 0): past it, the oldest uploads are swept or the upload refused.
	UploadQuota int64
	// Now tells the time of uploads (time.Now when nil).
	Now func() time.Time
	// SweepTicks, when set, replaces the hourly timer that sweeps uploads
	// older than a day: each tick sweeps at the time it carries.
	SweepTicks <-chan time.Time
}

// Server handles HTTP for `herald serve`.
type Server struct {
	opts     Options
	bindings []*binding
	byName   map[string]*binding
	shim     []byte
	mux      *http.ServeMux
	// allowedHost decides whether a Host header may reach the server.
	allowedHost func(host string) bool
	// uploads is nil when uploads are off; stopSweeping stops its timer.
	uploads      *uploads
	stopSweeping func()
}

// NewToken returns a fresh random token.
func NewToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// New returns a server for the listener at addr (used for the Host check).
func New(addr net.Addr, opts Options) (*Server, error) {
	if opts.Token == "" {
		return nil, fmt.Errorf("serve: empty token")
	}
	if opts.KeepAlive == 0 {
		opts.KeepAlive = 15 * time.Second
	}
	s := &Server{opts: opts, byName: map[string]*binding{}, mux: http.NewServeMux(), allowedHost: hostChecker(addr)}
	for _, svc := range opts.Services {
		b, err := bind(svc.Name, svc.Impl)
		if err != nil {
			return nil, err
		}
		b.withContext = svc.WithContext
		s.bindings = append(s.bindings, b)
		s.byName[svc.Name] = b
	}
	shim, err := renderShim(s.bindings)
	if err != nil {
		return nil, err
	}
	s.shim = shim
	s.mux.HandleFunc("POST /rpc/{service}/{method}", s.authorised(s.handleRPC))
	s.mux.HandleFunc("GET /rpc", s.authorised(s.handleListing))
	s.mux.HandleFunc("GET /events", s.handleEvents)
	s.mux.HandleFunc("POST /upload", s.authorised(s.handleUpload))
	s.mux.HandleFunc("GET /download/{name}", s.authorised(s.handleDownload))
	s.mux.HandleFunc("GET /herald-serve.js", s.handleShim)
	s.mux.Handle("GET /", s.frontend())
	if opts.UploadDir != "" {
		// Last, once nothing can fail: the sweeper runs until Close.
		s.uploads = newUploads(opts)
		s.uploads.sweep(s.uploads.now())
		s.stopSweeping = s.uploads.sweepOn(opts.SweepTicks)
	}
	return s, nil
}

// Close stops what the server does on its own, the sweeping of old
// uploads, and returns once it has stopped. Requests still under way are
// the http.Server's to end.
func (s *Server) Close() {
	if s.stopSweeping != nil {
		s.stopSweeping()
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// On every answer, not only the page: a JSON answer or a download
	// opened as a page must not run anything either.
	w.Header().Set("Content-Security-Policy", contentPolicy)
	if !s.allowedHost(r.Host) {
		// A page on another site that rebinds its name to 127.0.0.1 sends
		// its own name as Host: refuse it before anything else.
		refuse(w, r, http.StatusForbidden, "This address is not allowed to reach Herald.")
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// hostChecker accepts Host headers naming the listener: its IP (any IP when
// it listens on all of them) or localhost, with its port. Names other than
// localhost are refused, which is what defeats DNS rebinding.
func hostChecker(addr net.Addr) func(string) bool {
	tcp, _ := addr.(*net.TCPAddr)
	return func(host string) bool {
		if tcp == nil {
			return false
		}
		h, port, err := net.SplitHostPort(host)
		if err != nil || port != fmt.Sprint(tcp.Port) {
			return false
		}
		if h == "localhost" {
			return tcp.IP.IsLoopback() || tcp.IP.IsUnspecified()
		}
		ip := net.ParseIP(strings.Trim(h, "[]"))
		if ip == nil {
			return false
		}
		return tcp.IP.IsUnspecified() || ip.Equal(tcp.IP)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// refuse answers an error without reading the request's body, and closes
// the connection after the answer: to keep it, net/http would first read
// what is left of the body, and a client sending it slowly would wait that
// long for an answer it could have had at once.
func refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if r.ContentLength != 0 {
		w.Header().Set("Connection", "close")
		// Even when closing, net/http reads up to 256 KB of what is left
		// before it lets go of the connection; a deadline already passed
		// ends that read at once. The answer, written after, is not held.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now())
	}
	writeError(w, status, msg)
}

// bodyFailure is the answer to a request whose body, what it carries ("the
// file"), could not be read.
func bodyFailure(err error, what, tooLarge string) (int, string) {
	var max *http.MaxBytesError
	switch {
	case errors.As(err, &max):
		return http.StatusRequestEntityTooLarge, tooLarge
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout, fmt.Sprintf("%s arrived too slowly and was stopped. Try again on a faster connection.", what)
	}
	return http.StatusBadRequest, fmt.Sprintf("%s did not arrive whole. Try again.", what)
}
