package whatsmeow_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	wm "go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"herald/backend/whatsapp"
	"herald/backend/whatsapp/whatsmeow"
	"herald/backend/whatsapp/whatsmeow/fakeclient"
)

func TestMessageID_IsWhatsAppShapedAndTheSameForTheSameHeraldID(t *testing.T) {
	id := whatsmeow.MessageID("c12-r345")
	if !regexp.MustCompile(`^3EB0[0-9A-F]{18}$`).MatchString(id) {
		t.Fatalf("MessageID = %q, want 3EB0 and 18 upper-case hex digits", id)
	}
	if whatsmeow.MessageID("c12-r345") != id || whatsmeow.MessageID("c12-r346") == id {
		t.Fatal("MessageID is not a function of Herald's ID alone")
	}
}

func TestSend_GoesWithTheDerivedIDAndARetryReusesIt(t *testing.T) {
	r := newRig(t)
	r.link()
	ctx := context.Background()
	r.srv.FailSend(fakeclient.ServerError(500))
	_, err := r.d.Send(ctx, text("m1", "+4915100000001"))
	if !errors.Is(err, whatsapp.ErrServer) || !whatsapp.Temporary(err) {
		t.Fatalf("Send when the server fails = %v, want a temporary ErrServer", err)
	}
	r.clock.Advance(time.Minute)
	got, err := r.d.Send(ctx, text("m1", "+4915100000001"))
	if err != nil || got.Status != whatsapp.ReceiptSent || !got.At.Equal(t0.Add(time.Minute)) {
		t.Fatalf("retry = %+v, %v", got, err)
	}
	sent := r.srv.Sent()
	if len(sent) != 1 || sent[0].ID != whatsmeow.MessageID("m1") || sent[0].To != types.NewJID("4915100000001", types.DefaultUserServer) ||
		sent[0].Message.GetConversation() != "Hello m1" {
		t.Fatalf("server took %+v, want m1's text once, with its derived ID", sent)
	}
}

func TestSend_ARepeatAfterARestartIsAnsweredFromWhatsappDB(t *testing.T) {
	r := newRig(t)
	r.link()
	first, err := r.d.Send(context.Background(), text("m1", "+4915100000001"))
	if err != nil {
		t.Fatal(err)
	}
	r = r.restart()
	// Even before connecting: the record is enough.
	again, err := r.d.Send(context.Background(), text("m1", "+4915100000001"))
	if err != nil || again != first {
		t.Fatalf("Send after restart = %+v, %v; want the original %+v", again, err, first)
	}
	if n := r.srv.SentCount(whatsmeow.MessageID("m1")); n != 1 {
		t.Fatalf("the server took m1 %d times", n)
	}
}

func TestSend_EveryErrorWhatsAppGives(t *testing.T) {
	for _, c := range []struct {
		name      string
		err       error
		is        error // whatsapp sentinel, or nil
		temporary bool
		inDoubt   bool
		words     string // the error's words, for a refusal
	}{
		{"first message refused (463)", fakeclient.ServerError(463), nil, false, false, "WhatsApp refused a first message to this contact"},
		{"rate limited (429)", fakeclient.ServerError(429), whatsapp.ErrRateLimited, true, false, ""},
		{"rate-overlimit on the device lookup", wm.ErrIQRateOverLimit, whatsapp.ErrRateLimited, true, false, ""},
		{"server error (500)", fakeclient.ServerError(500), whatsapp.ErrServer, true, false, ""},
		{"other refusal (479)", fakeclient.ServerError(479), nil, false, false, "WhatsApp refused the message (code 479)"},
		{"lookup timed out before sending", wm.ErrIQTimedOut, whatsapp.ErrServer, true, false, ""},
		{"not connected", wm.ErrNotConnected, whatsapp.ErrNotConnected, true, false, ""},
		{"dropped before the lookup answered", wm.ErrIQDisconnected, whatsapp.ErrNotConnected, true, false, ""},
		{"no answer in time", wm.ErrMessageTimedOut, nil, false, true, "WhatsApp did not confirm the message in time: it may have been sent"},
		{"dropped while waiting for the answer", &wm.DisconnectedError{Action: "message send"}, nil, false, true, "The connection dropped before WhatsApp confirmed the message: it may have been sent"},
		{"deadline passed", context.DeadlineExceeded, nil, false, true, "WhatsApp did not confirm the message in time: it may have been sent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t)
			r.link()
			r.srv.FailSend(c.err)
			rec, err := r.d.Send(context.Background(), text("m1", "+4915100000001"))
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Fatalf("err = %v, want %v", err, c.is)
			}
			if whatsapp.Temporary(err) != c.temporary {
				t.Fatalf("Temporary(%v) = %v, want %v", err, whatsapp.Temporary(err), c.temporary)
			}
			var doubt interface{ InDoubt() bool }
			if got := errors.As(err, &doubt) && doubt.InDoubt(); got != c.inDoubt {
				t.Fatalf("in doubt = %v for %v, want %v", got, err, c.inDoubt)
			}
			if c.words != "" && err.Error() != c.words {
				t.Fatalf("err = %q, want the plain words %q", err, c.words)
			}
			if !errors.Is(err, c.err) {
				t.Fatalf("err %v lost whatsmeow's cause %v", err, c.err)
			}
			if refusal := c.words != "" && !c.inDoubt; refusal != (rec.Status == whatsapp.ReceiptFailed) || (refusal && rec.Reason != c.words) {
				t.Fatalf("receipt %+v for %s", rec, c.name)
			}
		})
	}
}

