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

// TestEmailNoticesSurviveKillsAndArriveOnce finishes campaigns while the
// mail server is down, kills Herald with their notices waiting, starts it
// again (the server still down) and kills it again, then brings the server
// back: each campaign's notice arrives, once.
func TestEmailNoticesSurviveKillsAndArriveOnce(t *testing.T) {
	mail, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mail.Close()
	data := t.TempDir()
	h := startServer(t, data)
	h.Connect(t, map[string]any{
		"latencyMinMs": 1, "latencyMaxMs": 3, "failRate": 0, "notOnWhatsAppRate": 0,
		"replyRate": 0, "disconnectRate": 0, "rateLimitPerSec": 0, "autoScanSec": 0,
	})
	importContacts(t, h, 3)
	h.Must(t, "NoticeService", "Save", nil, map[string]any{
		"host": "127.0.0.1", "port": mail.Port, "security": "none", "from": "herald@shop.example",
		"to": []string{"owner@shop.example"}, "notices": map[string]any{"finished": true, "stopped": true}})
	var tmpl struct {
		ID int64 `json:"id"`
	}
	h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{"name": "Notice", "body": "Hi {{first_name}}."})

	mail.Down()
	const runs = 3
	ids := make([]int64, runs)
	for i := range runs {
		var c campaign
		h.Must(t, "CampaignService", "Create", &c, map[string]any{
			"name": fmt.Sprintf("Notice %d", i+1), "templateId": tmpl.ID, "audience": map[string]any{"all": true}})
		h.Must(t, "CampaignService", "Start", &c, c.ID)
		ids[i] = c.ID
	}
	waiting := func(s *serve.Server) (int64, error) {
		var st struct {
			Waiting int64 `json:"waiting"`
		}
		err := s.Call("NoticeService", "Status", &st)
		return st.Waiting, err
	}
	serve.WaitUntil(t, "every campaign's notice waits for the mail server", 60*time.Second, func() (bool, error) {
		n, err := waiting(h)
		return n == runs, err
	})
	h.Kill(t)

	// Started again with the server still down: the mails are tried at
	// once, fail, and wait again; a kill then loses none.
	h = startServer(t, data)
	serve.WaitUntil(t, "the notices wait again after the restart", 30*time.Second, func() (bool, error) {
		n, err := waiting(h)
		return n == runs, err
	})
	h.Kill(t)

	if err := mail.Up(); err != nil {
		t.Fatal(err)
	}
	h = startServer(t, data)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := mail.Wait(ctx, runs); err != nil {
		t.Fatal(err)
	}
	serve.WaitUntil(t, "no mail waits", 30*time.Second, func() (bool, error) {
		n, err := waiting(h)
		return n == 0, err
	})
	h.Stop(t)

	seen := map[string]int{}
	ids2 := map[string]bool{}
	for _, m := range mail.Mails() {
		seen[m.Subject]++
		ids2[m.MessageID] = true
		if strings.Join(m.To, ",") != "owner@shop.example" || !strings.Contains(m.Body, "Sent:                3") {
			t.Errorf("mail %q to %q:\n%s", m.Subject, m.To, m.Body)
		}
	}
	for i := range runs {
		subject := fmt.Sprintf("Herald: campaign “Notice %d” finished", i+1)
		if seen[subject] != 1 {
			t.Errorf("%q arrived %d times, want once (all: %v)", subject, seen[subject], seen)
		}
	}
	if len(mail.Mails()) != runs || len(ids2) != runs {
		t.Errorf("%d mails with %d Message-IDs, want %d", len(mail.Mails()), len(ids2), runs)
	}
}
