//go:build e2e

package browser

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

// recipientsIn lists the contacts of campaign id's recipients in state
// ("" for all), from the backend, in id order.
func recipientsIn(t *testing.T, h *heraldServer, id int64, state string) []int64 {
	t.Helper()
	var page struct {
		Items []struct {
			ContactID int64 `json:"contactId"`
		} `json:"items"`
	}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "Recipients", id, map[string]any{"state": state, "limit": 1000}), &page); err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, r := range page.Items {
		ids = append(ids, r.ContactID)
	}
	slices.Sort(ids)
	return ids
}

func TestCampaigns_FollowUpWithThoseWhoDidNotReadFromTheResults(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	const n = 8
	for i := range n {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Sale Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3300+i)})
	}
	tmpl := addTemplate(t, h, "Sale", "Hello {{first_name|there}}")
	source := addCampaign(t, h, "Spring <b>sale</b>", tmpl, noLimits, true)
	// Every message is delivered within seconds and read only later: once
	// all are delivered, WhatsApp goes offline, so that the reads wait and
	// the results stay as they are.
	waitStats(t, h, source, "every message delivered", func(st map[string]int) bool { return st["delivered"]+st["read"] == n })
	h.Call(t, "WhatsAppService", "Disconnect")
	waitState(t, h, "disconnected")
	// Contacts added since were never sent it; one who did not read opts out.
	addContact(t, h, map[string]any{"name": "Newcomer", "phone": "+14155553399"})
	ctx := openCampaigns(t, h)
	unread := recipientsIn(t, h, source, "delivered")
	if len(unread) < 2 {
		t.Fatalf("only %d messages are unread", len(unread))
	}
	h.Call(t, "ContactService", "SetOptedOut", []int64{unread[0]}, true, "asked")
	want := unread[1:]

	click(t, ctx, fmt.Sprintf("#campaign-row-%d .campaign-open", source))
	group := `document.querySelector('#campaign-results .campaign-result[data-result="delivered"]')`
	waitFor(t, ctx, "the group of those who did not read", fmt.Sprintf(`document.querySelector('#campaign-results')?.hidden === false && %s?.dataset.count === '%d'`, group, len(unread)))
	if text := eval[string](t, ctx, group+`.querySelector('.campaign-result-tag').textContent`); text != fmt.Sprintf("Tag these %d contacts", len(unread)) {
		t.Errorf("the tag button reads %q", text)
	}
	eval[bool](t, ctx, `(document.querySelector('#campaign-results').scrollIntoView({block: 'start'}), true)`)
	screenshot(t, ctx, "browser-campaigns-results")

	// Tagging asks for a tag, offering the existing ones, and tags exactly the group.
	click(t, ctx, `#campaign-results .campaign-result[data-result="delivered"] .campaign-result-tag`)
	waitModal(t, ctx, "confirm-modal", true)
	typeInto(t, ctx, "#confirm-input", "Did not read")
	click(t, ctx, "#confirm-ok")
	waitModal(t, ctx, "confirm-modal", false)
	waitFor(t, ctx, "the confirmation", fmt.Sprintf(`document.querySelector('#toasts').innerText.includes('Tagged %d contacts “Did not read”')`, len(unread)))
	if got := contactCount(t, h, map[string]any{"tags": []string{"Did not read"}, "limit": 1}); got != len(unread) {
		t.Errorf("%d contacts carry the tag, want %d", got, len(unread))
	}
	click(t, ctx, `#campaign-results .campaign-result[data-result="delivered"] .campaign-result-follow`)
	fillBasics(t, ctx, "Did you see it?", tmpl)
	waitFor(t, ctx, "the follow-up's count", fmt.Sprintf(`document.querySelector('#wizard-audience-followUp')?.checked && document.querySelector('#wizard-audience-count').dataset.recipients === '%d' && document.querySelector('#wizard-audience-count').dataset.optedOut === '1'`, len(want)))
	label := eval[string](t, ctx, `document.querySelector('label[for="wizard-audience-followUp"]').textContent`)
	if label != "Follow-upRecipients of “Spring <b>sale</b>” who got it but have not read it" {
		t.Errorf("the follow-up reads %q", label)
	}
	screenshot(t, ctx, "browser-wizard-follow-up-audience")
	wizardStep(t, ctx, "preview")
	wizardStep(t, ctx, "pace")
	wizardStep(t, ctx, "schedule")
	wizardStep(t, ctx, "review")
	waitFor(t, ctx, "the review", fmt.Sprintf(`document.querySelector('#wizard-review-recipients')?.dataset.value === '%d' && !document.querySelector('#wizard-confirm').disabled`, len(want)))
	if text := eval[string](t, ctx, `document.querySelector('#wizard-review-audience').textContent`); text != "Recipients of “Spring <b>sale</b>” who got it but have not read it" {
		t.Errorf("the review's audience reads %q", text)
	}
	click(t, ctx, "#wizard-confirm")
	waitFor(t, ctx, "the new campaign's page", `document.querySelector('#campaign-name')?.textContent === 'Did you see it?'`)
	waitFor(t, ctx, "its recipients", fmt.Sprintf(`document.querySelector('#campaign-stat-total').dataset.value === '%d'`, len(want)))
	followUp := eval[int64](t, ctx, `Number(document.querySelector('#campaign-detail').dataset.id)`)
	if got := recipientsIn(t, h, followUp, ""); !slices.Equal(got, want) {
		t.Errorf("the follow-up went to %v, want those who did not read and did not opt out %v", got, want)
	}
	sameDocument(t, ctx)
	screenshot(t, ctx, "browser-campaigns-follow-up")
}

