package simulator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
)

func journalIDs(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := ReadJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.ID)
	}
	return ids
}

func TestSend_SameIDTwiceIsJournaledOnceAlsoAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	clock := fakeclock.New(t0)
	h := openHarness(t, dir, quiet(), clock)
	h.connect()
	ctx := context.Background()
	first, err := h.sim.Send(ctx, msg("m1", "+4915100000001"))
	if err != nil || first.Status != whatsapp.ReceiptSent {
		t.Fatalf("first Send = %+v, %v", first, err)
	}
	clock.Advance(time.Second)
	again, err := h.sim.Send(ctx, msg("m1", "+4915100000001"))
	if err != nil || again != first {
		t.Fatalf("repeated Send = %+v, %v; want the original receipt %+v", again, err, first)
	}
	if got := journalIDs(t, dir); !slices.Equal(got, []string{"m1"}) {
		t.Fatalf("journal IDs = %v, want [m1]", got)
	}
	h.close()

	h2 := openHarness(t, dir, quiet(), clock)
	// Even disconnected, a known ID answers from the journal: this is how
	// the dispatcher reconciles a "sending" row after a crash.
	r, err := h2.sim.Send(ctx, msg("m1", "+4915100000001"))
	if err != nil || r.Status != whatsapp.ReceiptSent || !r.At.Equal(first.At) {
		t.Fatalf("Send after restart = %+v, %v; want the original receipt", r, err)
	}
	h2.connect()
	if _, err := h2.sim.Send(ctx, msg("m2", "+4915100000002")); err != nil {
		t.Fatal(err)
	}
	if got := journalIDs(t, dir); !slices.Equal(got, []string{"m1", "m2"}) {
		t.Fatalf("journal IDs = %v, want [m1 m2]", got)
	}
}

