//go:build fakewhatsapp

package core

import (
	"fmt"
	"log/slog"
	"time"

	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types/events"

	"herald/backend/whatsapp"
	"herald/backend/whatsapp/whatsmeow"
	"herald/backend/whatsapp/whatsmeow/fakeclient"
)

// newPhone, in a browser-test build (-tags fakewhatsapp), is the real
// linked-phone driver over a fake WhatsApp, with FakePhoneService bound so
// that a test can act as the phone and as WhatsApp: scan, rotate the QR
// code, ban. Nothing of it is in a build without the tag.
func newPhone(dataDir string, log *slog.Logger) phone {
	// The phone's side delivers and reads by itself, as people do, so a
	// campaign's counts move without the test driving every receipt.
	srv := fakeclient.NewServer(fakeclient.Options{Phone: "+15550100001", PushName: "Herald Test",
		DeliverAfter: 500 * time.Millisecond, ReadAfter: time.Second})
	return phone{
		open: func() (whatsapp.Driver, error) {
			d, err := whatsmeow.Open(dataDir, whatsmeow.Options{Log: log,
				NewClient: func(dev *store.Device) whatsmeow.Client { return srv.NewClient(dev) }})
			if err != nil {
				return nil, err
			}
			return d, nil
		},
		bindings: []Binding{{Name: "FakePhoneService", Service: &FakePhoneService{srv: srv}}},
	}
}

// FakePhoneService lets a browser test act as the user's phone and as
// WhatsApp's servers, in a fakewhatsapp build only.
type FakePhoneService struct {
	srv *fakeclient.Server
}

// QR returns the QR code on show, empty when none is.
func (s *FakePhoneService) QR() (string, error) { return s.srv.QR(), nil }

// ExpireQR replaces the QR code on show now, as WhatsApp does when its time
// runs out.
func (s *FakePhoneService) ExpireQR() error { return s.srv.ExpireQR() }

// PairingCode returns the pairing code handed out, empty when none was.
func (s *FakePhoneService) PairingCode() (string, error) { return s.srv.PairingCode(), nil }

// Scan links the phone, as scanning the QR code (or typing the pairing
// code) on it does.
func (s *FakePhoneService) Scan() error { return s.srv.Scan() }

// Ban bans the number for minutes, for reason (whatsmeow's TempBanReason:
// 101 sent to too many people, 102 blocked by users …).
func (s *FakePhoneService) Ban(reason, minutes int) error {
	if s.srv.Client() == nil {
		return fmt.Errorf("the phone is not connected")
	}
	s.srv.Emit(&events.TemporaryBan{Code: events.TempBanReason(reason), Expire: time.Duration(minutes) * time.Minute})
	return nil
}

// LogOutFromPhone removes Herald from the phone's Linked devices.
func (s *FakePhoneService) LogOutFromPhone() error { return s.srv.LogOutFromPhone() }

// Write makes the contact phone (E.164) write text to the linked number,
// as a customer answering does.
func (s *FakePhoneService) Write(phone, text string) error {
	if s.srv.Client() == nil {
		return fmt.Errorf("the phone is not connected")
	}
	s.srv.Reply(phone, text, "")
	return nil
}

// ReadAll makes the recipient of every message sent so far open it.
func (s *FakePhoneService) ReadAll() error {
	for _, m := range s.srv.Sent() {
		s.srv.Read(m.ID)
	}
	return nil
}
