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
	server, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
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