func TestSend_ConcurrentSameIDIsSentOnce(t *testing.T) {
	cfg := quiet()
	cfg.LatencyMinMs, cfg.LatencyMaxMs = 500, 500
	h := newHarness(t, cfg)
	h.connect()
	results := make(chan whatsapp.Receipt, 2)
	for range 2 {
		go func() {
			r, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001"))
			if err != nil {
				t.Errorf("Send: %v", err)
			}
			results <- r
		}()
	}
	if err := h.clock.WaitPending(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(500 * time.Millisecond)
	a, b := <-results, <-results
	if a != b || len(journalIDs(t, h.dir)) != 1 {
		t.Fatalf("receipts %+v / %+v, journal %v; want one message", a, b, journalIDs(t, h.dir))
	}
}

func TestSend_WhenNotConnectedFailsTransiently(t *testing.T) {
	h := newHarness(t, quiet())
	_, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001"))
	if !errors.Is(err, whatsapp.ErrNotConnected) || !whatsapp.Temporary(err) {
		t.Fatalf("Send disconnected = %v, want a temporary ErrNotConnected", err)
	}
}

func TestSend_DropWhileSendingLosesTheMessageAndReconnects(t *testing.T) {
	cfg := quiet()
	cfg.LatencyMinMs, cfg.LatencyMaxMs = 1000, 1000
	h := newHarness(t, cfg)
	h.connect()
	errc := make(chan error, 1)
	go func() {
		_, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001"))
		errc <- err
	}()
	if err := h.clock.WaitPending(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	h.sim.SimulateDrop()
	if err := <-errc; !errors.Is(err, whatsapp.ErrNotConnected) || !whatsapp.Temporary(err) {
		t.Fatalf("Send during drop = %v, want a temporary ErrNotConnected", err)
	}
	if got := journalIDs(t, h.dir); len(got) != 0 {
		t.Fatalf("journal = %v, want nothing: the message never reached the server", got)
	}
	h.wantState(whatsapp.StateConnecting)
	h.clock.Advance(backoffFirst)
	h.wantState(whatsapp.StateConnected)
}

func TestNotOnWhatsApp_IsDeterministicPerNumberAndSeed(t *testing.T) {
	cfg := quiet()
	cfg.NotOnWhatsAppRate = 0.3
	a, b := newHarness(t, cfg), newHarness(t, cfg)
	cfg.Seed++
	c := newHarness(t, cfg)
	var phones []string
	for i := range 1000 {
		phones = append(phones, fmt.Sprintf("+49151%08d", i))
	}
	check := func(h *harness) []whatsapp.NumberCheck {
		h.connect()
		res, err := h.sim.IsOnWhatsApp(context.Background(), phones)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ra, rb, rc := check(a), check(b), check(c)
	if !slices.Equal(ra, rb) {
		t.Fatal("same seed gave different answers")
	}
	if slices.Equal(ra, rc) {
		t.Fatal("a different seed gave the same answers")
	}
	off := 0
	for _, r := range ra {
		if !r.OnWhatsApp {
			off++
		}
	}
	if off < 250 || off > 350 {
		t.Fatalf("%d of 1000 numbers not on WhatsApp, want about 300", off)
	}
	var missing string
	for _, r := range ra {
		if !r.OnWhatsApp {
			missing = r.Phone
			break
		}
	}
	_, err := a.sim.Send(context.Background(), msg("x", missing))
	if !errors.Is(err, whatsapp.ErrNotOnWhatsApp) || whatsapp.Temporary(err) {
		t.Fatalf("Send to %s = %v, want a permanent ErrNotOnWhatsApp", missing, err)
	}
}

func TestSend_RateLimitRejectsBurstsAndRecovers(t *testing.T) {
	cfg := quiet()
	cfg.RateLimitPerSec = 2
	h := newHarness(t, cfg)
	h.connect()
	send := func(id string) error {
		_, err := h.sim.Send(context.Background(), msg(id, "+4915100000001"))
		return err
	}
	if err := send("a"); err != nil {
		t.Fatal(err)
	}
	if err := send("b"); err != nil {
		t.Fatal(err)
	}
	if err := send("c"); !errors.Is(err, whatsapp.ErrRateLimited) || !whatsapp.Temporary(err) {
		t.Fatalf("third send in a burst = %v, want a temporary ErrRateLimited", err)
	}
	h.clock.Advance(500 * time.Millisecond)
	if err := send("c"); err != nil {
		t.Fatalf("send after the bucket refilled: %v", err)
	}
}

func TestSend_RandomFailureIsTransientAndNotJournaled(t *testing.T) {
	cfg := quiet()
	cfg.FailRate = 1
	h := newHarness(t, cfg)
	h.connect()
	r, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001"))
	if !errors.Is(err, whatsapp.ErrServer) || !whatsapp.Temporary(err) || r.Status != whatsapp.ReceiptFailed || r.Reason == "" {
		t.Fatalf("Send = %+v, %v; want a failed receipt and a temporary ErrServer", r, err)
	}
	if got := journalIDs(t, h.dir); len(got) != 0 {
		t.Fatalf("journal = %v, want nothing", got)
	}
}

func TestReceipts_ComeInOrderSentDeliveredReadThenReply(t *testing.T) {
	cfg := quiet()
	cfg.ReplyRate = 1
	cfg.Seed = 3 // a seed whose message gets read (readShare)
	h := newHarness(t, cfg)
	h.connect()
	if _, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(deliverMax + readMax + replyMax)
	evs := h.waitEvents("a reply", func(evs []whatsapp.Event) bool {
		return slices.ContainsFunc(evs, func(e whatsapp.Event) bool { return e.Kind == whatsapp.EventIncoming })
	})
	var got []string
	for _, e := range evs {
		switch e.Kind {
		case whatsapp.EventReceipt:
			got = append(got, string(e.Receipt.Status))
		case whatsapp.EventIncoming:
			if e.Incoming.InReplyTo != "m1" || e.Incoming.From != "+4915100000001" {
				t.Fatalf("reply %+v, want one to m1 from the recipient", e.Incoming)
			}
			got = append(got, "reply")
		}
	}
	if want := []string{"sent", "delivered", "read", "reply"}; !slices.Equal(got, want) {
		t.Fatalf("receipts %v, want %v", got, want)
	}
}

func TestReceipts_DueWhileDisconnectedArriveOnReconnect(t *testing.T) {
	h := newHarness(t, quiet())
	h.connect()
	if _, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	if err := h.sim.Disconnect(); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(deliverMax)
	h.connect()
	evs := h.waitEvents("delivered", func(evs []whatsapp.Event) bool {
		return slices.ContainsFunc(evs, isDelivered)
	})
	delivered := slices.IndexFunc(evs, isDelivered)
	disconnected := slices.IndexFunc(evs, func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventState && e.Status.State == whatsapp.StateDisconnected
	})
	reconnected := disconnected + 1 + slices.IndexFunc(evs[disconnected+1:], func(e whatsapp.Event) bool {
		return e.Kind == whatsapp.EventState && e.Status.State == whatsapp.StateConnected
	})
	if disconnected < 0 || reconnected <= disconnected || delivered < reconnected {
		t.Fatalf("delivered at %d, disconnected at %d, reconnected at %d: want delivered after reconnecting", delivered, disconnected, reconnected)
	}
}

func isDelivered(e whatsapp.Event) bool {
	return e.Kind == whatsapp.EventReceipt && e.Receipt.Status == whatsapp.ReceiptDelivered
}

// With CannotTell the simulator answers as the linked phone: Taken cannot
// say, a repeated ID is still one message while it runs, but an ID taken
// before a restart is a new message (sent twice: what Herald must avoid).
func TestSend_CannotTellForgetsIDsAcrossARestartAndTakenCannotSay(t *testing.T) {
	dir := t.TempDir()
	clock := fakeclock.New(t0)
	cfg := quiet()
	cfg.CannotTell = true
	h := openHarness(t, dir, cfg, clock)
	h.connect()
	ctx := context.Background()
	if _, err := h.sim.Send(ctx, msg("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	if _, err := h.sim.Send(ctx, msg("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.sim.Taken(ctx, "m1"); !errors.Is(err, whatsapp.ErrCannotTell) {
		t.Fatalf("Taken = %v, want ErrCannotTell", err)
	}
	if got := journalIDs(t, dir); !slices.Equal(got, []string{"m1"}) {
		t.Fatalf("journal IDs = %v, want [m1] before the restart", got)
	}
	h.close()

	h2 := openHarness(t, dir, cfg, clock)
	h2.connect()
	if _, err := h2.sim.Send(ctx, msg("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	if got := journalIDs(t, dir); !slices.Equal(got, []string{"m1", "m1"}) {
		t.Fatalf("journal IDs = %v, want m1 twice: the restart forgot it", got)
	}
}

// The server outlives Herald: a delivered receipt that fell due while the
// simulator was closed (or killed) comes on the next connection, once.
func TestReceipts_OwedBeforeARestartComeOnTheNextConnectionOnce(t *testing.T) {
	dir := t.TempDir()
	clock := fakeclock.New(t0)
	h := openHarness(t, dir, quiet(), clock)
	h.connect()
	ctx := context.Background()
	for _, id := range []string{"m1", "m2"} {
		if _, err := h.sim.Send(ctx, msg(id, "+4915100000001")); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(deliverMax)
	h.waitEvents("m1 and m2 delivered", func(evs []whatsapp.Event) bool { return countDelivered(evs) == 2 })
	if _, err := h.sim.Send(ctx, msg("m3", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	h.close() // before m3's receipt

	h2 := openHarness(t, dir, quiet(), clock)
	h2.connect()
	evs := h2.waitEvents("m3 delivered", func(evs []whatsapp.Event) bool { return countDelivered(evs) == 1 })
	if i := slices.IndexFunc(evs, isDelivered); evs[i].Receipt.MessageID != "m3" {
		t.Fatalf("owed receipt for %s, want m3 alone", evs[i].Receipt.MessageID)
	}
	h2.close()

	h3 := openHarness(t, dir, quiet(), clock)
	h3.connect()
	if _, err := h3.sim.Send(ctx, msg("m4", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	clock.Advance(deliverMax)
	evs = h3.waitEvents("m4 delivered", func(evs []whatsapp.Event) bool { return countDelivered(evs) >= 1 })
	if n := countDelivered(evs); n != 1 || evs[slices.IndexFunc(evs, isDelivered)].Receipt.MessageID != "m4" {
		t.Fatalf("%d delivered receipts after the second restart, want m4's alone: %+v", n, evs)
	}
}

// A journal from before the record of handed-over receipts existed owes
// nothing: an upgrade does not replay a receipt for every old message.
func TestReceipts_AJournalFromBeforeTheRecordOwesNothing(t *testing.T) {
	dir := t.TempDir()
	clock := fakeclock.New(t0)
	h := openHarness(t, dir, quiet(), clock)
	h.connect()
	if _, err := h.sim.Send(context.Background(), msg("m1", "+4915100000001")); err != nil {
		t.Fatal(err)
	}
	h.close()
	if err := os.Remove(filepath.Join(dir, DeliveredFile)); err != nil {
		t.Fatal(err)
	}
	h2 := openHarness(t, dir, quiet(), clock)
	h2.connect()
	clock.Advance(deliverMax)
	if _, err := h2.sim.Send(context.Background(), msg("m2", "+4915100000002")); err != nil {
		t.Fatal(err)
	}
	clock.Advance(deliverMax)
	evs := h2.waitEvents("m2 delivered", func(evs []whatsapp.Event) bool { return countDelivered(evs) >= 1 })
	if n := countDelivered(evs); n != 1 || evs[slices.IndexFunc(evs, isDelivered)].Receipt.MessageID != "m2" {
		t.Fatalf("delivered receipts %+v, want m2's alone", evs)
	}
}

func countDelivered(evs []whatsapp.Event) int {
	n := 0
	for _, e := range evs {
		if isDelivered(e) {
			n++
		}
	}
	return n
}
