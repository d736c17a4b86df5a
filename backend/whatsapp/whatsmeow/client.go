package whatsmeow

import (
	"context"
	"fmt"
	"log/slog"

	wm "go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"
)

// Client is what the driver uses of whatsmeow's client: the real
// *whatsmeow.Client in production, a fake (package fakeclient) in tests.
// Every method but the last three is the real client's own.
type Client interface {
	// ConnectContext dials WhatsApp; it returns once the socket is up (or
	// failed), and reports the rest (QR, Connected…) as events.
	ConnectContext(ctx context.Context) error
	Disconnect()
	// Logout unlinks the device on the server, disconnects and deletes
	// the device from the session store.
	Logout(ctx context.Context) error
	IsConnected() bool
	IsLoggedIn() bool
	// GetQRChannel must be called before ConnectContext on an unpaired
	// device; it yields the QR codes, then the outcome of the pairing.
	GetQRChannel(ctx context.Context) (<-chan wm.QRChannelItem, error)
	PairPhone(ctx context.Context, phone string, showPushNotification bool, clientType wm.PairClientType, clientDisplayName string) (string, error)
	SendMessage(ctx context.Context, to types.JID, message *waE2E.Message, extra ...wm.SendRequestExtra) (wm.SendResponse, error)
	Upload(ctx context.Context, plaintext []byte, appInfo wm.MediaType) (wm.UploadResponse, error)
	IsOnWhatsApp(ctx context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error)
	AddEventHandler(handler wm.EventHandler) uint32
	RemoveEventHandlers()

	// OwnID is the linked account's JID (Store.ID), empty when unpaired.
	OwnID() types.JID
	// PushName is the account's display name, as the phone last synced it.
	PushName() string
	// PNForLID returns the phone-number JID behind a @lid address from
	// the store's LID map, empty when it is not known.
	PNForLID(ctx context.Context, lid types.JID) (types.JID, error)
}

// realClient is whatsmeow's client with the three store lookups Client
// adds.
type realClient struct {
	*wm.Client
}

var _ Client = realClient{}

// newRealClient is the production NewClient: whatsmeow's client over the
// session store, with the settings Herald relies on.
func newRealClient(device *store.Device, log *slog.Logger) Client {
	c := wm.NewClient(device, slogLogger{log: log})
	// Retry receipts (a recipient's phone that could not decrypt a message
	// asks for it again) are answered from whatsapp.db for a week, not
	// only from whatsmeow's cache of the last 256 messages in memory, so
	// they keep working through a long campaign and across restarts.
	c.UseRetryMessageStore = true
	// A paired session that finds no network at start-up keeps trying in
	// the background instead of failing once.
	c.InitialAutoReconnect = true
	c.EnableAutoReconnect = true
	return realClient{c}
}

func (c realClient) OwnID() types.JID {
	if c.Store.ID == nil {
		return types.EmptyJID
	}
	return *c.Store.ID
}

func (c realClient) PushName() string { return c.Store.PushName }

func (c realClient) PNForLID(ctx context.Context, lid types.JID) (types.JID, error) {
	if c.Store.LIDs == nil {
		return types.EmptyJID, nil
	}
	return c.Store.LIDs.GetPNForLID(ctx, lid)
}

// slogLogger hands whatsmeow's log to Herald's. whatsmeow's info lines
// name accounts and chats, so they go to debug; its debug lines (every
// frame) are dropped.
type slogLogger struct {
	log    *slog.Logger
	module string
}

func (l slogLogger) Errorf(msg string, args ...any) {
	l.log.Error("whatsmeow: "+fmt.Sprintf(msg, args...), "module", l.module)
}

func (l slogLogger) Warnf(msg string, args ...any) {
	l.log.Warn("whatsmeow: "+fmt.Sprintf(msg, args...), "module", l.module)
}

func (l slogLogger) Infof(msg string, args ...any) {
	if l.log.Enabled(context.Background(), slog.LevelDebug) {
		l.log.Debug("whatsmeow: "+fmt.Sprintf(msg, args...), "module", l.module)
	}
}

func (l slogLogger) Debugf(string, ...any) {}

func (l slogLogger) Sub(module string) waLog.Logger {
	if l.module != "" {
		module = l.module + "/" + module
	}
	return slogLogger{log: l.log, module: module}
}
