//go:build e2e

package browser

import (
	"encoding/json"
	"fmt"
	"testing"
)

// ownConversation is the inbox's conversation with phone, over the RPC.
func ownConversation(t *testing.T, h *heraldServer, phone string) (lastText string, tests int) {
	t.Helper()
	var page struct {
		Items []struct {
			ContactID int64  `json:"contactId"`
			Phone     string `json:"phone"`
			LastText  string `json:"lastText"`
		} `json:"items"`
	}
	if err := json.Unmarshal(h.Call(t, "InboxService", "Conversations", map[string]any{"limit": 50}), &page); err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Items {
		if c.Phone != phone {
			continue
		}
		var msgs struct {
			Items []struct {
				Test bool `json:"test"`
			} `json:"items"`
		}
		if err := json.Unmarshal(h.Call(t, "InboxService", "Messages", c.ContactID, map[string]any{"limit": 50}), &msgs); err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs.Items {
			if m.Test {
				tests++
			}
		}
		return c.LastText, tests
	}
	return "", 0
}

// "Send a test to me" in the template editor says where to set a number
// while Herald knows none; with "My number for tests" set in Settings, it
// sends the message rendered for the contact chosen there, and the
// wizard's review sends one for the first of the audience.
func TestTestSend_FromTheTemplateEditorAndTheWizardReview(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+12025550101"})
	addContact(t, h, map[string]any{"name": "Bob Stone", "phone": "+12125550187"})
	id := addTemplate(t, h, "Welcome", "Hi {{first_name|there}}, welcome!")
	ctx := openCampaigns(t, h)

	eval[bool](t, ctx, fmt.Sprintf(`(() => { location.hash = '#/templates/%d'; return true; })()`, id))
	waitFor(t, ctx, "the editor with a contact to preview for", `document.querySelectorAll('#template-preview-contact option').length === 2`)
	click(t, ctx, "#template-test-send")
	waitFor(t, ctx, "where to set a number", `document.querySelector('#template-test-send-note').textContent.includes('My number for tests') && document.querySelector('#template-test-send-settings')?.getAttribute('href') === '#/settings'`)

	click(t, ctx, "#template-test-send-settings")
	waitFor(t, ctx, "the settings' number field", `document.querySelector('#test-number') !== null`)
	typeInto(t, ctx, "#test-number", "(202) 555-0199")
	click(t, ctx, "#save-test-number")
	waitFor(t, ctx, "the number saved as E.164", `document.querySelector('#test-number').value === '+12025550199'`)

	pairSimulator(t, h)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { location.hash = '#/templates/%d'; return true; })()`, id))
	waitFor(t, ctx, "the editor", `document.querySelectorAll('#template-preview-contact option').length === 2`)
	choose(t, ctx, "#template-preview-contact", eval[string](t, ctx, `[...document.querySelectorAll('#template-preview-contact option')].find((o) => o.text.startsWith('Bob')).value`))
	click(t, ctx, "#template-test-send")
	waitFor(t, ctx, "the test sent", `document.querySelector('#template-test-send-note').textContent.includes('Test sent to')`)
	if last, tests := ownConversation(t, h, "+12025550199"); last != "Hi Bob, welcome!" || tests != 1 {
		t.Errorf("own conversation: last %q, %d tests; want Bob's message, one test", last, tests)
	}

	goTo(t, ctx, "campaigns")
	click(t, ctx, "#campaigns-empty-new")
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelectorAll('#wizard-template option').length > 1`)
	typeInto(t, ctx, "#wizard-name", "Hello")
	choose(t, ctx, "#wizard-template", eval[string](t, ctx, `[...document.querySelectorAll('#wizard-template option')].find(o => o.text === 'Welcome').value`))
	for _, step := range []string{"audience", "preview", "pace"} {
		wizardStep(t, ctx, step)
	}
	waitFor(t, ctx, "the safe pace", `document.querySelector('#wizard-pace-safe').checked && document.querySelector('#wizard-pace-perMinute').value !== ''`)
	click(t, ctx, `label[for="wizard-pace-none"]`)
	waitFor(t, ctx, "no limits", `document.querySelector('#wizard-pace-none').checked`)
	for _, step := range []string{"schedule", "review"} {
		wizardStep(t, ctx, step)
	}
	waitFor(t, ctx, "the first of the audience chosen for the test", `document.querySelector('#wizard-test-contact')?.selectedOptions[0]?.text.startsWith('Ann Lee')`)
	click(t, ctx, "#wizard-test-send")
	waitFor(t, ctx, "the wizard's test sent", `document.querySelector('#wizard-test-send-note').textContent.includes('Test sent to')`)
	if last, tests := ownConversation(t, h, "+12025550199"); last != "Hi Ann, welcome!" || tests != 2 {
		t.Errorf("own conversation: last %q, %d tests; want Ann's message, two tests", last, tests)
	}
}
