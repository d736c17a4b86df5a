package whatsmeow

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	wm "go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/proto"

	"herald/backend/whatsapp"
)

// Send sends msg with the WhatsApp ID derived from msg.ID and returns its
// "sent" receipt once the server acknowledged it. A repeated ID whose
// acknowledgement (or any receipt) is on record returns the original
// receipt and sends nothing, even after a restart; a concurrent send of the
// same ID waits for the first. Before a first message to a number the
// driver asks WhatsApp whether the number has an account.
func (d *Driver) Send(ctx context.Context, msg whatsapp.Message) (whatsapp.Receipt, error) {
	if msg.ID == "" {
		return whatsapp.Receipt{}, errors.New("send: the message has no ID")
	}
	if !whatsapp.ValidE164(msg.To) {
		return d.failed(msg.ID, "invalid phone number"), fmt.Errorf("send %s: %q: %w", msg.ID, msg.To, whatsapp.ErrInvalidNumber)
	}
	if msg.Text == "" && msg.MediaPath == "" {
		return whatsapp.Receipt{}, fmt.Errorf("send %s: the message is empty", msg.ID)
	}
	var busy chan struct{}
	for {
		d.mu.Lock()
		if d.closed {
			d.mu.Unlock()
			return whatsapp.Receipt{}, whatsapp.ErrClosed
		}
		var ok bool
		if busy, ok = d.inflight[msg.ID]; !ok {
			break
		}
		d.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, ctx.Err())
		}
	}
	done := make(chan struct{})
	d.inflight[msg.ID] = done
	c, s := d.cli, d.session
	connected := c != nil && d.status.State == whatsapp.StateConnected
	d.wg.Add(1)
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		delete(d.inflight, msg.ID)
		d.mu.Unlock()
		close(done)
		d.wg.Done()
	}()
	// Close cancels a send in progress.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(d.ctx, cancel)()

	if s != nil {
		r, found, err := s.lookup(ctx, msg.ID)
		if err != nil {
			return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, err)
		}
		if found && !r.SentAt.IsZero() {
			return whatsapp.Receipt{MessageID: msg.ID, Status: whatsapp.ReceiptSent, At: r.SentAt}, nil
		}
	}
	if !connected {
		return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrNotConnected)
	}
	on, err := d.onWhatsAppBeforeSend(ctx, c, msg.To)
	if err != nil {
		return whatsapp.Receipt{}, fmt.Errorf("send %s: check the number: %w", msg.ID, queryFailed(err))
	}
	if !on {
		return d.failed(msg.ID, "not on WhatsApp"), fmt.Errorf("send %s: %w", msg.ID, whatsapp.ErrNotOnWhatsApp)
	}
	content, err := d.build(ctx, c, msg)
	if err != nil {
		var unreadable *SendError
		if errors.As(err, &unreadable) {
			return d.failed(msg.ID, unreadable.Error()), err
		}
		return whatsapp.Receipt{}, err
	}
	waID := MessageID(msg.ID)
	if err := s.remember(ctx, msg.ID, waID, msg.To); err != nil {
		return whatsapp.Receipt{}, fmt.Errorf("send %s: %w", msg.ID, err)
	}
	resp, err := c.SendMessage(ctx, userJID(msg.To), content, wm.SendRequestExtra{ID: waID})
	if err != nil {
		err = sendFailed(msg.ID, err)
		d.log.Warn("whatsapp: send failed", "id", msg.ID, "err", err)
		var refused *SendError
		if errors.As(err, &refused) && !refused.InDoubt() {
			return d.failed(msg.ID, refused.Error()), err
		}
		return whatsapp.Receipt{}, err
	}
	at := resp.Timestamp
	if at.IsZero() {
		at = d.clock.Now()
	}
	if err := s.markSent(context.WithoutCancel(ctx), msg.ID, at); err != nil {
		// The message went; only the record of its time is missing, and a
		// receipt will fill it in.
		d.log.Error("whatsapp: recording a sent message failed", "id", msg.ID, "err", err)
	}
	sent := whatsapp.Receipt{MessageID: msg.ID, Status: whatsapp.ReceiptSent, At: at}
	d.events.Push(whatsapp.Event{Kind: whatsapp.EventReceipt, Receipt: sent})
	return sent, nil
}