func TestSend_InDoubtIsNotSentAgainOnceAReceiptProvesItWent(t *testing.T) {
	r := newRig(t)
	r.link()
	ctx := context.Background()
	r.srv.LoseNextAck()
	_, err := r.d.Send(ctx, text("m1", "+4915100000001"))
	var doubt *whatsmeow.SendError
	if !errors.As(err, &doubt) || !doubt.InDoubt() {
		t.Fatalf("Send whose answer was lost = %v, want an error in doubt", err)
	}
	r.clock.Advance(time.Second)
	r.srv.Deliver(whatsmeow.MessageID("m1"))
	r.WaitReceipt(t, "m1", whatsapp.ReceiptDelivered)
	got, err := r.d.Send(ctx, text("m1", "+4915100000001"))
	if err != nil || got.Status != whatsapp.ReceiptSent || !got.At.Equal(t0.Add(time.Second)) {
		t.Fatalf("Send after the receipt = %+v, %v; want the sent receipt the delivery proved", got, err)
	}
	if n := r.srv.SentCount(whatsmeow.MessageID("m1")); n != 1 {
		t.Fatalf("the server took m1 %d times, want once", n)
	}
}

func TestSend_ANumberNotOnWhatsAppIsAskedOnceAndNeverSentTo(t *testing.T) {
	r := newRig(t)
	r.link()
	r.srv.NotOnWhatsApp("+4915100000009")
	ctx := context.Background()
	for _, id := range []string{"m1", "m2"} {
		rec, err := r.d.Send(ctx, text(id, "+4915100000009"))
		if !errors.Is(err, whatsapp.ErrNotOnWhatsApp) || rec.Status != whatsapp.ReceiptFailed {
			t.Fatalf("Send %s = %+v, %v; want a failed receipt and ErrNotOnWhatsApp", id, rec, err)
		}
	}
	if len(r.srv.Sent()) != 0 || len(r.srv.Checks()) != 1 {
		t.Fatalf("sent %d, checks %v; want nothing sent and one check", len(r.srv.Sent()), r.srv.Checks())
	}
	r.srv.FailCheck(wm.ErrIQRateOverLimit)
	if _, err := r.d.Send(ctx, text("m3", "+4915100000010")); !errors.Is(err, whatsapp.ErrRateLimited) {
		t.Fatalf("Send when the check is rate limited = %v, want ErrRateLimited", err)
	}
}

