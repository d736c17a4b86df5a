// Command whatsapp-live checks the linked-phone driver end to end with a
// real phone, from a terminal (make whatsapp-live): it links the phone by a
// QR code drawn in the terminal, or by a pairing code when WHATSAPP_PHONE
// is set, then sends one message to TO and waits for its delivery receipt,
// printing each step. It is never part of make test: it needs a person, a
// phone and the internet.
//
//	TO=+4915112345678 go run ./cmd/whatsapp-live
//	WHATSAPP_PHONE=+4917012345678 TO=+4915112345678 go run ./cmd/whatsapp-live -data /tmp/wa
//
// The session is kept in the data folder (HERALD_DATA, else
// ./whatsapp-live), so a second run sends without pairing again; -logout
// unlinks the phone at the end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mdp/qrterminal/v3"

	"herald/backend/whatsapp"
	"herald/backend/whatsapp/whatsmeow"
)

func main() {
	dataDir := os.Getenv("HERALD_DATA")
	if dataDir == "" {
		dataDir = "whatsapp-live"
	}
	flag.StringVar(&dataDir, "data", dataDir, "the data folder holding whatsapp.db")
	logout := flag.Bool("logout", false, "unlink the phone at the end")
	verbose := flag.Bool("v", false, "print the driver's and whatsmeow's log")
	flag.Parse()
	cfg := config{
		dir: dataDir, to: os.Getenv("TO"), pairPhone: os.Getenv("WHATSAPP_PHONE"), logout: *logout,
		text: os.Getenv("TEXT"), verbose: *verbose,
	}
	if cfg.text == "" {
		cfg.text = "Herald's live check: if you can read this, the linked phone sends."
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "✗", err)
		os.Exit(1)
	}
}

type config struct {
	dir, to, pairPhone, text string
	logout, verbose          bool
}

// Time limits of each step: pairing lasts as long as WhatsApp shows codes.
const (
	linkTimeout    = 3 * time.Minute
	receiptTimeout = 2 * time.Minute
)

func run(ctx context.Context, cfg config) error {
	if cfg.to != "" && !whatsapp.ValidE164(cfg.to) {
		return fmt.Errorf("TO=%s is not a number in international form, like +4915112345678", cfg.to)
	}
	if err := os.MkdirAll(cfg.dir, 0o700); err != nil {
		return err
	}
	level := slog.LevelWarn
	if cfg.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	d, err := whatsmeow.Open(cfg.dir, whatsmeow.Options{Log: log})
	if err != nil {
		return err
	}
	step("opened the session in %s (paired: %v)", cfg.dir, d.Paired())
	w := watch(d)
	defer func() {
		if err := d.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "✗ close:", err)
		}
		<-w.done
	}()

	if err := link(ctx, d, w, cfg.pairPhone); err != nil {
		return err
	}
	st := d.Status()
	step("connected as %s (%s)", st.Phone, st.PushName)
	if cfg.to == "" {
		step("linked; set TO=+number to send a test message")
	} else if err := sendOne(ctx, d, w, cfg.to, cfg.text); err != nil {
		return err
	}
	if cfg.logout {
		if err := d.Logout(ctx); err != nil {
			return fmt.Errorf("log out: %w", err)
		}
		step("unlinked the phone")
	}
	return nil
}

// link connects the stored session, or pairs a new one by QR code or by
// pairing code, and waits until connected.
func link(ctx context.Context, d *whatsmeow.Driver, w *watcher, pairPhone string) error {
	ctx, cancel := context.WithTimeout(ctx, linkTimeout)
	defer cancel()
	switch {
	case d.Paired():
		step("connecting the linked phone…")
		if err := d.Connect(ctx); err != nil {
			return err
		}
	case pairPhone != "":
		step("asking WhatsApp for a pairing code for %s…", pairPhone)
		code, err := d.PairPhone(ctx, pairPhone)
		if err != nil {
			return err
		}
		step("on the phone: WhatsApp → Linked devices → Link a device → Link with phone number instead, and type %s", code)
	default:
		step("on the phone: WhatsApp → Linked devices → Link a device, and scan the code below")
		if err := d.Connect(ctx); err != nil {
			return err
		}
	}
	return w.until(ctx, "the phone to be linked", func(e whatsapp.Event) (bool, error) {
		if e.Kind != whatsapp.EventState {
			return false, nil
		}
		switch e.Status.State {
		case whatsapp.StateConnected:
			return true, nil
		case whatsapp.StateError, whatsapp.StateLoggedOut, whatsapp.StateDisconnected:
			return false, fmt.Errorf("%s: %s", e.Status.State, e.Status.LastError)
		}
		return false, nil
	})
}

