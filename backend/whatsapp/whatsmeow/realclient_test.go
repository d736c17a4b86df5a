package whatsmeow

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"

	"herald/backend/whatsapp"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestOpen_NamesTheDeviceHeraldOnThePhone(t *testing.T) {
	d, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if store.DeviceProps.GetOs() != "Herald" || store.DeviceProps.GetPlatformType() != waCompanionReg.DeviceProps_CHROME {
		t.Fatalf("device props %v %v, want Herald on a browser platform", store.DeviceProps.GetOs(), store.DeviceProps.GetPlatformType())
	}
}

func TestRealClient_AnswersRetryReceiptsFromTheStoreAndRetriesConnecting(t *testing.T) {
	ctx := context.Background()
	s, err := openSession(ctx, t.TempDir(), waLog.Noop)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	dev, err := s.device(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := newRealClient(dev, quiet).(realClient)
	if !c.UseRetryMessageStore || !c.InitialAutoReconnect || !c.EnableAutoReconnect {
		t.Fatalf("retry store %v, initial auto-reconnect %v, auto-reconnect %v; want all on",
			c.UseRetryMessageStore, c.InitialAutoReconnect, c.EnableAutoReconnect)
	}
	if !c.OwnID().IsEmpty() || c.PushName() != "" || c.IsConnected() {
		t.Fatal("an unpaired client claims an account or a connection")
	}
	if pn, err := c.PNForLID(ctx, types.NewJID("1", types.HiddenUserServer)); err != nil || !pn.IsEmpty() {
		t.Fatalf("PNForLID on an unpaired device = %v, %v", pn, err)
	}
}

// offline makes real whatsmeow clients whose every dial is refused at
// once (a proxy on a closed local port): the real client's failure path,
// without a network.
func offline(t *testing.T) func(*store.Device) Client {
	return func(dev *store.Device) Client {
		c := newRealClient(dev, quiet)
		if err := c.(realClient).SetProxyAddress("http://127.0.0.1:1"); err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func TestRealClient_WithoutANetworkAnUnlinkedDriverEndsInError(t *testing.T) {
	d, err := Open(t.TempDir(), Options{Log: quiet, NewClient: offline(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := waitStatus(t, d, func(st whatsapp.Status) bool { return st.State == whatsapp.StateError })
	if !strings.HasPrefix(st.LastError, "Herald cannot reach WhatsApp") {
		t.Fatalf("LastError %q, want it in plain words", st.LastError)
	}
}

func TestRealClient_WithoutANetworkALinkedDriverKeepsTryingAndClosesAtOnce(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := openSession(ctx, dir, waLog.Noop)
	if err != nil {
		t.Fatal(err)
	}
	dev, _ := s.device(ctx)
	jid := types.NewADJID("4915112345678", 0, 3)
	dev.ID = &jid
	dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := dev.Save(ctx); err != nil {
		t.Fatal(err)
	}
	s.close()

	d, err := Open(dir, Options{Log: quiet, NewClient: offline(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Paired() {
		t.Fatal("the stored device is not seen as paired")
	}
	if err := d.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	st := waitStatus(t, d, func(st whatsapp.Status) bool { return st.LastError != "" })
	if st.State != whatsapp.StateConnecting || !strings.Contains(st.LastError, "Herald keeps trying") {
		t.Fatalf("status %+v, want connecting, still trying, in plain words", st)
	}
	closed := make(chan error, 1)
	go func() { closed <- d.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs while whatsmeow retries")
	}
}

// waitStatus reads the driver's events until its status satisfies ok.
func waitStatus(t *testing.T, d *Driver, ok func(whatsapp.Status) bool) whatsapp.Status {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if st := d.Status(); ok(st) {
			return st
		}
		select {
		case <-d.Events():
		case <-deadline:
			t.Fatalf("status %+v never came", d.Status())
		}
	}
}
