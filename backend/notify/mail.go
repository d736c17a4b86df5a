package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// mailTimeout bounds each exchange with the mail server.
const mailTimeout = 20 * time.Second

// letter is one email: its subject, text and stable Message-ID.
type letter struct {
	subject   string
	body      string
	messageID string
	at        time.Time
}

// connect opens a session with the mail server of cfg, logged in when a
// user is set. cut closes its connection at once, whatever the session is
// waiting for.
func (e *Engine) connect(ctx context.Context, cfg Config, password string) (*gomail.Client, *smtp.Client, func(), error) {
	tlsConfig := &tls.Config{ServerName: cfg.Host, RootCAs: e.roots, MinVersion: tls.VersionTLS12}
	var mu sync.Mutex
	var conns []net.Conn
	// Herald dials itself, so that it holds the connection to cut; TLS from
	// the first byte is then its own to set up too.
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var conn net.Conn
		var err error
		if cfg.Security == SecurityTLS {
			conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConfig}).DialContext(ctx, network, addr)
		} else {
			conn, err = d.DialContext(ctx, network, addr)
		}
		if err == nil {
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
		return conn, err
	}
	cut := func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	}
	// Without the RSET go-mail sends after each accepted mail, the mail is
	// marked sent one exchange sooner after the server took it.
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(mailTimeout), gomail.WithoutRset(),
		gomail.WithTLSConfig(tlsConfig), gomail.WithDialContextFunc(dial)}
	switch cfg.Security {
	case SecurityStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuthCustom(&login{user: cfg.User, password: password, host: cfg.Host}))
	}
	client, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, nil, cut, err
	}
	session, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		cut()
		return nil, nil, cut, err
	}
	return client, session, cut, nil
}

// login logs in with the first way the server offers that Herald speaks,
// strongest first; PLAIN and LOGIN send the password only over TLS or to
// this computer (their own check).
type login struct {
	user, password, host string
	smtp.Auth
}

func (a *login) Start(server *smtp.ServerInfo) (string, []byte, error) {
	for _, m := range []struct {
		name string
		auth func() smtp.Auth
	}{
		{"SCRAM-SHA-256", func() smtp.Auth { return smtp.ScramSHA256Auth(a.user, a.password) }},
		{"SCRAM-SHA-1", func() smtp.Auth { return smtp.ScramSHA1Auth(a.user, a.password) }},
		{"CRAM-MD5", func() smtp.Auth { return smtp.CRAMMD5Auth(a.user, a.password) }},
		{"PLAIN", func() smtp.Auth { return smtp.PlainAuth("", a.user, a.password, a.host, false) }},
		{"LOGIN", func() smtp.Auth { return smtp.LoginAuth(a.user, a.password, a.host, false) }},
	} {
		if slices.Contains(server.Auth, m.name) {
			a.Auth = m.auth()
			return a.Auth.Start(server)
		}
	}
	return "", nil, fmt.Errorf("the server offers no way to log in that Herald speaks (%s)", strings.Join(server.Auth, ", "))
}

// compose makes the message of l from cfg's sender to its recipients.
func compose(cfg Config, l letter) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.From(cfg.From); err != nil {
		return nil, fmt.Errorf("sender %q: %w", cfg.From, err)
	}
	if err := m.To(cfg.To...); err != nil {
		return nil, fmt.Errorf("recipients: %w", err)
	}
	m.Subject(l.subject)
	m.SetMessageIDWithValue(l.messageID)
	m.SetDateWithValue(l.at)
	m.SetBulk()
	m.SetBodyString(gomail.TypeTextPlain, l.body)
	return m, nil
}

// plain says what went wrong with the mail server in words a user can act
// on.
func plain(err error, cfg Config) string {
	server := fmt.Sprintf("%s port %d", cfg.Host, cfg.Port)
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var proto *textproto.Error
	var sendErr *gomail.SendError
	var netErr net.Error
	msg := err.Error()
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("Herald could not find the mail server “%s”: check its name.", cfg.Host)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("Nothing answers at %s: check the server's name and port, and that the mail server is running.", server)
	case errors.As(err, &unknownCA):
		return fmt.Sprintf("The certificate of %s is not trusted: no authority this computer knows has signed it (it may be self-signed).", cfg.Host)
	case errors.As(err, &hostErr):
		return fmt.Sprintf("The certificate of %s is made out to another name: check the server's name.", cfg.Host)
	case errors.As(err, &invalid):
		return fmt.Sprintf("The certificate of %s is not valid (%s).", cfg.Host, invalid.Error())
	case errors.As(err, &record):
		return fmt.Sprintf("The server at %s does not speak TLS from the start: choose STARTTLS (usually port 587), or check the port.", server)
	case strings.Contains(msg, "does not support STARTTLS"):
		return fmt.Sprintf("The server at %s does not offer STARTTLS: choose TLS (usually port 465), or no encryption for a server on this network.", server)
	case strings.Contains(msg, "SMTP AUTH failed") && errors.As(err, &proto) && (proto.Code == 535 || proto.Code == 534 || proto.Code == 530):
		return "The mail server refused the user name or password."
	case strings.Contains(msg, "SMTP AUTH failed"), strings.Contains(msg, "does not support SMTP AUTH"), strings.Contains(msg, "unencrypted connection"):
		return fmt.Sprintf("The mail server would not take the user name and password (%s): check them, or the connection's security.", msg)
	case errors.As(err, &sendErr) && sendErr.Reason == gomail.ErrSMTPMailFrom:
		return fmt.Sprintf("The mail server refused the sender %s (%s): use an address it lets this user send from.", cfg.From, sendErr.Error())
	case errors.As(err, &sendErr) && sendErr.Reason == gomail.ErrSMTPRcptTo:
		return fmt.Sprintf("The mail server refused a recipient (%s): check the addresses.", sendErr.Error())
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("The mail server at %s did not answer in time: check the server and port, or try again later.", server)
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return fmt.Sprintf("The server at %s closed the connection: it may not be a mail server, or may want another security (TLS or STARTTLS).", server)
	}
	return "The email could not be sent: " + msg
}
