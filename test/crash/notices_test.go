//go:build e2e

package crash

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"herald/backend/notify/smtptest"
	"herald/test/serve"
)

// noticeRig is a herald serve whose email notices go to a mail server of
// the test's, with contacts and a template to send campaigns with.
type noticeRig struct {
	mail     *smtptest.Server
	data     string
	h        *serve.Server
	template int64
}

func newNoticeRig(t *testing.T) *noticeRig {
	t.Helper()
	mail, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mail.Close)
	r := &noticeRig{mail: mail, data: t.TempDir()}
	r.h = startServer(t, r.data)
	r.h.Connect(t, map[string]any{
		"latencyMinMs": 1, "latencyMaxMs": 3, "failRate": 0, "notOnWhatsAppRate": 0,
		"replyRate": 0, "disconnectRate": 0, "rateLimitPerSec": 0, "autoScanSec": 0,
	})
	importContacts(t, r.h, 3)
	r.h.Must(t, "NoticeService", "Save", nil, map[string]any{
		"host": "127.0.0.1", "port": mail.Port, "security": "none", "from": "herald@shop.example",
		"to": []string{"owner@shop.example"}, "notices": map[string]any{"finished": true, "stopped": true}})
	var tmpl struct {
		ID int64 `json:"id"`
	}
	r.h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{"name": "Notice", "body": "Hi {{first_name}}."})
	r.template = tmpl.ID
	return r
}

// send starts a campaign to everyone.
func (r *noticeRig) send(t *testing.T, name string) {
	t.Helper()
	var c campaign
	r.h.Must(t, "CampaignService", "Create", &c, map[string]any{
		"name": name, "templateId": r.template, "audience": map[string]any{"all": true}})
	r.h.Must(t, "CampaignService", "Start", &c, c.ID)
}

// waitWaiting waits until n mails wait to go.
func (r *noticeRig) waitWaiting(t *testing.T, what string, n int64) {
	t.Helper()
	serve.WaitUntil(t, what, 60*time.Second, func() (bool, error) {
		var st struct {
			Waiting int64 `json:"waiting"`
		}
		err := r.h.Call("NoticeService", "Status", &st)
		return st.Waiting == n, err
	})
}

// deliveredOnce waits for the notices of the campaigns named, then checks
// that each arrived once, to the recipient, with its figures.
func (r *noticeRig) deliveredOnce(t *testing.T, names ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := r.mail.Wait(ctx, len(names)); err != nil {
		t.Fatal(err)
	}
	r.waitWaiting(t, "no mail waits", 0)
	r.h.Stop(t)
	seen := map[string]int{}
	ids := map[string]bool{}
	for _, m := range r.mail.Mails() {
		seen[m.Subject]++
		ids[m.MessageID] = true
		if strings.Join(m.To, ",") != "owner@shop.example" || !strings.Contains(m.Body, "Sent:                3") {
			t.Errorf("mail %q to %q:\n%s", m.Subject, m.To, m.Body)
		}
	}
	for _, name := range names {
		subject := fmt.Sprintf("Herald: campaign “%s” finished", name)
		if seen[subject] != 1 {
			t.Errorf("%q arrived %d times, want once (all: %v)", subject, seen[subject], seen)
		}
	}
	if got := len(r.mail.Mails()); got != len(names) || len(ids) != len(names) {
		t.Errorf("%d mails with %d Message-IDs, want %d", got, len(ids), len(names))
	}
}

// TestEmailNoticesSurviveKillsAndArriveOnce finishes campaigns while the
// mail server is down, kills Herald with their notices waiting, starts it
// again (the server still down) and kills it again, then brings the server
// back: each campaign's notice arrives, once.
func TestEmailNoticesSurviveKillsAndArriveOnce(t *testing.T) {
	r := newNoticeRig(t)
	r.mail.Down()
	names := []string{"Notice 1", "Notice 2", "Notice 3"}
	for _, name := range names {
		r.send(t, name)
	}
	r.waitWaiting(t, "every campaign's notice waits for the mail server", int64(len(names)))
	r.h.Kill(t)

	// Started again with the server still down: the mails are tried at
	// once, fail, and wait again; a kill then loses none.
	r.h = startServer(t, r.data)
	r.waitWaiting(t, "the notices wait again after the restart", int64(len(names)))
	r.h.Kill(t)

	if err := r.mail.Up(); err != nil {
		t.Fatal(err)
	}
	r.h = startServer(t, r.data)
	r.deliveredOnce(t, names...)
}

// TestEmailNoticeCutOffMidSendingArrivesOnce kills Herald while the mail
// server has a notice's text but has not answered: a server that then
// fails without taking it gets it again after the restart, once.
func TestEmailNoticeCutOffMidSendingArrivesOnce(t *testing.T) {
	r := newNoticeRig(t)
	r.mail.Hold()
	r.send(t, "Cut off")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := r.mail.WaitHeld(ctx, 1); err != nil {
		t.Fatal(err)
	}
	r.h.Kill(t)
	r.mail.Release(false)
	r.h = startServer(t, r.data)
	r.deliveredOnce(t, "Cut off")
}