// sendOne sends the test message and waits for its delivery receipt.
func sendOne(ctx context.Context, d *whatsmeow.Driver, w *watcher, to, text string) error {
	checks, err := d.IsOnWhatsApp(ctx, []string{to})
	if err != nil {
		return fmt.Errorf("check %s: %w", to, err)
	}
	if !checks[0].OnWhatsApp {
		return fmt.Errorf("%s is not on WhatsApp", to)
	}
	step("%s is on WhatsApp", to)
	msg := whatsapp.Message{ID: fmt.Sprintf("live-%d", time.Now().UnixNano()), To: to, Text: text}
	r, err := d.Send(ctx, msg)
	var doubt interface{ InDoubt() bool }
	switch {
	case errors.As(err, &doubt) && doubt.InDoubt():
		step("no answer from WhatsApp (%v); waiting for a receipt to tell", err)
	case err != nil:
		return fmt.Errorf("send: %w", err)
	default:
		step("sent %s as WhatsApp message %s at %s", msg.ID, whatsmeow.MessageID(msg.ID), r.At.Local().Format(time.TimeOnly))
	}
	ctx, cancel := context.WithTimeout(ctx, receiptTimeout)
	defer cancel()
	return w.until(ctx, "the delivery receipt", func(e whatsapp.Event) (bool, error) {
		if e.Kind == whatsapp.EventReceipt && e.Receipt.MessageID == msg.ID {
			return e.Receipt.Status == whatsapp.ReceiptDelivered || e.Receipt.Status == whatsapp.ReceiptRead, nil
		}
		if e.Kind == whatsapp.EventState && e.Status.State != whatsapp.StateConnected && e.Status.State != whatsapp.StateConnecting {
			return false, fmt.Errorf("%s: %s", e.Status.State, e.Status.LastError)
		}
		return false, nil
	})
}

// watcher prints every event of the driver and hands them on to until.
type watcher struct {
	events chan whatsapp.Event
	done   chan struct{}
}

func watch(d *whatsmeow.Driver) *watcher {
	w := &watcher{events: make(chan whatsapp.Event, 256), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		defer close(w.events)
		for e := range d.Events() {
			show(e)
			select {
			case w.events <- e:
			default: // nobody waits for it
			}
		}
	}()
	return w
}

// until waits for an event that ok accepts, or for ok's error.
func (w *watcher) until(ctx context.Context, what string, ok func(whatsapp.Event) (bool, error)) error {
	for {
		select {
		case e, open := <-w.events:
			if !open {
				return fmt.Errorf("the driver closed while waiting for %s", what)
			}
			done, err := ok(e)
			if err != nil || done {
				return err
			}
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		}
	}
}

func show(e whatsapp.Event) {
	switch e.Kind {
	case whatsapp.EventState:
		if e.Status.LastError != "" {
			step("state %s: %s", e.Status.State, e.Status.LastError)
		} else {
			step("state %s", e.Status.State)
		}
	case whatsapp.EventPairing:
		if e.Pairing.QR != "" {
			qrterminal.GenerateHalfBlock(e.Pairing.QR, qrterminal.L, os.Stdout)
			step("QR code valid until %s", e.Pairing.QRExpires.Local().Format(time.TimeOnly))
		}
	case whatsapp.EventReceipt:
		step("receipt %s for %s at %s", e.Receipt.Status, e.Receipt.MessageID, e.Receipt.At.Local().Format(time.TimeOnly))
	case whatsapp.EventIncoming:
		in := e.Incoming
		step("message from %s (in reply to %q): %s", in.From, in.InReplyTo, in.Text)
	}
}

func step(format string, args ...any) {
	fmt.Printf("%s  %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
}
