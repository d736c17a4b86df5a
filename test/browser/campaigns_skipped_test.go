//go:build e2e

package browser

import (
	"fmt"
	"strings"
	"testing"
)

func TestCampaigns_ReviewCountsWhoWouldBeSkippedAndOffersTheWayBack(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671", "email": "ann@example.com"})
	addContact(t, h, map[string]any{"name": "Bob Stone", "phone": "+12125550187"})
	addContact(t, h, map[string]any{"name": "Cat Moss", "phone": "+12025550143"})
	tmpl := addTemplate(t, h, "Email check", "Hi {{first_name|there}}, is {{email}} still yours?")
	ctx := openCampaigns(t, h)
	click(t, ctx, "#campaigns-empty-new")
	fillBasics(t, ctx, "Emails", tmpl)
	waitFor(t, ctx, "the count", `document.querySelector('#wizard-audience-count').dataset.recipients === '3'`)
	wizardStep(t, ctx, "preview")
	wizardStep(t, ctx, "pace")
	click(t, ctx, `label[for="wizard-pace-none"]`)
	wizardStep(t, ctx, "schedule")
	wizardStep(t, ctx, "review")

	waitFor(t, ctx, "the skipped count", `document.querySelector('#wizard-review-skipped-count')?.dataset.value === '2'`)
	text := eval[string](t, ctx, `document.querySelector('#wizard-review-skipped').innerText`)
	if !strings.Contains(text, "2 of 3 recipients would be skipped") {
		t.Errorf("the review says %q", text)
	}
	reason := eval[string](t, ctx, `document.querySelector('#wizard-review-skipped .wizard-skip-reason[data-variable="email"]')?.textContent ?? ''`)
	if reason != "2 recipients have no email, and {{email}} has no fallback: they would be skipped." {
		t.Errorf("the reason reads %q", reason)
	}
	// The estimate counts the one message that goes.
	waitFor(t, ctx, "the estimate", `document.querySelector('#wizard-estimate-duration')?.dataset.messages === '1'`)
	if href := eval[string](t, ctx, `document.querySelector('#wizard-review-edit-template')?.getAttribute('href') ?? ''`); href != fmt.Sprintf("#/templates/%d", tmpl) {
		t.Errorf("the way to the template is %q", href)
	}
	screenshot(t, ctx, "browser-campaigns-review-skipped")

	click(t, ctx, "#wizard-review-fix")
	waitFor(t, ctx, "the message step again", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelector('#wizard-name').value === 'Emails' && document.querySelector('#wizard-template').value === '`+fmt.Sprint(tmpl)+`'`)
	sameDocument(t, ctx)
}
