//go:build e2e

package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openTemplates opens the Templates page and waits for its list or empty state.
func openTemplates(t *testing.T, h *heraldServer) context.Context {
	t.Helper()
	ctx := openContacts(t, h) // reduced motion, so modals open at once
	goTo(t, ctx, "templates")
	waitFor(t, ctx, "the templates list", `document.querySelector('#templates-list') !== null`)
	return ctx
}

// waitPreview waits until the preview bubble holds exactly text.
func waitPreview(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	waitFor(t, ctx, "the preview to read "+text, fmt.Sprintf(`document.querySelector('#template-preview').dataset.text === %q`, text))
}

// waitProblem waits until a problem under the editor contains text.
func waitProblem(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	waitFor(t, ctx, "a problem saying "+text, fmt.Sprintf(`document.querySelector('#template-problems').textContent.includes(%q)`, text))
}

// pick chooses an option of a select by value and tells the page.
func pick(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (![...el.options].some(o => o.value === %q)) return false;
		el.value = %q;
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return true;
	})()`, selector, value, value))
	if !ok {
		t.Fatalf("%s has no option %s", selector, value)
	}
}

func templateNames(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll('#templates-table tbody tr[data-id] .template-open')].map(a => a.textContent)`)
}

func TestTemplates_WritePreviewValidateSaveDuplicateDelete(t *testing.T) {
	h := startHerald(t)
	ann := addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671", "customFields": map[string]string{"city": "Lisbon"}})
	bare := addContact(t, h, map[string]any{"phone": "+12125550187"})
	ctx := openTemplates(t, h)
	waitFor(t, ctx, "the empty state", `document.querySelector('#templates-empty-new')?.offsetParent !== null`)
	if text := pageText(t, ctx); !strings.Contains(text, "No templates yet") {
		t.Errorf("no templates, and the page does not say so: %q", text)
	}

	click(t, ctx, "#templates-empty-new")
	waitFor(t, ctx, "the editor", `document.querySelector('#template-body')?.offsetParent !== null`)
	waitFor(t, ctx, "custom fields in the variable picker", `[...document.querySelectorAll('#template-variables option')].some(o => o.value === 'custom.city')`)
	typeInto(t, ctx, "#template-name", "Welcome")

	// An unknown variable is explained and underlined, and the preview waits for a fix.
	typeInto(t, ctx, "#template-body", "Hi {{frist_name}}")
	waitProblem(t, ctx, "Unknown variable {{frist_name}}. Did you mean {{first_name}}?")
	if mark := eval[string](t, ctx, `document.querySelector('.template-mirror mark')?.textContent ?? ''`); mark != "{{frist_name}}" {
		t.Errorf("underlined %q, want {{frist_name}}", mark)
	}
	screenshot(t, ctx, "browser-template-problem")
	// Saving it anyway keeps a draft.
	click(t, ctx, "#template-save")
	waitFor(t, ctx, "the draft note", `!document.querySelector('#template-saved').hidden`)
	if note := eval[string](t, ctx, `document.querySelector('#template-saved').textContent`); !strings.Contains(note, "Saved as a draft") {
		t.Errorf("draft note %q", note)
	}

	// A variable with a fallback, a custom field and formatting, previewed for Ann.
	typeInto(t, ctx, "#template-body", "Hi {{first_name|there}}, see you in ")
	pick(t, ctx, "#template-variables", "custom.city")
	eval[bool](t, ctx, `(() => { const b = document.querySelector('#template-body'); b.setSelectionRange(b.value.length, b.value.length); return true; })()`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#template-body"), "! *Big sale* today ")); err != nil {
		t.Fatalf("type at the end of the body: %v", err)
	}
	click(t, ctx, "#template-emoji")
	click(t, ctx, `#template-emoji-grid button[title="🎉"]`)
	waitFor(t, ctx, "no problems", `document.querySelector('#template-problems').children.length === 0`)
	pick(t, ctx, "#template-preview-contact", itoa(ann))
	waitPreview(t, ctx, "Hi Ann, see you in Lisbon! *Big sale* today 🎉")
	if bold := eval[string](t, ctx, `document.querySelector('#template-preview strong')?.textContent ?? ''`); bold != "Big sale" {
		t.Errorf("bold in the bubble: %q", bold)
	}
	if vars := eval[[]string](t, ctx, `[...document.querySelectorAll('#template-preview mark.wa-var')].map(m => m.textContent)`); strings.Join(vars, ",") != "Ann,Lisbon" {
		t.Errorf("substitutions marked in the bubble: %q, want Ann,Lisbon", vars)
	}
	if count := eval[string](t, ctx, `document.querySelector('#template-count').textContent`); !strings.HasPrefix(count, "72 /") {
		t.Errorf("counter %q, want 72 UTF-16 units", count)
	}
	screenshot(t, ctx, "browser-template-editor")

	// A contact without a city: no text, and the reason.
	pick(t, ctx, "#template-preview-contact", itoa(bare))
	waitFor(t, ctx, "the missing city", `document.querySelector('#template-preview-note').textContent.includes('has no “city”')`)

	click(t, ctx, "#template-save")
	waitFor(t, ctx, "the saved toast", `document.querySelector('#toasts').textContent.includes('Saved “Welcome”.')`)
	click(t, ctx, "#template-back")
	waitFor(t, ctx, "the list with the template", `document.querySelector('#templates-table tbody tr[data-id] .template-status')?.textContent === 'Ready'`)
	if names := templateNames(t, ctx); strings.Join(names, "|") != "Welcome" {
		t.Errorf("list %q", names)
	}

	click(t, ctx, "#templates-table tbody tr[data-id] .template-duplicate")
	waitFor(t, ctx, "the copy", `document.querySelectorAll('#templates-table tbody tr[data-id]').length === 2`)
	if names := templateNames(t, ctx); strings.Join(names, "|") != "Welcome|Welcome (copy)" {
		t.Errorf("list after duplicate %q", names)
	}
	click(t, ctx, "#templates-table tbody tr[data-id]:nth-child(2) .template-delete")
	waitModal(t, ctx, "confirm-modal", true)
	click(t, ctx, "#confirm-ok")
	waitFor(t, ctx, "the copy to go", `document.querySelectorAll('#templates-table tbody tr[data-id]').length === 1`)

	var page struct {
		Items []struct {
			Name, Body string
			Usable     bool
		} `json:"items"`
	}
	if err := json.Unmarshal(h.Call(t, "TemplateService", "List", map[string]any{}), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Body != "Hi {{first_name|there}}, see you in {{custom.city}}! *Big sale* today 🎉" || !page.Items[0].Usable {
		t.Errorf("stored %+v", page.Items)
	}
}

// audienceItem is one contact of the audience preview as the page shows it.
type audienceItem struct {
	ID      string `json:"id"`
	Who     string `json:"who"`
	Text    string `json:"text"`
	Problem string `json:"problem"`
	Marks   string `json:"marks"`
	HTML    int    `json:"html"` // elements a contact's value could have smuggled in
}

func audienceItems(t *testing.T, ctx context.Context) map[string]audienceItem {
	t.Helper()
	items := eval[[]audienceItem](t, ctx, `[...document.querySelectorAll('#template-audience .template-audience-item')].map(li => ({
		id: li.dataset.contactId, who: li.querySelector('.template-audience-who').innerText, text: li.dataset.text,
		problem: li.querySelector('.template-audience-problem')?.textContent ?? '',
		marks: [...li.querySelectorAll('mark.wa-var')].map(m => m.textContent).join(','),
		html: li.querySelectorAll('b, img, script').length }))`)
	out := map[string]audienceItem{}
	for _, it := range items {
		out[it.ID] = it
	}
	return out
}

// previewText is what TemplateService.Preview says contact id receives.
func previewText(t *testing.T, h *heraldServer, body string, id int64) string {
	t.Helper()
	var p struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(h.Call(t, "TemplateService", "Preview", body, id), &p); err != nil {
		t.Fatal(err)
	}
	return p.Text
}

func TestTemplates_PreviewNextContacts(t *testing.T) {
	h := startHerald(t)
	ann := addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671", "customFields": map[string]string{"city": "Lisbon"}})
	bob := addContact(t, h, map[string]any{"name": "Bob Stone", "phone": "+14155552672", "email": "bob@example.com", "customFields": map[string]string{"city": "<b>{Rome|Oslo}</b>"}})
	bare := addContact(t, h, map[string]any{"phone": "+12125550187"})
	addContact(t, h, map[string]any{"name": "Cleo Gone", "phone": "+12125550188", "optedOut": true})
	ctx := openTemplates(t, h)
	click(t, ctx, "#templates-empty-new")
	waitFor(t, ctx, "the editor", `document.querySelector('#template-body')?.offsetParent !== null`)

	const body = "Hi {{first_name|friend}}, {Hello|Hey} {{custom.city|there}}"
	typeInto(t, ctx, "#template-body", body)
	waitFor(t, ctx, "no problems", `document.querySelector('#template-problems').children.length === 0`)
	if eval[bool](t, ctx, `document.querySelector('#template-audience').offsetParent !== null`) {
		t.Errorf("the audience list shows before it is asked for")
	}
	click(t, ctx, "#template-preview-mode-audience")
	waitFor(t, ctx, "the audience list", `document.querySelector('#template-audience')?.offsetParent !== null && document.querySelector('#template-preview').offsetParent === null`)
	if sizes := eval[[]string](t, ctx, `[...document.querySelectorAll('#template-audience-count option')].map(o => o.value)`); strings.Join(sizes, ",") != "5,10,25" {
		t.Errorf("audience sizes %q, want 5,10,25", sizes)
	}
	waitFor(t, ctx, "three contacts, the opted-out one skipped", `document.querySelectorAll('#template-audience .template-audience-item').length === 3`)

	want := map[int64]*regexp.Regexp{
		ann:  regexp.MustCompile(`^Hi Ann, (Hello|Hey) Lisbon$`),
		bob:  regexp.MustCompile(`^Hi Bob, (Hello|Hey) <b>\{Rome\|Oslo\}</b>$`), // a value is never re-expanded
		bare: regexp.MustCompile(`^Hi friend, (Hello|Hey) there$`),
	}
	for id := range want {
		// Exactly what that contact would get, the pick of {Hello|Hey} included.
		waitFor(t, ctx, "the text for contact "+itoa(id), fmt.Sprintf(
			`document.querySelector('.template-audience-item[data-contact-id="%d"]')?.dataset.text === %q`, id, previewText(t, h, body, id)))
	}
	items := audienceItems(t, ctx)
	for id, re := range want {
		it := items[itoa(id)]
		if !re.MatchString(it.Text) || it.Problem != "" {
			t.Errorf("contact %d: text %q problem %q, want %s", id, it.Text, it.Problem, re)
		}
		if it.HTML != 0 {
			t.Errorf("contact %d: a value became %d HTML elements", id, it.HTML)
		}
	}
	if it := items[itoa(ann)]; it.Marks != "Ann,Lisbon" || !strings.Contains(it.Who, "Ann Lee") || !strings.Contains(it.Who, "+1 415 555 2671") {
		t.Errorf("Ann's item: substitutions %q, label %q", it.Marks, it.Who)
	}
	if it := items[itoa(bare)]; it.Marks != "friend,there" || !strings.Contains(it.Who, "+1 212 555 0187") {
		t.Errorf("the nameless contact's item: substitutions %q, label %q", it.Marks, it.Who)
	}
	choose(t, ctx, "#template-audience-count", "10")
	waitFor(t, ctx, "the list for 10", `document.querySelectorAll('#template-audience .template-audience-item').length === 3`)
	screenshot(t, ctx, "browser-template-audience")

	// {{email}} without a fallback: Bob gets his address, the others the reason instead.
	const email = "Hi {{first_name|friend}}, we will write to {{email}}"
	typeInto(t, ctx, "#template-body", email)
	waitFor(t, ctx, "Bob's address", fmt.Sprintf(
		`document.querySelector('.template-audience-item[data-contact-id="%d"]')?.dataset.text === 'Hi Bob, we will write to bob@example.com'`, bob))
	waitFor(t, ctx, "the problems for the others", `document.querySelectorAll('#template-audience .template-audience-problem').length === 2`)
	items = audienceItems(t, ctx)
	for id, name := range map[int64]string{ann: "Ann Lee", bare: "+12125550187"} {
		it := items[itoa(id)]
		if it.Text != "" || !strings.Contains(it.Problem, name+" has no email, and {{email}} has no fallback") {
			t.Errorf("contact %d: text %q, problem %q", id, it.Text, it.Problem)
		}
	}
	if it := items[itoa(bob)]; it.Problem != "" {
		t.Errorf("Bob has an email, yet: %q", it.Problem)
	}
	if note := eval[string](t, ctx, `document.querySelector('#template-audience-note').textContent`); !strings.Contains(note, "2 of these 3 contacts cannot be sent") {
		t.Errorf("audience note %q", note)
	}
	screenshot(t, ctx, "browser-template-audience-problem")

	// Back to one contact: the single bubble again, for the body as it is now.
	click(t, ctx, "#template-preview-mode-one")
	pick(t, ctx, "#template-preview-contact", itoa(bob))
	waitPreview(t, ctx, "Hi Bob, we will write to bob@example.com")
}

// writePNG writes a small real PNG, padded with trailing bytes to size when
// size is larger (the picture still sniffs as PNG).
func writePNG(t *testing.T, path string, size int64) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	if pad := size - int64(buf.Len()); pad > 0 {
		buf.Write(make([]byte, pad))
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestTemplates_AttachAndRemoveMedia(t *testing.T) {
	h := startHerald(t)
	var created struct{ ID int64 }
	json.Unmarshal(h.Call(t, "TemplateService", "Create", map[string]any{"name": "Flyer", "body": "Our new menu", "category": "marketing"}), &created)
	dir := t.TempDir()
	small, big := filepath.Join(dir, "menu.png"), filepath.Join(dir, "poster.png")
	writePNG(t, small, 0)
	writePNG(t, big, 6<<20)

	ctx := openTemplates(t, h)
	click(t, ctx, fmt.Sprintf(`#templates-table tr[data-id="%d"] .template-edit`, created.ID))
	waitFor(t, ctx, "the attachment picker", `document.querySelector('#template-media-file') !== null`)

	// Over WhatsApp's 5 MB limit for pictures: refused in plain words.
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#template-media-file"), []string{big})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the size message", `!document.querySelector('#template-media-error').hidden && document.querySelector('#template-media-error').textContent.includes('5 MB')`)

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#template-media-file"), []string{small})); err != nil {
		t.Fatal(err)
	}
	// The copy in the data dir keeps the name and gets a unique suffix.
	waitFor(t, ctx, "the attached file", `/menu-\d+\.png/.test(document.querySelector('#template-media-current').textContent)`)
	var got struct{ MediaType, MediaPath string }
	json.Unmarshal(h.Call(t, "TemplateService", "Get", created.ID), &got)
	if got.MediaType != "image" || !strings.HasPrefix(got.MediaPath, filepath.Join(h.DataDir, "media")) {
		t.Errorf("after attaching: type %q path %q", got.MediaType, got.MediaPath)
	}
	click(t, ctx, "#template-media-remove")
	waitFor(t, ctx, "no attachment", `document.querySelector('#template-media-current').textContent.includes('No file attached')`)
	json.Unmarshal(h.Call(t, "TemplateService", "Get", created.ID), &got)
	if got.MediaPath != "" {
		t.Errorf("media still attached: %q", got.MediaPath)
	}
}
