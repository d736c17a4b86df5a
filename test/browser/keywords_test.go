//go:build e2e

package browser

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

// A reply keyword set in Settings tags the contact who replies with it,
// once however often they do, and the campaign's report counts it.
func TestKeywords_SetInSettingsTagTheReplyAndShowInTheReport(t *testing.T) {
	h := startWithPhone(t)
	linkPhone(t, h)
	ana := addContact(t, h, map[string]any{"name": "Ana Souza", "phone": "+12025550102"})
	addContact(t, h, map[string]any{"name": "Bo Lee", "phone": "+12025550103"})
	id := addCampaign(t, h, "Sale", addTemplate(t, h, "Sale", "Hi {{first_name|there}}, the sale is on."), noLimits, true)
	campaignUntil(t, h, id, "completed", func(c campaignJSON) bool { return c.State == "completed" })
	ctx := openApp(t, h, "")

	goTo(t, ctx, "settings")
	waitFor(t, ctx, "the reply keywords", `document.querySelectorAll('#reply-keywords tr.reply-keyword').length === 1`)
	typeInto(t, ctx, "#reply-keywords tr.reply-keyword .reply-keyword-word", "YES")
	typeInto(t, ctx, "#reply-keywords tr.reply-keyword .reply-keyword-tag", "interested")
	click(t, ctx, "#reply-keyword-add")
	typeInto(t, ctx, "#reply-keywords tr.reply-keyword:nth-child(2) .reply-keyword-word", "maybe")
	click(t, ctx, "#save-reply-keywords")
	waitFor(t, ctx, "a keyword without a tag refused", `!document.querySelector('#reply-keywords-error').hidden && document.querySelector('#reply-keywords-error').textContent === 'Choose the tag a reply “maybe” gives its contact.'`)
	click(t, ctx, "#reply-keywords tr.reply-keyword:nth-child(2) .reply-keyword-remove")
	click(t, ctx, "#save-reply-keywords")
	waitFor(t, ctx, "the keywords saved", `document.querySelector('#toasts').textContent.includes('Replies with these words now tag their contact.') && document.querySelector('#reply-keywords-error').hidden`)
	var saved string
	if err := json.Unmarshal(h.Call(t, "SettingsService", "Get", "replyKeywords"), &saved); err != nil || saved != `[{"word":"YES","tag":"interested"}]` {
		t.Fatalf("stored keywords %q, %v", saved, err)
	}

	h.Call(t, "FakePhoneService", "Write", "+12025550102", "yes!")
	h.Call(t, "FakePhoneService", "Write", "+12025550102", "YES")
	h.Call(t, "FakePhoneService", "Write", "+12025550103", "no thanks")
	eval[bool](t, ctx, fmt.Sprintf(`(() => { location.hash = '#/campaigns/%d'; return true; })()`, id))
	waitFor(t, ctx, "the report's keyword line", `(() => { const li = document.querySelector('#campaign-keywords li.campaign-keyword[data-keyword="YES"]'); return li && !li.closest('#campaign-keywords').hidden && li.dataset.replies === '1' && li.dataset.tagged === '1'; })()`)
	if text := eval[string](t, ctx, `document.querySelector('#campaign-keywords li.campaign-keyword').textContent`); text != "“YES” → interested: 1 contact replied with it, 1 tagged" {
		t.Errorf("the report says %q", text)
	}
	var contact struct {
		Tags []string `json:"tags"`
	}
	if err := json.Unmarshal(h.Call(t, "ContactService", "Get", ana), &contact); err != nil || !slices.Equal(contact.Tags, []string{"interested"}) {
		t.Errorf("Ana's tags %q, %v; want interested once", contact.Tags, err)
	}
}
