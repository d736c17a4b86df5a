//go:build e2e

package browser

import (
	"encoding/json"
	"strings"
	"testing"
)

// The contact's form shows what campaigns sent them: the campaign's name
// (as text), the message's state and any reply.
func TestContacts_FormShowsTheCampaignMessagesSent(t *testing.T) {
	h := startHerald(t)
	calmSimulator(t, h)
	ctx := openContacts(t, h)
	h.Call(t, "WhatsAppService", "Connect")
	waitFor(t, ctx, "the QR code", `document.querySelector('#connection-state')?.dataset.state === 'qr'`)
	h.Call(t, "WhatsAppService", "SimulateScan")
	waitFor(t, ctx, "the connection", `document.querySelector('#connection-state')?.dataset.state === 'connected'`)

	id := addContact(t, h, map[string]any{"name": "Maria Silva", "phone": "+14155552671"})
	addContact(t, h, map[string]any{"name": "Nobody Else", "phone": "+14155552672"})
	var tmpl struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(h.Call(t, "TemplateService", "Create", map[string]any{"name": "Hello", "body": "Hello {{first_name}}"}), &tmpl)
	name := `<b>Spring</b> sale`
	campaign := createCampaign(t, h, map[string]any{"name": name, "templateId": tmpl.ID,
		"audience": map[string]any{"contactIds": []int64{id}}})
	h.Call(t, "CampaignService", "Start", campaign)
	waitFor(t, ctx, "the message to go out", `(async () => (await window.go.campaigns.Service.Get(`+itoa(campaign)+`)).state === 'completed')()`)

	waitRows(t, ctx, 2)
	click(t, ctx, `#contacts-table tbody tr:first-child .contact-edit`)
	waitModal(t, ctx, "contact-modal", true)
	waitFor(t, ctx, "the campaign message in the form", `!!document.querySelector('#contact-history li[data-campaign-id="`+itoa(campaign)+`"]')`)
	got := eval[string](t, ctx, `document.querySelector('#contact-history li').innerText`)
	if !strings.Contains(got, name) || !strings.Contains(got, "Sent ") {
		t.Errorf("the history says %q", got)
	}
	if eval[bool](t, ctx, `!!document.querySelector('#contact-history b')`) {
		t.Error("a campaign's name was read as HTML")
	}
	screenshot(t, ctx, "browser-contact-history")
}
