//go:build e2e

package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

func TestCampaigns_WizardSchedulesACampaignThatRunsLive(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671", "tags": []string{"vip"}})
	addContact(t, h, map[string]any{"name": "Bob Stone", "phone": "+12125550187", "tags": []string{"vip"}})
	addContact(t, h, map[string]any{"name": "Cat Moss", "phone": "+12025550143", "tags": []string{"vip", "staff"}})
	out := addContact(t, h, map[string]any{"name": "Dan Gone", "phone": "+13105550199", "tags": []string{"vip"}})
	h.Call(t, "ContactService", "SetOptedOut", []int64{out}, true, "asked")
	addContact(t, h, map[string]any{"name": "Eve Else", "phone": "+16175550111"})
	addTemplate(t, h, "Welcome", "Hi {{first_name|there}}, welcome!")
	ctx := openCampaigns(t, h)

	waitFor(t, ctx, "the empty state", `!document.querySelector('.empty-state').hidden`)
	click(t, ctx, "#campaigns-empty-new")
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelectorAll('#wizard-template option').length > 1`)
	typeInto(t, ctx, "#wizard-name", "Spring hello")
	choose(t, ctx, "#wizard-template", eval[string](t, ctx, `[...document.querySelectorAll('#wizard-template option')].find(o => o.text === 'Welcome').value`))

	wizardStep(t, ctx, "audience")
	click(t, ctx, "#wizard-audience-tags")
	click(t, ctx, `#wizard-tag-list input[value="vip"]`)
	waitFor(t, ctx, "the live count of recipients", `document.querySelector('#wizard-audience-count').dataset.recipients === '3' && document.querySelector('#wizard-audience-count').dataset.optedOut === '1'`)
	if text := eval[string](t, ctx, `document.querySelector('#wizard-audience-count').innerText`); !strings.Contains(text, "3 recipients") || !strings.Contains(text, "1 contact who opted out") {
		t.Errorf("the audience count says %q", text)
	}
	click(t, ctx, `#wizard-exclude-list input[value="staff"]`)
	waitFor(t, ctx, "the count without staff", `document.querySelector('#wizard-audience-count').dataset.recipients === '2'`)
	click(t, ctx, `#wizard-exclude-list input[value="staff"]`)
	waitFor(t, ctx, "the count with staff again", `document.querySelector('#wizard-audience-count').dataset.recipients === '3'`)
	click(t, ctx, "#wizard-audience-search")
	typeInto(t, ctx, "#wizard-search-text", "Bob")
	waitFor(t, ctx, "the count of a search", `document.querySelector('#wizard-audience-count').dataset.recipients === '1'`)
	click(t, ctx, "#wizard-audience-tags")
	waitFor(t, ctx, "the tags' count again", `document.querySelector('#wizard-audience-count').dataset.recipients === '3'`)

	wizardStep(t, ctx, "preview")
	waitFor(t, ctx, "each recipient's message", `document.querySelectorAll('#wizard-preview .wizard-preview-item').length === 3`)
	if text := eval[string](t, ctx, `document.querySelector('#wizard-preview').innerText`); !strings.Contains(text, "Hi Ann, welcome!") || !strings.Contains(text, "Hi Cat, welcome!") {
		t.Errorf("the preview shows %q", text)
	}

	wizardStep(t, ctx, "pace")
	if !eval[bool](t, ctx, `document.querySelector('#wizard-pace-safe').checked && document.querySelector('#wizard-pace-perMinute').value === '8' && document.querySelector('#wizard-pace-dailyCap').value === '500' && document.querySelector('#wizard-pace-hoursFrom').value === '09:00'`) {
		t.Error("the safe pace is not filled in")
	}
	click(t, ctx, `label[for="wizard-pace-none"]`)
	waitFor(t, ctx, "no limits", `document.querySelector('#wizard-pace-none').checked && document.querySelector('#wizard-pace-perMinute').value === '0'`)

	wizardStep(t, ctx, "schedule")
	if !eval[bool](t, ctx, `document.querySelector('#wizard-zone').value === Intl.DateTimeFormat().resolvedOptions().timeZone`) {
		t.Error("the time zone is not the computer's")
	}
	click(t, ctx, "#wizard-when-at")
	// Three seconds from now on the computer's clock, as a person would type it.
	eval[bool](t, ctx, `(() => {
		const d = new Date(Date.now() + 3000), p = (n) => String(n).padStart(2, '0');
		const el = document.querySelector('#wizard-at');
		el.value = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
		el.dispatchEvent(new Event('input', {bubbles: true}));
		return true;
	})()`)

	wizardStep(t, ctx, "review")
	screenshot(t, ctx, "browser-campaigns-wizard-review")
	waitFor(t, ctx, "the review", `document.querySelector('#wizard-review-recipients')?.dataset.value === '3' && document.querySelector('#wizard-estimate-duration') !== null && !document.querySelector('#wizard-confirm').disabled`)
	if text := eval[string](t, ctx, `document.querySelector('#wizard-review').innerText`); !strings.Contains(text, "No limits") || !strings.Contains(text, "Welcome") {
		t.Errorf("the review says %q", text)
	}
	screenshot(t, ctx, "browser-campaigns-wizard-review")
	click(t, ctx, "#wizard-confirm")

	waitFor(t, ctx, "the campaign's page", `document.querySelector('#campaign-detail') !== null`)
	if name := eval[string](t, ctx, `document.querySelector('#campaign-name').textContent`); name != "Spring hello" {
		t.Errorf("the campaign page is of %q", name)
	}
	waitCampaignState(t, ctx, "completed")
	waitFor(t, ctx, "3 sent", `document.querySelector('#campaign-stat-sent').dataset.value === '3' && document.querySelector('#campaign-progress').dataset.percent === '100'`)
	waitFor(t, ctx, "the recipients' states", `[...document.querySelectorAll('#campaign-recipients tbody .recipient-state')].filter(b => ['sent', 'delivered', 'read'].includes(b.dataset.state)).length === 3`)
	waitFor(t, ctx, "the chart", `document.querySelector('#campaign-chart')?.dataset.sent === '3'`)
	// Nothing is in doubt: the panel about unconfirmed messages takes no room.
	if shown := eval[bool](t, ctx, `document.querySelector('#campaign-unconfirmed').offsetParent !== null`); shown {
		t.Error("the unconfirmed messages panel shows for a campaign with none")
	}
	if campaignStat(t, ctx, "total") != 3 || campaignStat(t, ctx, "failed") != 0 {
		t.Errorf("the page counts %d recipients and %d failures", campaignStat(t, ctx, "total"), campaignStat(t, ctx, "failed"))
	}
	if text := eval[string](t, ctx, `document.querySelector('#campaign-excluded').textContent`); !strings.Contains(text, "1 opted-out contact") {
		t.Errorf("left out: %q", text)
	}
	sameDocument(t, ctx)
	screenshot(t, ctx, "browser-campaigns-detail")

	click(t, ctx, "#campaign-back")
	waitFor(t, ctx, "the list with the campaign", `document.querySelector('#campaigns-table tbody tr[data-state="completed"] .campaign-open')?.textContent === 'Spring hello'`)
}