func TestSend_MediaIsUploadedThenSentWithTheTextAsCaption(t *testing.T) {
	dir := t.TempDir()
	photo := filepath.Join(dir, "offer.png")
	pdf := filepath.Join(dir, "menu.pdf")
	for _, f := range []string{photo, pdf} {
		if err := os.WriteFile(f, []byte("\x89PNG\r\n\x1a\n fake bytes"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := newRig(t)
	r.link()
	ctx := context.Background()
	if _, err := r.d.Send(ctx, whatsapp.Message{ID: "img", To: "+4915100000001", Text: "Our offer", MediaPath: photo, MediaType: "image"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.d.Send(ctx, whatsapp.Message{ID: "doc", To: "+4915100000001", Text: "The menu", MediaPath: pdf, MediaType: "document"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.d.Send(ctx, whatsapp.Message{ID: "bare", To: "+4915100000001", MediaPath: pdf, MediaType: "document"}); err != nil {
		t.Fatal(err)
	}
	sent := r.srv.Sent()
	img := sent[0].Message.GetImageMessage()
	if img.GetCaption() != "Our offer" || img.GetMimetype() != "image/png" || img.GetDirectPath() == "" || len(img.GetMediaKey()) == 0 || img.GetFileLength() == 0 {
		t.Fatalf("image message %+v", img)
	}
	doc := sent[1].Message.GetDocumentWithCaptionMessage().GetMessage().GetDocumentMessage()
	if doc.GetCaption() != "The menu" || doc.GetFileName() != "menu.pdf" || doc.GetMimetype() != "application/pdf" {
		t.Fatalf("document with caption %+v", sent[1].Message)
	}
	if bare := sent[2].Message.GetDocumentMessage(); bare.GetFileName() != "menu.pdf" || bare.Caption != nil {
		t.Fatalf("document without caption %+v", sent[2].Message)
	}
	if r.srv.Uploads() != 3 {
		t.Fatalf("%d uploads, want one per message", r.srv.Uploads())
	}

	r.srv.FailUpload(errors.New("media upload failed"))
	if _, err := r.d.Send(ctx, whatsapp.Message{ID: "img2", To: "+4915100000001", MediaPath: photo, MediaType: "image"}); !whatsapp.Temporary(err) {
		t.Fatalf("Send when the upload fails = %v, want a temporary error", err)
	}
	rec, err := r.d.Send(ctx, whatsapp.Message{ID: "gone", To: "+4915100000001", MediaPath: filepath.Join(dir, "gone.png"), MediaType: "image"})
	if err == nil || whatsapp.Temporary(err) || rec.Status != whatsapp.ReceiptFailed || err.Error() != "Herald cannot read the attached file gone.png" {
		t.Fatalf("Send of a missing file = %+v, %v; want a permanent failure that says so", rec, err)
	}
}

func TestReceipts_EveryTypeMapsBackToHeraldsIDOnce(t *testing.T) {
	r := newRig(t)
	r.link()
	ctx := context.Background()
	for _, id := range []string{"m1", "m2", "m3"} {
		if _, err := r.d.Send(ctx, text(id, "+4915100000001")); err != nil {
			t.Fatal(err)
		}
	}
	w := whatsmeow.MessageID
	r.srv.Deliver(w("m1"))
	r.srv.Deliver(w("m1")) // a second device of the recipient
	r.srv.Receipt(types.ReceiptTypeReadSelf, w("m1"))
	r.srv.Receipt(types.ReceiptTypeSender, w("m1"))
	r.srv.Receipt(types.ReceiptTypeRetry, w("m1"))
	r.srv.Receipt(types.ReceiptTypeDelivered, "3EB0NOTOURS", w("m2")) // several IDs at once
	r.srv.Read(w("m1"))
	r.srv.Receipt(types.ReceiptTypePlayed, w("m3")) // read implies delivered
	r.WaitReceipt(t, "m3", whatsapp.ReceiptRead)
	want := map[string][]whatsapp.ReceiptStatus{
		"m1": {whatsapp.ReceiptSent, whatsapp.ReceiptDelivered, whatsapp.ReceiptRead},
		"m2": {whatsapp.ReceiptSent, whatsapp.ReceiptDelivered},
		"m3": {whatsapp.ReceiptSent, whatsapp.ReceiptDelivered, whatsapp.ReceiptRead},
	}
	for id, w := range want {
		if got := r.receipts(id); !slices.Equal(got, w) {
			t.Fatalf("receipts for %s = %v, want %v", id, got, w)
		}
	}
	for _, e := range r.Events() {
		if e.Kind == whatsapp.EventReceipt && e.Receipt.MessageID == "" {
			t.Fatalf("a receipt for a message Herald did not send: %+v", e)
		}
	}
	// The receipts were recorded: after a restart a repeat is answered,
	// and a late duplicate is still not news.
	r = r.restart()
	if err := r.d.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateConnected)
	r.srv.Deliver(w("m2"))
	r.srv.Deliver(w("m3"))
	r.srv.Read(w("m2"))
	r.WaitReceipt(t, "m2", whatsapp.ReceiptRead)
	if got := r.receipts("m2"); !slices.Equal(got, []whatsapp.ReceiptStatus{whatsapp.ReceiptRead}) {
		t.Fatalf("after restart, receipts for m2 = %v, want only the new read", got)
	}
	if got := r.receipts("m3"); len(got) != 0 {
		t.Fatalf("after restart, a duplicate delivered for m3 came through: %v", got)
	}
}

func TestReplies_MapQuotesAndLIDSendersBack(t *testing.T) {
	r := newRig(t)
	r.link()
	if _, err := r.d.Send(context.Background(), text("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	w := whatsmeow.MessageID("m1")
	r.srv.MapLID("987654321", "+4915100000003")

	r.srv.Reply("+4915100000001", "Yes please", w)
	r.srv.Reply("+4915100000001", "STOP", "")
	r.srv.Reply("+4915100000001", "About your other message", "3EB0SOMETHINGELSE")
	r.srv.ReplyFromLID("123456789", "+4915100000002", "From a hidden address", w)
	r.srv.ReplyFromLID("987654321", "", "Known from the LID map", "")
	r.srv.ReplyFromLID("555555555", "", "Nobody knows me", "")

	for i, want := range []whatsapp.Incoming{
		{From: "+4915100000001", Text: "Yes please", InReplyTo: "m1"},
		{From: "+4915100000001", Text: "STOP"},
		{From: "+4915100000001", Text: "About your other message"},
		{From: "+4915100000002", Text: "From a hidden address", InReplyTo: "m1"},
		{From: "+4915100000003", Text: "Known from the LID map"},
		{From: "", Text: "Nobody knows me"},
	} {
		got := r.incoming(i + 1)
		if got.From != want.From || got.Text != want.Text || got.InReplyTo != want.InReplyTo || got.ID == "" || !got.At.Equal(t0) {
			t.Fatalf("incoming %d = %+v, want %+v", i+1, got, want)
		}
	}
}

func TestReplies_OnlyContactsMessagesWithSomethingToShowCount(t *testing.T) {
	r := newRig(t)
	r.link()
	w := whatsmeow.MessageID("m1")
	if _, err := r.d.Send(context.Background(), text("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	pn := types.NewJID("4915100000001", types.DefaultUserServer)
	group := types.NewJID("120363000000000000", types.GroupServer)
	for _, evt := range ignoredMessages(pn, group) {
		r.srv.Message(evt)
	}
	for _, evt := range shownMessages(pn, w) {
		r.srv.Message(evt)
	}
	for i, want := range []whatsapp.Incoming{
		{Text: "Look", InReplyTo: "m1"},
		{Text: "[photo]"},
		{Text: "[document: invoice.pdf]"},
		{Text: "[voice message]", InReplyTo: "m1"},
		{Text: "👍", InReplyTo: "m1"},
	} {
		got := r.incoming(i + 1)
		if got.From != "+4915100000001" || got.Text != want.Text || got.InReplyTo != want.InReplyTo {
			t.Fatalf("incoming %d = %+v, want %+v", i+1, got, want)
		}
	}
	n := 0
	for _, e := range r.Events() {
		if e.Kind == whatsapp.EventIncoming {
			n++
		}
	}
	if n != 5 {
		t.Fatalf("%d incoming events, want only the 5 shown ones", n)
	}
}

func TestNumbers_CheckedInBatchesWithAPauseOnTheClock(t *testing.T) {
	r := newRig(t)
	r.link()
	r.srv.NotOnWhatsApp("+4915100000007")
	phones := []string{"not a number"}
	for i := range 120 {
		phones = append(phones, fmt.Sprintf("+49151%08d", i))
	}
	type result struct {
		got []whatsapp.NumberCheck
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := r.d.IsOnWhatsApp(context.Background(), phones)
		done <- result{got, err}
	}()
	for batch := 1; batch <= 2; batch++ {
		if err := r.clock.WaitPending(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		if n := len(r.srv.Checks()); n != batch {
			t.Fatalf("%d batches asked before pause %d, want %d", n, batch, batch)
		}
		r.clock.Advance(3 * time.Second)
	}
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	checks := r.srv.Checks()
	if len(checks) != 3 || len(checks[0]) != 50 || len(checks[2]) != 20 || slices.Contains(checks[0], "not a number") {
		t.Fatalf("batches %d of sizes %d…%d, want 50, 50, 20 valid numbers", len(checks), len(checks[0]), len(checks[len(checks)-1]))
	}
	if len(res.got) != len(phones) || res.got[0] != (whatsapp.NumberCheck{Phone: "not a number"}) {
		t.Fatalf("answers %d, first %+v", len(res.got), res.got[0])
	}
	for i, c := range res.got[1:] {
		if c.Phone != phones[i+1] || c.OnWhatsApp != (c.Phone != "+4915100000007") {
			t.Fatalf("answer %+v", c)
		}
	}
	// Those answers spare the check before a send.
	if _, err := r.d.Send(context.Background(), text("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	if len(r.srv.Checks()) != 3 {
		t.Fatal("Send asked again about a number just checked")
	}
	r.srv.FailCheck(wm.ErrIQRateOverLimit)
	if _, err := r.d.IsOnWhatsApp(context.Background(), phones[1:2]); !errors.Is(err, whatsapp.ErrRateLimited) {
		t.Fatalf("IsOnWhatsApp when rate limited = %v, want ErrRateLimited", err)
	}
}
