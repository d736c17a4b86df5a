package whatsmeow

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"
)

func TestSession_StoresADeviceAndReadsItBackAfterReopening(t *testing.T) {
	ctx := context.Background()
	// A # in the folder's name must not cut the path short.
	dir := filepath.Join(t.TempDir(), "C#Dev 50%")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := openSession(ctx, dir, waLog.Noop)
	if err != nil {
		t.Fatalf("openSession: %v", err)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1", fk, err)
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	dev, err := s.device(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if dev.ID != nil {
		t.Fatalf("a new store has device %v, want an unpaired one", dev.ID)
	}
	jid := types.NewADJID("4915112345678", 0, 7)
	dev.ID = &jid
	dev.PushName = "Maria"
	dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := dev.Save(ctx); err != nil {
		t.Fatalf("save device: %v", err)
	}
	if err := s.remember(ctx, "m1", MessageID("m1"), "+4915112345678"); err != nil {
		t.Fatal(err)
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, SessionFile)); err != nil {
		t.Fatalf("whatsapp.db is not in the data folder: %v", err)
	}

	s2, err := openSession(ctx, dir, waLog.Noop)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.close()
	back, err := s2.device(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if back.ID == nil || *back.ID != jid || back.PushName != "Maria" {
		t.Fatalf("device read back = %v %q, want %v Maria", back.ID, back.PushName, jid)
	}
	if *back.NoiseKey.Priv != *dev.NoiseKey.Priv || *back.IdentityKey.Priv != *dev.IdentityKey.Priv {
		t.Fatal("the device's keys did not survive the reopening")
	}
	r, ok, err := s2.byWAID(ctx, MessageID("m1"))
	if err != nil || !ok || r.HeraldID != "m1" || r.To != "+4915112345678" || !r.SentAt.IsZero() {
		t.Fatalf("message read back = %+v %v %v", r, ok, err)
	}
	// Deleting the device (a logout) leaves an unpaired store.
	if err := back.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := s2.device(ctx)
	if err != nil || fresh.ID != nil {
		t.Fatalf("after delete: device %v, %v; want a new unpaired one", fresh.ID, err)
	}
}

func TestSession_ReceiptsOnlyMoveForwardAndProveTheSend(t *testing.T) {
	ctx := context.Background()
	s, err := openSession(ctx, t.TempDir(), waLog.Noop)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	at := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	if err := s.remember(ctx, "m1", MessageID("m1"), "+4915112345678"); err != nil {
		t.Fatal(err)
	}
	id, changed, err := s.advance(ctx, MessageID("m1"), levelDelivered, at)
	if err != nil || !changed || id != "m1" {
		t.Fatalf("first delivered = %q %v %v", id, changed, err)
	}
	if _, changed, _ := s.advance(ctx, MessageID("m1"), levelDelivered, at); changed {
		t.Fatal("a second delivered receipt counted as news")
	}
	if _, changed, _ := s.advance(ctx, "3EB0UNKNOWN", levelRead, at); changed {
		t.Fatal("a receipt for a message Herald did not send counted")
	}
	r, _, _ := s.lookup(ctx, "m1")
	if !r.SentAt.Equal(at) || r.Level != levelDelivered {
		t.Fatalf("after delivered: %+v, want sent at %v", r, at)
	}
	// The late acknowledgement does not move the time the receipt proved.
	if err := s.markSent(ctx, "m1", at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := s.lookup(ctx, "m1"); !r.SentAt.Equal(at) || r.Level != levelDelivered {
		t.Fatalf("after a late ack: %+v", r)
	}
}