func TestCampaigns_PauseResumeAndCancelFromTheUI(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 8 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 2600+i)})
	}
	tmpl := addTemplate(t, h, "Slow", "Hello {{first_name}}")
	slow := map[string]any{}
	for k, v := range noLimits {
		slow[k] = v
	}
	slow["perMinute"] = 40 // one message every 1.5 s
	id := addCampaign(t, h, "Slow one", tmpl, slow, false)
	ctx := openCampaigns(t, h)
	row := fmt.Sprintf("#campaign-row-%d", id)
	waitFor(t, ctx, "the draft", `document.querySelector('`+row+`')?.dataset.state === 'draft'`)

	click(t, ctx, row+" .campaign-start")
	confirm(t, ctx)
	waitFor(t, ctx, "the row to say it is sending", `document.querySelector('`+row+`')?.dataset.state === 'running'`)
	// The row updates as messages go out; its buttons stay the same elements.
	eval[bool](t, ctx, `(window.heraldRowPause = document.querySelector('`+row+` .campaign-pause')) !== null &&
		(window.heraldRowProgress = document.querySelector('`+row+` .campaign-row-progress')?.textContent) !== undefined`)
	waitFor(t, ctx, "the row's progress to move", `document.querySelector('`+row+` .campaign-row-progress')?.textContent !== window.heraldRowProgress`)
	if !eval[bool](t, ctx, `document.querySelector('`+row+` .campaign-pause') === window.heraldRowPause`) {
		t.Error("the row's Pause button was drawn again while the campaign sent")
	}
	click(t, ctx, row+" .campaign-open")
	waitCampaignState(t, ctx, "running")
	waitFor(t, ctx, "a first message out", `Number(document.querySelector('#campaign-stat-sent').dataset.value) >= 1`)
	// The view updates as messages go out; its buttons must stay the same
	// elements, or a click landing during an update is lost.
	eval[bool](t, ctx, `(window.heraldPauseButton = document.querySelector('#campaign-actions .campaign-pause')) !== null`)
	waitFor(t, ctx, "another message out", `Number(document.querySelector('#campaign-stat-sent').dataset.value) >= 2`)
	if !eval[bool](t, ctx, `document.querySelector('#campaign-actions .campaign-pause') === window.heraldPauseButton`) {
		t.Error("the Pause button was drawn again while the campaign sent")
	}

	click(t, ctx, "#campaign-actions .campaign-pause")
	waitCampaignState(t, ctx, "paused")
	waitFor(t, ctx, "Resume offered", `document.querySelector('#campaign-actions .campaign-resume') !== null && document.querySelector('#campaign-actions .campaign-pause') === null`)
	if queued := campaignStat(t, ctx, "queued"); queued == 0 {
		t.Error("nothing is left to send after the pause")
	}
	if text := eval[string](t, ctx, `document.querySelector('#campaign-remaining').textContent`); !strings.Contains(text, "wait until you resume") {
		t.Errorf("time left while paused says %q", text)
	}

	sentBefore := campaignStat(t, ctx, "sent")
	click(t, ctx, "#campaign-actions .campaign-resume")
	waitCampaignState(t, ctx, "running")
	waitFor(t, ctx, "sending to go on", fmt.Sprintf(`Number(document.querySelector('#campaign-stat-sent').dataset.value) > %d`, sentBefore))

	click(t, ctx, "#campaign-actions .campaign-cancel")
	confirm(t, ctx)
	waitCampaignState(t, ctx, "cancelled")
	waitFor(t, ctx, "the rest cancelled", `document.querySelector('#campaign-stat-queued').dataset.value === '0' && [...document.querySelectorAll('#campaign-recipients tbody .recipient-state')].some(b => b.dataset.state === 'cancelled')`)
	if campaignStat(t, ctx, "sent") == 8 {
		t.Error("every message went out: the cancel came too late to test anything")
	}
	sameDocument(t, ctx)
}

