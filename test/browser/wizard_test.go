//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// fieldError says which field is marked invalid with its message right
// after it, and whether the banner above the step is hidden meanwhile.
func fieldError(t *testing.T, ctx context.Context, field, text string) {
	t.Helper()
	waitFor(t, ctx, "the problem on "+field, fmt.Sprintf(`(() => {
		const field = document.querySelector(%q), feedback = document.querySelector('#wizard-field-error');
		return field.classList.contains('is-invalid') && field.getAttribute('aria-invalid') === 'true'
			&& (field.getAttribute('aria-describedby') ?? '').includes('wizard-field-error')
			&& feedback?.textContent === %q && feedback.classList.contains('invalid-feedback')
			&& getComputedStyle(feedback).display !== 'none' && document.querySelector('#wizard-error').hidden;
	})()`, field, text))
}

func TestWizard_ProblemsAreSaidOnTheirField(t *testing.T) {
	h := startHerald(t)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	addTemplate(t, h, "Welcome", "Hi {{first_name|there}}")
	ctx := openCampaigns(t, h)
	click(t, ctx, "#campaigns-empty-new")
	waitFor(t, ctx, "the wizard", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelectorAll('#wizard-template option').length > 1`)

	// A placeholder is an example, not a value: "e.g." and dimmer than typed text.
	look := eval[[]string](t, ctx, `(() => { const el = document.querySelector('#wizard-name');
		return [el.placeholder, getComputedStyle(el, '::placeholder').color, getComputedStyle(el).color, getComputedStyle(el, '::placeholder').fontStyle]; })()`)
	if !strings.HasPrefix(look[0], "e.g. ") || look[1] == look[2] || look[3] != "italic" {
		t.Errorf("the name's placeholder %q is drawn %s (%s) like a value in %s", look[0], look[1], look[3], look[2])
	}

	click(t, ctx, "#wizard-next")
	fieldError(t, ctx, "#wizard-name", "Give the campaign a name.")
	if !eval[bool](t, ctx, `document.activeElement === document.querySelector('#wizard-name') && document.querySelector('#wizard-name').nextElementSibling.id === 'wizard-field-error'`) {
		t.Error("the name's problem is not said beside it, with the focus on it")
	}
	typeInto(t, ctx, "#wizard-name", "Spring sale")
	waitFor(t, ctx, "the problem gone once the name is typed", `!document.querySelector('#wizard-field-error') && !document.querySelector('#wizard-name').classList.contains('is-invalid')`)
	click(t, ctx, "#wizard-next")
	fieldError(t, ctx, "#wizard-template", "Choose the template to send.")
	choose(t, ctx, "#wizard-template", eval[string](t, ctx, `[...document.querySelectorAll('#wizard-template option')].find(o => o.text === 'Welcome').value`))
	waitFor(t, ctx, "the template's problem gone", `!document.querySelector('#wizard-field-error')`)

	// A problem of no single field stays above the step.
	wizardStep(t, ctx, "audience")
	click(t, ctx, "#wizard-audience-search")
	click(t, ctx, "#wizard-next")
	fieldError(t, ctx, "#wizard-search-text", "Type what to search for, or choose another audience.")
	typeInto(t, ctx, "#wizard-search-text", "Nobody here")
	click(t, ctx, "#wizard-next")
	waitFor(t, ctx, "the banner", `!document.querySelector('#wizard-error').hidden && document.querySelector('#wizard-error').textContent.startsWith('Nobody would receive') && !document.querySelector('#wizard-field-error')`)
	click(t, ctx, "#wizard-audience-all")

	wizardStep(t, ctx, "preview")
	wizardStep(t, ctx, "pace")
	wizardStep(t, ctx, "schedule")
	click(t, ctx, "#wizard-when-at")
	click(t, ctx, "#wizard-next")
	fieldError(t, ctx, "#wizard-at", "Choose the date and time to send at.")

	// The step's heading takes the focus without a box drawn around it.
	if got := eval[string](t, ctx, `(() => { const el = document.querySelector('#wizard-step-title'); el.focus(); return getComputedStyle(el).outlineStyle; })()`); got != "none" {
		t.Errorf("the focused step heading has a %s outline", got)
	}
	screenshot(t, ctx, "browser-wizard-field-error")
}

func TestWizard_AsksBeforeLosingChoices(t *testing.T) {
	h := startHerald(t)
	addTemplate(t, h, "Welcome", "Hi {{first_name|there}}")
	ctx := openCampaigns(t, h)
	openWizard := func() {
		t.Helper()
		click(t, ctx, "#campaigns-empty-new")
		waitFor(t, ctx, "the wizard, ready", `document.querySelector('#campaign-wizard')?.dataset.step === 'basics' && document.querySelectorAll('#wizard-template option').length > 1 && document.activeElement?.id === 'wizard-name'`)
	}

	// Nothing chosen: closing asks nothing.
	openWizard()
	click(t, ctx, "#wizard-cancel")
	waitFor(t, ctx, "the list again", `!document.querySelector('#campaign-wizard') && !document.querySelector('.empty-state').hidden`)
	if eval[bool](t, ctx, `document.querySelector('#leave-modal') !== null`) {
		t.Error("closing an untouched wizard asked")
	}

	openWizard()
	typeInto(t, ctx, "#wizard-name", "Spring sale")
	click(t, ctx, "#wizard-cancel")
	answerLeave(t, ctx, "#leave-stay")
	if got := eval[string](t, ctx, `document.querySelector('#wizard-name')?.value ?? ''`); got != "Spring sale" {
		t.Errorf("after Stay the name is %q", got)
	}

	// Another page, through the sidebar: asked too, and Discard leaves.
	click(t, ctx, `a[data-page="contacts"]`)
	answerLeave(t, ctx, "#leave-discard")
	waitFor(t, ctx, "the contacts page", `document.querySelector('main#page[data-page="contacts"]') !== null`)
	var page struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "List", map[string]any{}), &page); err != nil || page.Total != 0 {
		t.Errorf("campaigns after Discard: %+v, %v; want none", page, err)
	}
}
