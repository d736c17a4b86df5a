package simulator

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"herald/backend/whatsapp"
)

// pairCodeAlphabet is whatsmeow's: no 0, I, O or U, which read ambiguously.
const pairCodeAlphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ"

func pushNames() []string {
	return []string{"Alex", "Sam", "Maria", "Jonas", "Aisha", "Chen", "Lucía", "Noah"}
}

// Connect connects a paired session (connecting, then connected after the
// handshake) or, when not paired, starts QR pairing.
func (s *Simulator) Connect(ctx context.Context) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return whatsapp.ErrClosed
	}
	switch s.status.State {
	case whatsapp.StateConnecting, whatsapp.StateConnected, whatsapp.StateQR, whatsapp.StatePairingCode:
		return nil
	}
	s.conn.stopAll()
	s.setStateLocked(whatsapp.StateConnecting, "")
	if s.session != nil {
		s.afterLocked(&s.conn, connectDelay, s.connectedLocked)
		return nil
	}
	s.startQRLocked()
	return nil
}

// startQRLocked shows the first QR code; like WhatsApp it lives 60 s, each
// replacement 20 s, and after qrMaxCodes pairing gives up.
func (s *Simulator) startQRLocked() {
	s.qrCount = 0
	s.pairing = whatsapp.Pairing{}
	s.setStateLocked(whatsapp.StateQR, "")
	s.nextQRLocked(qrFirstTimeout)
	s.autoScanLocked()
}

func (s *Simulator) nextQRLocked(life time.Duration) {
	s.qrCount++
	ref := make([]byte, 18)
	for i := range ref {
		ref[i] = byte(s.rng.UintN(256))
	}
	// The shape of whatsmeow's payload: ref,noiseKey,identityKey,advSecret.
	keys := base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("herald-sim-%d", s.cfg.Seed)))
	s.pairing = whatsapp.Pairing{
		QR:        "2@" + base64.StdEncoding.EncodeToString(ref) + "," + keys + "," + keys + "," + keys,
		QRExpires: s.clock.Now().Add(life),
	}
	s.events.Push(whatsapp.Event{Kind: whatsapp.EventPairing, Pairing: s.pairing})
	s.afterLocked(&s.conn, life, func() {
		if s.qrCount >= qrMaxCodes {
			s.pairing = whatsapp.Pairing{}
			s.conn.stopAll()
			s.setStateLocked(whatsapp.StateDisconnected, "the QR code was not scanned in time")
			return
		}
		s.nextQRLocked(qrNextTimeout)
	})
}

func (s *Simulator) autoScanLocked() {
	if s.cfg.AutoScanSec > 0 {
		s.afterLocked(&s.conn, time.Duration(s.cfg.AutoScanSec)*time.Second, func() {
			s.completePairingLocked()
		})
	}
}

// PairPhone switches pairing to a phone pairing code for phone (E.164) and
// returns the code, XXXX-XXXX. It starts connecting if needed.
func (s *Simulator) PairPhone(ctx context.Context, phone string) (string, error) {
	if err := checkCtx(ctx); err != nil {
		return "", err
	}
	if !whatsapp.ValidE164(phone) {
		return "", fmt.Errorf("pair with code: %q: %w", phone, whatsapp.ErrInvalidNumber)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", whatsapp.ErrClosed
	}
	if s.session != nil {
		return "", errors.New("pair with code: already paired; log out first")
	}
	s.conn.stopAll()
	code := make([]byte, 0, 9)
	for i := 0; i < 8; i++ {
		if i == 4 {
			code = append(code, '-')
		}
		code = append(code, pairCodeAlphabet[s.rng.IntN(len(pairCodeAlphabet))])
	}
	s.pairing = whatsapp.Pairing{Code: string(code)}
	s.setStateLocked(whatsapp.StatePairingCode, "")
	s.events.Push(whatsapp.Event{Kind: whatsapp.EventPairing, Pairing: s.pairing})
	s.afterLocked(&s.conn, pairCodeTimeout, func() {
		s.pairing = whatsapp.Pairing{}
		s.conn.stopAll()
		s.setStateLocked(whatsapp.StateDisconnected, "the pairing code was not entered in time")
	})
	s.autoScanLocked()
	s.pendingPhone = phone
	return string(code), nil
}