func TestCampaigns_ExportDownloadsEveryRecipient(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	addContact(t, h, map[string]any{"name": "=1+2", "phone": "+14155552671"})
	addContact(t, h, map[string]any{"name": "Plain Person", "phone": "+12125550187"})
	tmpl := addTemplate(t, h, "Note", "Hello {{first_name|there}}")
	id := addCampaign(t, h, "Exported", tmpl, noLimits, true)
	ctx := openCampaigns(t, h)
	dir := t.TempDir()
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true),
	}); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, fmt.Sprintf("#campaign-row-%d .campaign-open", id))
	waitCampaignState(t, ctx, "completed")
	waitFor(t, ctx, "the rates", `Number(document.querySelector('#campaign-rate-failure').dataset.value) === 0 && document.querySelector('#campaign-rate-delivery').textContent !== '—'`)

	screenshot(t, ctx, "browser-campaigns-report")
	csv := downloadFrom(t, ctx, dir, "#campaign-export", "#campaign-export-csv")
	// The byte-order mark is for Excel on Windows (sheet.NewCSV).
	body, bom := strings.CutPrefix(csv, "\ufeff")
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")), "\n")
	if !bom || len(lines) != 3 || !strings.HasPrefix(lines[0], "Name,Phone,State") {
		t.Fatalf("the export has %d lines, want a header and 2 rows:\n%s", len(lines), csv)
	}
	if !strings.Contains(csv, "'=1+2") || !strings.Contains(csv, "Plain Person,+12125550187,") {
		t.Errorf("the export is not formula-safe or misses a recipient:\n%s", csv)
	}
	waitFor(t, ctx, "the confirmation", `document.querySelector('#toasts').innerText.includes('Saved 2 recipients')`)
	written, _ := filepath.Glob(filepath.Join(h.DataDir, "exports", "campaign-*.csv"))
	if len(written) != 1 {
		t.Fatalf("exports folder holds %v", written)
	}
	if b, _ := os.ReadFile(written[0]); string(b) != csv {
		t.Error("the download differs from the file Herald wrote")
	}

	xlsx := downloadFrom(t, ctx, dir, "#campaign-export", "#campaign-export-xlsx")
	if !strings.HasPrefix(xlsx, "PK") {
		t.Error("the Excel export is not a workbook")
	}
}

