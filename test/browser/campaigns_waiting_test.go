//go:build e2e

package browser

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// paceWith is noLimits with changes.
func paceWith(changes map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range noLimits {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

func TestCampaigns_WaitingForSendingHoursShowsTheReasonAndOneEstimate(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 3 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Hour Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3100+i)})
	}
	tmpl := addTemplate(t, h, "Later", "Hello {{first_name|there}}")
	// Sending hours that open two and a half hours from now, on this
	// computer's clock and in its zone, as Herald reads a schedule without
	// a zone.
	opens := time.Now().Add(150 * time.Minute).Truncate(time.Minute)
	from, to := opens.Format("15:04"), opens.Add(time.Hour).Format("15:04")
	id := addCampaign(t, h, "After hours", tmpl, paceWith(map[string]any{"perMinute": 10, "hoursFrom": from, "hoursTo": to}), false)
	ctx := openCampaigns(t, h)
	row := fmt.Sprintf("#campaign-row-%d", id)
	waitFor(t, ctx, "the draft", `document.querySelector('`+row+`')?.dataset.state === 'draft'`)
	if label := eval[string](t, ctx, `document.querySelector('`+row+` .campaign-start').title`); label != "Start" {
		t.Errorf("the start button of a campaign outside its hours reads %q, want Start", label)
	}

	// The wizard's review of the draft says the same: nothing goes now.
	click(t, ctx, row+" .campaign-edit")
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics'`)
	for _, step := range []string{"audience", "preview", "pace", "schedule", "review"} {
		wizardStep(t, ctx, step)
	}
	waitFor(t, ctx, "the review's estimate", `document.querySelector('#wizard-estimate-duration') !== null`)
	waitFor(t, ctx, "the confirm button to say Start", `document.querySelector('#wizard-confirm').textContent.trim() === 'Start'`)
	click(t, ctx, "#wizard-cancel")
	waitFor(t, ctx, "the list again", `document.querySelector('`+row+`')?.offsetParent !== null`)

	click(t, ctx, row+" .campaign-start")
	confirm(t, ctx)
	waitFor(t, ctx, "the row to say it waits", `document.querySelector('`+row+`')?.dataset.state === 'waiting'`)
	// After 21:30 the hours open tomorrow, which the reason says with the day.
	opensAt := from
	if y, m, d := opens.Date(); y != time.Now().Year() || m != time.Now().Month() || d != time.Now().Day() {
		opensAt = opens.Format("Mon 2 Jan 15:04")
	}
	want := "Waiting for sending hours: starts at " + opensAt + " (in "
	waitFor(t, ctx, "the reason with its countdown", `document.querySelector('`+row+` .campaign-waiting')?.textContent.startsWith(`+strconv.Quote(want)+`)`)
	if text := eval[string](t, ctx, `document.querySelector('`+row+` .campaign-state').textContent`); text != "Waiting" {
		t.Errorf("the row's state says %q", text)
	}
	type estimate struct {
		Text       string `json:"text"`
		FinishesAt string `json:"finishesAt"`
		Messages   string `json:"messages"`
	}
	listed := eval[estimate](t, ctx, `(() => { const e = document.querySelector('`+row+` .campaign-row-estimate');
		return {text: e.textContent, finishesAt: e.dataset.finishesAt, messages: e.dataset.messages}; })()`)
	// The browser writes another day in its own locale's words; the time
	// is there either way.
	if listed.Messages != "3" || listed.FinishesAt == "" || !strings.Contains(listed.Text, "starting at ") || !strings.Contains(listed.Text, from) {
		t.Fatalf("the list's estimate is %+v", listed)
	}
	screenshot(t, ctx, "browser-campaigns-waiting-list")

	click(t, ctx, row+" .campaign-open")
	waitCampaignState(t, ctx, "waiting")
	waitFor(t, ctx, "the reason on the campaign's page", `document.querySelector('#campaign-waiting')?.textContent.startsWith(`+strconv.Quote(want)+`) && !document.querySelector('#campaign-note').hidden`)
	shown := eval[estimate](t, ctx, `(() => { const e = document.querySelector('#campaign-estimate');
		return {text: e.textContent, finishesAt: e.dataset.finishesAt, messages: e.dataset.messages}; })()`)
	if shown.FinishesAt != listed.FinishesAt || shown.Messages != listed.Messages {
		t.Errorf("the page estimates %+v, the list %+v", shown, listed)
	}
	// The words around the duration, which moves with the clock, are the same.
	_, listedBy, _ := strings.Cut(listed.Text, ", by ")
	_, shownBy, _ := strings.Cut(shown.Text, ", by ")
	if listedBy == "" || shownBy != listedBy || !strings.HasPrefix(shown.Text, "3 messages, starting at ") ||
		!strings.Contains(shown.Text, from+": done in about ") {
		t.Errorf("the page says %q, the list %q", shown.Text, listed.Text)
	}
	if eval[bool](t, ctx, `document.querySelector('#campaign-actions .campaign-start') !== null`) {
		t.Error("a waiting campaign still offers to start")
	}
	if sent := campaignStat(t, ctx, "sent"); sent != 0 {
		t.Errorf("%d messages went out before the sending hours", sent)
	}
	screenshot(t, ctx, "browser-campaigns-waiting-detail")
	sameDocument(t, ctx)
}
