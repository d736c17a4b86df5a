package web

import (
	"io"
	"net/http"
	"time"
)

// Limits bound how long a client may take over each part of an exchange,
// so that a slow or stalled one cannot hold a connection (its goroutine,
// its buffers, an upload's reservation) for ever, while a 1 GB upload over
// a slow LAN still arrives. A zero field takes its value from
// DefaultLimits.
type Limits struct {
	// Header is the time the request line and headers may take.
	Header time.Duration
	// Grace is the time a request body may take, and each write of an
	// answer, on top of their size at MinRate.
	Grace time.Duration
	// MinRate, in bytes a second, is the slowest a body or an answer may
	// move on average. Time is not enough on its own: a body trickling a
	// byte a second never stalls long, yet holds the connection for ever.
	MinRate int64
	// Idle is how long a kept-alive connection waits for its next request.
	Idle time.Duration
}

// DefaultLimits suit a browser on the same machine or the same LAN: a body
// must average 16 KB/s after its first 30 seconds (1 GB may take 18
// hours), and a connection left idle for a minute is closed, which
// browsers expect and reopen.
func DefaultLimits() Limits {
	return Limits{Header: 10 * time.Second, Grace: 30 * time.Second, MinRate: 16 << 10, Idle: time.Minute}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Header <= 0 {
		l.Header = d.Header
	}
	if l.Grace <= 0 {
		l.Grace = d.Grace
	}
	if l.MinRate <= 0 {
		l.MinRate = d.MinRate
	}
	if l.Idle <= 0 {
		l.Idle = d.Idle
	}
	return l
}

// allowance is the time l gives n bytes on top of Grace.
func (l Limits) allowance(n int64) time.Duration {
	return l.Grace + time.Duration(float64(n)/float64(l.MinRate)*float64(time.Second))
}

// NewHTTPServer returns the http.Server of `herald serve`, serving h within
// limits.
func NewHTTPServer(h http.Handler, limits Limits) *http.Server {
	limits = limits.withDefaults()
	return &http.Server{
		Handler:           &limited{next: h, limits: limits},
		ReadHeaderTimeout: limits.Header,
		// No ReadTimeout: one deadline from the start of the request would
		// cut a large upload; limited gives each body its own by its size.
		// WriteTimeout bounds what net/http writes by itself; limited
		// moves it on before each write of a handler, so that a call that
		// works for minutes or an event stream is not cut.
		WriteTimeout: limits.Grace,
		IdleTimeout:  limits.Idle,
	}
}

// limited holds every request and answer to its limits.
type limited struct {
	next   http.Handler
	limits Limits
}

func (l *limited) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	if r.Body != nil && r.Body != http.NoBody {
		b := &limitedBody{ReadCloser: r.Body, rc: rc, start: time.Now(), limits: l.limits}
		// Set now, the deadline also bounds net/http's reading of a body
		// the handler left unread.
		b.extend()
		r.Body = b
	}
	l.next.ServeHTTP(&limitedWriter{ResponseWriter: w, rc: rc, limits: l.limits}, r)
}

// limitedBody moves the connection's read deadline on as the body arrives:
// start + Grace + what has arrived at MinRate.
type limitedBody struct {
	io.ReadCloser
	rc     *http.ResponseController
	start  time.Time
	limits Limits
	n      int64
	// ended is set once a read failed or hit the end: net/http then reads
	// the connection in the background to notice a client leaving, and a
	// deadline set now would cut that read and cancel the request.
	ended bool
}

func (b *limitedBody) extend() {
	_ = b.rc.SetReadDeadline(b.start.Add(b.limits.allowance(b.n)))
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.ended {
		return b.ReadCloser.Read(p)
	}
	b.extend()
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	if err != nil {
		b.ended = true
	}
	return n, err
}

// limitedWriter gives each write of an answer Grace, plus its size at
// MinRate, from the moment it starts: a client that stops reading is cut,
// while an answer that takes long to compute, or an event stream that
// writes now and then for hours, is not.
type limitedWriter struct {
	http.ResponseWriter
	rc     *http.ResponseController
	limits Limits
}

func (w *limitedWriter) extend(n int) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.limits.allowance(int64(n))))
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	w.extend(len(p))
	return w.ResponseWriter.Write(p)
}

// FlushError is what http.ResponseController.Flush calls.
func (w *limitedWriter) FlushError() error {
	w.extend(0)
	return w.rc.Flush()
}

func (w *limitedWriter) Flush() { _ = w.FlushError() }

// Unwrap lets http.ResponseController reach net/http's writer.
func (w *limitedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