func TestWizard_AudienceStepCountsWhomTheFrequencyCapSkips(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 5 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Cap Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3400+i)})
	}
	tmpl := addTemplate(t, h, "Cap", "Hello {{first_name|there}}")
	// Two of them got a campaign just now.
	var picked struct {
		ID int64 `json:"id"`
	}
	first := contactIDs(t, h, 2)
	input := map[string]any{"name": "Earlier", "templateId": tmpl, "audience": map[string]any{"contactIds": first}, "pace": noLimits, "schedule": map[string]any{}}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "Create", input), &picked); err != nil {
		t.Fatal(err)
	}
	h.Call(t, "CampaignService", "Start", picked.ID)
	waitStats(t, h, picked.ID, "the first campaign sent", func(st map[string]int) bool { return st["sent"]+st["delivered"]+st["read"] == 2 })

	ctx := openCampaigns(t, h)
	click(t, ctx, "#campaigns-new")
	fillBasics(t, ctx, "Capped", tmpl)
	waitFor(t, ctx, "the count without the cap", `document.querySelector('#wizard-audience-count').dataset.recipients === '5' && !document.querySelector('#wizard-recent')`)
	if eval[bool](t, ctx, `document.querySelector('#wizard-skip-recent').checked`) {
		t.Error("the frequency cap is on by default")
	}
	click(t, ctx, "#wizard-skip-recent")
	waitFor(t, ctx, "the cap's count", `document.querySelector('#wizard-audience-count').dataset.recentlyMessaged === '2' && document.querySelector('#wizard-recent')?.textContent === ' · skipped: 2 contacts who received another campaign in the last 7 days'`)
	typeInto(t, ctx, "#wizard-skip-recent-days", "30")
	waitFor(t, ctx, "the count for 30 days", `document.querySelector('#wizard-recent')?.textContent.endsWith('in the last 30 days')`)
	wizardStep(t, ctx, "preview")
	wizardStep(t, ctx, "pace")
	wizardStep(t, ctx, "schedule")
	wizardStep(t, ctx, "review")
	waitFor(t, ctx, "the review's skipped", `document.querySelector('#wizard-review-skipped-count')?.dataset.value === '2' && document.querySelector('.wizard-skip-reason[data-recent="true"]')?.dataset.count === '2' && !document.querySelector('#wizard-review-fix')`)
	click(t, ctx, "#wizard-confirm")
	waitFor(t, ctx, "the campaign's page", `document.querySelector('#campaign-name')?.textContent === 'Capped'`)
	waitFor(t, ctx, "the skipped", `document.querySelector('#campaign-stat-skipped').dataset.value === '2'`)
	screenshot(t, ctx, "browser-wizard-frequency-cap")
}

// contactIDs returns the ids of the first n contacts by name, from the backend.
func contactIDs(t *testing.T, h *heraldServer, n int) []int64 {
	t.Helper()
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(h.Call(t, "ContactService", "List", map[string]any{"sort": "name", "limit": n}), &page); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 0, n)
	for _, c := range page.Items {
		ids = append(ids, c.ID)
	}
	return ids
}