// SimulateScan completes a pending QR or pairing-code pairing, as the user's
// phone would.
func (s *Simulator) SimulateScan() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return whatsapp.ErrClosed
	}
	if s.status.State != whatsapp.StateQR && s.status.State != whatsapp.StatePairingCode {
		return fmt.Errorf("simulate scan: no pairing in progress (state %s)", s.status.State)
	}
	s.completePairingLocked()
	return nil
}

// completePairingLocked stores the session and connects. A QR scan pairs a
// made-up phone; a pairing code pairs the number it was asked for.
func (s *Simulator) completePairingLocked() {
	phone := s.pendingPhone
	if s.status.State == whatsapp.StateQR || phone == "" {
		phone = fmt.Sprintf("+1555%07d", s.rng.IntN(10_000_000))
	}
	sess := session{Phone: phone, PushName: pick(s.rng, pushNames()), PairedAt: s.clock.Now()}
	s.conn.stopAll()
	s.pairing = whatsapp.Pairing{}
	s.pendingPhone = ""
	if err := saveSession(s.dir, sess); err != nil {
		s.setStateLocked(whatsapp.StateError, err.Error())
		return
	}
	s.session = &sess
	s.status.Phone, s.status.PushName = sess.Phone, sess.PushName
	s.connectedLocked()
}

// connectedLocked enters StateConnected: it hands over receipts held while
// down and arms the random drop.
func (s *Simulator) connectedLocked() {
	s.dropped = make(chan struct{})
	s.backoff = 0
	s.setStateLocked(whatsapp.StateConnected, "")
	for _, e := range s.held {
		s.publishLocked(e)
	}
	s.held = nil
	s.armDropLocked()
}

func (s *Simulator) armDropLocked() {
	if s.cfg.DisconnectRate <= 0 {
		return
	}
	s.afterLocked(&s.conn, dropCheckEvery, func() {
		if s.chanceLocked(s.cfg.DisconnectRate) {
			s.dropLocked("the connection was lost")
			return
		}
		s.armDropLocked()
	})
}

// SimulateDrop drops a connected session as a network failure would; it
// reconnects by itself with backoff.
func (s *Simulator) SimulateDrop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed && s.status.State == whatsapp.StateConnected {
		s.dropLocked("the connection was lost (simulated)")
	}
}

// dropLocked ends the connection and retries after 1 s, 2 s, 4 s … up to
// backoffMax; each attempt fails with DisconnectRate, as a flaky network.
func (s *Simulator) dropLocked(reason string) {
	s.conn.stopAll()
	s.endConnLocked()
	s.setStateLocked(whatsapp.StateConnecting, reason)
	s.retryLocked(reason)
}

func (s *Simulator) retryLocked(reason string) {
	if s.backoff == 0 {
		s.backoff = backoffFirst
	} else {
		s.backoff = min(2*s.backoff, backoffMax)
	}
	s.afterLocked(&s.conn, s.backoff, func() {
		if s.chanceLocked(s.cfg.DisconnectRate) {
			s.status.LastError = reason + "; reconnecting failed, retrying"
			s.retryLocked(reason)
			return
		}
		s.connectedLocked()
	})
}

// Disconnect ends the connection or pairing attempt; the session is kept.
func (s *Simulator) Disconnect() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return whatsapp.ErrClosed
	}
	s.conn.stopAll()
	s.endConnLocked()
	s.pairing = whatsapp.Pairing{}
	if s.status.State != whatsapp.StateDisconnected {
		s.setStateLocked(whatsapp.StateDisconnected, "")
	}
	return nil
}

// Logout unlinks the device: the session file is deleted and the next
// Connect starts pairing again.
func (s *Simulator) Logout(ctx context.Context) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return whatsapp.ErrClosed
	}
	if s.session == nil {
		return fmt.Errorf("log out: %w", whatsapp.ErrNotPaired)
	}
	if err := deleteSession(s.dir); err != nil {
		return fmt.Errorf("log out: %w", err)
	}
	s.session = nil
	s.conn.stopAll()
	s.endConnLocked()
	s.pairing = whatsapp.Pairing{}
	s.status.Phone, s.status.PushName = "", ""
	s.setStateLocked(whatsapp.StateLoggedOut, "")
	return nil
}