func (d *Driver) failed(id, reason string) whatsapp.Receipt {
	return whatsapp.Receipt{MessageID: id, Status: whatsapp.ReceiptFailed, Reason: reason, At: d.clock.Now()}
}

// onWhatsAppBeforeSend asks, once per number while the driver runs,
// whether to has WhatsApp, as WhatsApp's own apps do before a new chat.
func (d *Driver) onWhatsAppBeforeSend(ctx context.Context, c Client, to string) (bool, error) {
	d.mu.Lock()
	on, known := d.onWhatsApp[to]
	d.mu.Unlock()
	if known {
		return on, nil
	}
	answers, err := c.IsOnWhatsApp(ctx, []string{to})
	if err != nil {
		return false, err
	}
	on = false
	for _, a := range answers {
		if answerFor(a) == to {
			on = a.IsIn
		}
	}
	d.mu.Lock()
	d.onWhatsApp[to] = on
	d.mu.Unlock()
	return on, nil
}

// build makes the WhatsApp message: text, or an attachment uploaded first
// with the text as its caption.
func (d *Driver) build(ctx context.Context, c Client, msg whatsapp.Message) (*waE2E.Message, error) {
	if msg.MediaPath == "" {
		return &waE2E.Message{Conversation: proto.String(msg.Text)}, nil
	}
	data, err := os.ReadFile(msg.MediaPath)
	if err != nil {
		return nil, &SendError{words: "Herald cannot read the attached file " + filepath.Base(msg.MediaPath), cause: err}
	}
	kind := mediaKind(msg.MediaType)
	up, err := c.Upload(ctx, data, kind)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("send %s: %w", msg.ID, err)
		}
		return nil, fmt.Errorf("send %s: uploading the attachment failed: %w: %w", msg.ID, whatsapp.ErrServer, err)
	}
	name := filepath.Base(msg.MediaPath)
	mimetype := mimeOf(name, data)
	caption := optional(msg.Text)
	now := proto.Int64(d.clock.Now().Unix())
	switch kind {
	case wm.MediaImage:
		return &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
			Caption: caption, Mimetype: proto.String(mimetype),
			URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
			FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
			MediaKeyTimestamp: now,
		}}, nil
	case wm.MediaVideo:
		return &waE2E.Message{VideoMessage: &waE2E.VideoMessage{
			Caption: caption, Mimetype: proto.String(mimetype),
			URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
			FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
			MediaKeyTimestamp: now,
		}}, nil
	}
	doc := &waE2E.DocumentMessage{
		Caption: caption, Mimetype: proto.String(mimetype), Title: proto.String(name), FileName: proto.String(name),
		URL: proto.String(up.URL), DirectPath: proto.String(up.DirectPath), MediaKey: up.MediaKey,
		FileEncSHA256: up.FileEncSHA256, FileSHA256: up.FileSHA256, FileLength: proto.Uint64(up.FileLength),
		MediaKeyTimestamp: now,
	}
	if caption == nil {
		return &waE2E.Message{DocumentMessage: doc}, nil
	}
	// WhatsApp's own apps wrap a document that has a caption.
	return &waE2E.Message{DocumentWithCaptionMessage: &waE2E.FutureProofMessage{
		Message: &waE2E.Message{DocumentMessage: doc},
	}}, nil
}

// mediaKind is how a template's media type is uploaded. Audio goes as a
// document: an audio message has no caption, and the template's text must
// reach the recipient with it.
func mediaKind(mediaType string) wm.MediaType {
	switch mediaType {
	case "image":
		return wm.MediaImage
	case "video":
		return wm.MediaVideo
	}
	return wm.MediaDocument
}

func mimeOf(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		if mt, _, err := mime.ParseMediaType(t); err == nil {
			return mt
		}
	}
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	return mt
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return proto.String(s)
}
