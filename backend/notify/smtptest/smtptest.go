// Package smtptest is a mail server on loopback for tests: STARTTLS on a
// certificate it makes itself, an optional login, and every mail it takes
// kept for the test to read. It can go down and come back on its port.
//
// Only tests import it.
package smtptest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one mail the server took.
type Mail struct {
	From      string
	To        []string
	Subject   string
	MessageID string
	Body      string
	Raw       string
}

// Options configure a Server.
type Options struct {
	// User and Password, when set, are the only login the server takes,
	// and it asks for one.
	User, Password string
	// StartTLS offers STARTTLS on a self-signed certificate for 127.0.0.1.
	StartTLS bool
	// TLS speaks TLS from the first byte instead, on the same certificate.
	TLS bool
}

// Server is a running mail server.
type Server struct {
	opts Options
	// Port is the server's port on 127.0.0.1; Roots trusts its certificate.
	Port  int
	Roots *x509.CertPool
	tls   *tls.Config

	mu      sync.Mutex
	srv     *smtp.Server
	mails   []Mail
	changed chan struct{} // closed and replaced at each mail, and each mail held
	// While holding, a mail's text is read but not answered until release
	// is closed; accept then says whether the server takes it.
	holding bool
	held    int
	release chan struct{}
	accept  bool
}

// Hold makes the server read each mail's text and then wait, without
// answering, until Release: the moment a client has sent a mail the server
// has not yet taken.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holding, s.held, s.release = true, 0, make(chan struct{})
}

// WaitHeld waits until n mails are held.
func (s *Server) WaitHeld(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		held, changed := s.held, s.changed
		s.mu.Unlock()
		if held >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("%d mails held, want %d: %w", held, n, ctx.Err())
		}
	}
}

// Release ends the hold: the held mails are taken when accept is set,
// else refused, as by a server that failed before taking them.
func (s *Server) Release(accept bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.holding {
		return
	}
	s.holding, s.accept = false, accept
	close(s.release)
}

// hold waits, when the server holds mails, until Release, and says whether
// the mail is taken.
func (s *Server) hold() bool {
	s.mu.Lock()
	if !s.holding {
		s.mu.Unlock()
		return true
	}
	s.held++
	release := s.release
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	<-release
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accept
}

// Start starts a server on a free port of 127.0.0.1.
func Start(opts Options) (*Server, error) {
	s := &Server{opts: opts, changed: make(chan struct{})}
	if opts.StartTLS || opts.TLS {
		cert, roots, err := selfSigned()
		if err != nil {
			return nil, err
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.Roots = roots
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.serve(ln)
	return s, nil
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	if s.opts.TLS {
		ln = tls.NewListener(ln, s.tls)
	} else {
		srv.TLSConfig = s.tls
	}
	srv.AllowInsecureAuth = s.tls == nil
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// Down stops the server: nothing answers on its port until Up.
func (s *Server) Down() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Up starts the server again on its port.
func (s *Server) Up() error {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", s.Port))
	if err != nil {
		return fmt.Errorf("listen again on port %d: %w", s.Port, err)
	}
	s.serve(ln)
	return nil
}

// Close stops the server for good, refusing any mail it holds.
func (s *Server) Close() {
	s.Release(false)
	s.Down()
}

// Mails returns the mails taken so far.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Wait waits until the server has taken at least n mails, and returns them.
func (s *Server) Wait(ctx context.Context, n int) ([]Mail, error) {
	for {
		s.mu.Lock()
		got, changed := append([]Mail(nil), s.mails...), s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return got, fmt.Errorf("%d mails arrived, want %d: %w", len(got), n, ctx.Err())
		}
	}
}

func (s *Server) take(m Mail) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mails = append(s.mails, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (x *session) AuthMechanisms() []string {
	if x.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != x.s.opts.User || password != x.s.opts.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.opts.User != "" && !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if !x.s.hold() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Not taken"}
	}
	m := Mail{From: x.from, To: x.to, Raw: string(raw)}
	if msg, err := mail.ReadMessage(strings.NewReader(m.Raw)); err == nil {
		dec := new(mime.WordDecoder)
		m.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
		m.MessageID = msg.Header.Get("Message-Id")
		body, _ := io.ReadAll(msg.Body)
		m.Body = decodeBody(msg.Header.Get("Content-Transfer-Encoding"), string(body))
	}
	x.s.take(m)
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost, and the pool
// that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, roots, nil
}

// decodeBody undoes a body's transfer encoding.
func decodeBody(encoding, body string) string {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if err == nil {
			return string(b)
		}
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(body))
		if err == nil {
			return string(b)
		}
	}
	return body
}
