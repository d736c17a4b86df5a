//go:build e2e

package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// upload sends the file at path as the browser's file picker does and
// returns the path the services take for it.
func (h *heraldServer) upload(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/upload?name="+url.QueryEscape(path[strings.LastIndex(path, "/")+1:]), bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+h.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("upload %s: %v", path, err)
	}
	defer res.Body.Close()
	var answer struct {
		Result string `json:"result"`
		Error  string `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("upload %s: status %d, %q: %v", path, res.StatusCode, answer.Error, err)
	}
	return answer.Result
}

// activityRow is the selector of the shown entries with kind and action.
func activityRow(kind, action string) string {
	return fmt.Sprintf(`#activity-table tbody tr[data-kind=%q][data-action=%q]`, kind, action)
}

// everyKindOfEntry fills the log with an entry of each area, connection
// steps among them, and returns the ids of the contact and the campaign
// and the name of the import's problems report.
func everyKindOfEntry(t *testing.T, h *heraldServer) (contact, campaign int64, report string) {
	t.Helper()
	pairSimulator(t, h) // connecting, a QR code, connected
	contact = addContact(t, h, map[string]any{"name": "Ada Linked", "phone": "+14155550100"})
	campaign = addCampaign(t, h, "Spring sale", addTemplate(t, h, "Spring", "Hello {{first_name|there}}"), noLimits, false)
	var imported struct {
		Report string `json:"report"`
	}
	if err := json.Unmarshal(h.Call(t, "ContactService", "Import", h.upload(t, "testdata/import_with_problems.csv"), map[string]any{}), &imported); err != nil || imported.Report == "" {
		t.Fatalf("import: %v, report %q", err, imported.Report)
	}
	return contact, campaign, imported.Report
}

// openActivity opens the Activity page once it shows the import's entry.
func openActivity(t *testing.T, h *heraldServer) context.Context {
	t.Helper()
	ctx := openApp(t, h, "")
	reduceMotion(t, ctx)
	goTo(t, ctx, "activity")
	waitFor(t, ctx, "the import's entry", `document.querySelector('`+activityRow("contacts", "imported")+`') !== null`)
	return ctx
}

func TestActivity_ReadsInWordsAndHidesConnectionStepsUntilAsked(t *testing.T) {
	h := startHerald(t)
	everyKindOfEntry(t, h)
	ctx := openActivity(t, h)

	// Words, never codes, in the Area and What happened columns.
	cells := eval[[][]string](t, ctx, `[...document.querySelectorAll('#activity-table tbody tr')].map(r => [r.cells[1].textContent.trim(), r.cells[2].textContent.trim()])`)
	areas := map[string]bool{"Campaigns": true, "Contacts": true, "Settings": true, "Templates": true, "WhatsApp": true}
	var titles []string
	for _, c := range cells {
		if !areas[c[0]] {
			t.Errorf("area %q is not the name of an area", c[0])
		}
		if strings.ContainsAny(c[1], "_") || c[1] == "" || strings.ToUpper(c[1][:1]) != c[1][:1] {
			t.Errorf("%q does not read as words", c[1])
		}
		titles = append(titles, c[1])
	}
	for _, want := range []string{"WhatsApp connected", "Contact added", "Template created", "Campaign created", "Contacts imported"} {
		if !strings.Contains(strings.Join(titles, "|"), want) {
			t.Errorf("no %q among %q", want, titles)
		}
	}

	// Connection steps are hidden until asked for.
	if n := eval[int](t, ctx, `document.querySelectorAll('#activity-table tbody tr.activity-step').length`); n != 0 {
		t.Errorf("%d connection steps shown by default", n)
	}
	if eval[bool](t, ctx, `document.querySelector('#activity-steps').checked`) {
		t.Error("the connection steps switch is on by default")
	}
	click(t, ctx, "#activity-steps")
	// Consecutive steps fold into one row until it is clicked.
	waitFor(t, ctx, "the folded steps", `document.querySelector('.activity-steps-group .activity-steps-toggle')?.innerText === 'Connection: 2 steps'`)
	if !eval[bool](t, ctx, `document.querySelector('`+activityRow("whatsapp", "qr")+`').hidden`) {
		t.Error("the folded QR code step is shown")
	}
	click(t, ctx, ".activity-steps-toggle")
	waitFor(t, ctx, "the QR code step", `(() => { const row = document.querySelector('`+activityRow("whatsapp", "qr")+`'); return !row.hidden && row.innerText.includes('QR code shown'); })()`)
	if !eval[bool](t, ctx, `document.querySelector('`+activityRow("whatsapp", "qr")+`').classList.contains('activity-step')`) {
		t.Error("the QR code step is not marked as a step")
	}
	screenshot(t, ctx, "browser-activity-steps")
	click(t, ctx, "#activity-steps")
	waitFor(t, ctx, "the steps hidden again", `document.querySelector('`+activityRow("whatsapp", "qr")+`') === null && document.querySelector('`+activityRow("contacts", "imported")+`') !== null`)
}

func TestActivity_EntriesLinkToWhatTheyConcern(t *testing.T) {
	h := startHerald(t)
	contact, campaign, reportName := everyKindOfEntry(t, h)
	ctx := openActivity(t, h)

	// The import's entry downloads its problems report.
	dir := t.TempDir()
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true),
	}); err != nil {
		t.Fatal(err)
	}
	report := downloadAfter(t, ctx, dir, func() { click(t, ctx, activityRow("contacts", "imported")+" .activity-report") })
	if written, err := os.ReadFile(filepath.Join(h.DataDir, "exports", reportName)); err != nil || string(written) != report {
		t.Errorf("the download differs from the report Herald wrote (%v):\n%s", err, report)
	}
	if !strings.Contains(report, "\n3,") || !strings.Contains(report, "\n4,") {
		t.Errorf("the downloaded report lacks lines 3 and 4, which did not make it:\n%s", report)
	}
	screenshot(t, ctx, "browser-activity-links")

	// The contact's entry opens the contact.
	click(t, ctx, activityRow("contacts", "created")+` a.activity-link[data-ref="contacts"]`)
	waitFor(t, ctx, "the contact in its editor", fmt.Sprintf(`location.hash === '#/contacts/%d' && document.querySelector('#contact-modal.show #contact-name')?.value === 'Ada Linked'`, contact))

	click(t, ctx, "#contact-cancel")
	waitModal(t, ctx, "contact-modal", false)

	// The template's entry opens the template.
	goTo(t, ctx, "activity")
	click(t, ctx, activityRow("templates", "created")+` a.activity-link[data-ref="templates"]`)
	waitFor(t, ctx, "the template in its editor", `location.hash.startsWith('#/templates/') && document.querySelector('#template-editor #template-name')?.value === 'Spring'`)

	// The campaign's entry opens the campaign.
	goTo(t, ctx, "activity")
	click(t, ctx, activityRow("campaigns", "created")+` a.activity-link[data-ref="campaigns"]`)
	waitFor(t, ctx, "the campaign's page", fmt.Sprintf(`location.hash === '#/campaigns/%d' && document.querySelector('#campaign-name')?.textContent.includes('Spring sale')`, campaign))
}