func TestCampaigns_NamesAndMessagesShowAsText(t *testing.T) {
	const evil = `<img src=x onerror=alert(1)>`
	h := startHerald(t)
	pairSimulator(t, h)
	addContact(t, h, map[string]any{"name": evil, "phone": "+14155552671"})
	tmpl := addTemplate(t, h, evil, "Hello {{name}}")
	draft := addCampaign(t, h, evil, tmpl, noLimits, false)
	sent := addCampaign(t, h, evil+" sent", tmpl, noLimits, true)
	ctx := openCampaigns(t, h)
	eval[bool](t, ctx, `window.alert = () => { window.__alerted = true; }; true`)
	noMarkup := func(where string) {
		t.Helper()
		if eval[bool](t, ctx, `document.querySelector('main#page img, #toasts img, .modal img') !== null || window.__alerted === true`) {
			t.Errorf("%s: user data became markup", where)
		}
	}

	waitFor(t, ctx, "both rows", `document.querySelectorAll('#campaigns-table tbody tr[data-id]').length === 2`)
	if name := eval[string](t, ctx, fmt.Sprintf(`document.querySelector('#campaign-row-%d .campaign-open').textContent`, draft)); name != evil {
		t.Errorf("the list shows %q", name)
	}
	noMarkup("list")

	click(t, ctx, fmt.Sprintf("#campaign-row-%d .campaign-open", sent))
	waitCampaignState(t, ctx, "completed")
	waitFor(t, ctx, "the recipient", `document.querySelector('#campaign-recipients tbody tr td')?.textContent === `+jsString(evil))
	if name := eval[string](t, ctx, `document.querySelector('#campaign-name').textContent`); name != evil+" sent" {
		t.Errorf("the campaign page shows %q", name)
	}
	noMarkup("campaign page")

	click(t, ctx, "#campaign-back")
	waitFor(t, ctx, "the list", `document.querySelector('#campaigns-list') && !document.querySelector('#campaigns-list').hidden`)
	click(t, ctx, fmt.Sprintf("#campaign-row-%d .campaign-edit", draft))
	waitFor(t, ctx, "the wizard, filled in", `document.querySelector('#wizard-name')?.value === `+jsString(evil)+` && document.querySelector('#wizard-template-body')?.textContent.includes('Hello')`)
	if text := eval[string](t, ctx, `document.querySelector('#wizard-template').selectedOptions[0].text`); text != evil {
		t.Errorf("the template is shown as %q", text)
	}
	wizardStep(t, ctx, "audience")
	wizardStep(t, ctx, "preview")
	waitFor(t, ctx, "the rendered message", `document.querySelector('#wizard-preview .wa-text')?.textContent === 'Hello ' + `+jsString(evil))
	if who := eval[string](t, ctx, `document.querySelector('#wizard-preview .wizard-preview-name').textContent`); who != evil {
		t.Errorf("the preview names %q", who)
	}
	if number := eval[string](t, ctx, `document.querySelector('#wizard-preview .wizard-preview-who .phone')?.textContent ?? ''`); number != "+1 415 555 2671" {
		t.Errorf("the preview shows the number as %q", number)
	}
	noMarkup("wizard")
	sameDocument(t, ctx)
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	return fmt.Sprintf("%q", s)
}
