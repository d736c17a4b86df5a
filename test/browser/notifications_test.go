//go:build e2e

package browser

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"herald/backend/notify/smtptest"
)

func TestSettings_TheSMTPFormSendsATestEmailAndSaysPlainlyWhatIsWrong(t *testing.T) {
	server := startMailServer(t)
	h := startHerald(t)
	ctx := openApp(t, h, "settings")
	waitFor(t, ctx, "the Notifications card", `document.querySelector('#notifications #smtp-host') !== null`)

	typeInto(t, ctx, `#smtp-host`, "127.0.0.1")
	typeInto(t, ctx, `#smtp-port`, strconv.Itoa(server.Port))
	choose(t, ctx, `#smtp-security`, "none")
	typeInto(t, ctx, `#smtp-from`, "herald@shop.example")
	typeInto(t, ctx, `#smtp-to`, "owner@shop.example, <b>night</b>@shop.example")
	click(t, ctx, `#test-email`)
	// The second address is refused before anything is sent, and shown as written.
	waitFor(t, ctx, "the refusal of an address", `document.querySelector('#test-email-result.alert-danger')?.textContent.includes('“<b>night</b>@shop.example” is not an email address')`)

	typeInto(t, ctx, `#smtp-to`, "owner@shop.example, night@shop.example")
	click(t, ctx, `#test-email`)
	waitFor(t, ctx, "the test email's success", `document.querySelector('#test-email-result.alert-success')?.textContent.includes('owner@shop.example, night@shop.example')`)
	wait, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	mails, err := server.Wait(wait, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m := mails[0]; m.Subject != "Herald: test email" || strings.Join(m.To, " ") != "owner@shop.example night@shop.example" || m.From != "herald@shop.example" {
		t.Errorf("the server took %q from %s to %q", m.Subject, m.From, m.To)
	}
	screenshot(t, ctx, "browser-settings-notifications")

	typeInto(t, ctx, `#smtp-port`, "1")
	click(t, ctx, `#test-email`)
	waitFor(t, ctx, "the wrong port's failure", `document.querySelector('#test-email-result.alert-danger')?.textContent.includes('Nothing answers at 127.0.0.1 port 1: check the server')`)

	// Saved, the settings come back with the page.
	typeInto(t, ctx, `#smtp-port`, strconv.Itoa(server.Port))
	typeInto(t, ctx, `#smtp-password`, "pw")
	click(t, ctx, `#save-notices`)
	waitFor(t, ctx, "where the password is kept", `document.querySelector('#smtp-password-kept').textContent.includes('password is kept')`)
	goTo(t, ctx, "dashboard")
	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the saved settings", `document.querySelector('#smtp-port')?.value === '`+strconv.Itoa(server.Port)+`' && document.querySelector('#smtp-to').value === 'owner@shop.example, night@shop.example' && document.querySelector('#smtp-security').value === 'none'`)
	if n := len(server.Mails()); n != 1 {
		t.Errorf("%d mails arrived, want the one test", n)
	}
}

func TestNotices_AFinishedCampaignShowsAToastAndIsEmailed(t *testing.T) {
	server := startMailServer(t)
	h := startHerald(t)
	pairSimulator(t, h)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	addContact(t, h, map[string]any{"name": "Bob Stone", "phone": "+12125550187"})
	h.Call(t, "NoticeService", "Save", map[string]any{
		"host": "127.0.0.1", "port": server.Port, "security": "none", "from": "herald@shop.example",
		"to": []string{"owner@shop.example"}, "notices": map[string]any{"finished": true}, "desktop": true})
	tmpl := addTemplate(t, h, "Hello", "Hello {{first_name}}")
	ctx := openApp(t, h, "dashboard")

	id := addCampaign(t, h, "<b>Night</b> run", tmpl, noLimits, true)
	// The name is shown as written, never as markup.
	waitFor(t, ctx, "the toast of the finished campaign",
		`[...document.querySelectorAll('#toasts .toast')].some((el) => el.textContent.includes('Campaign finished: “<b>Night</b> run”: 2 sent') && !el.querySelector('b'))`)
	screenshot(t, ctx, "browser-notice-toast")
	wait, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	mails, err := server.Wait(wait, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m := mails[0]; m.Subject != "Herald: campaign “<b>Night</b> run” finished" || !strings.Contains(m.Body, "Sent:                2") {
		t.Errorf("campaign %d: the mail reads %q:\n%s", id, m.Subject, m.Body)
	}
}

// startMailServer starts a mail server on loopback, without TLS, for the
// test's Herald to send to.
func startMailServer(t *testing.T) *smtptest.Server {
	t.Helper()
	server, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(server.Close)
	return server
}
