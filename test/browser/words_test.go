//go:build e2e

package browser

import (
	"context"
	"strings"
	"testing"
)

// wordFaults is a script listing what main#page shows people in Herald's
// own words rather than theirs: "spintax"; a code_with_underscores outside
// a {{variable}}; a state code (an element's data-state) written out as it
// is, where a label belongs; a problem-list entry that is not a full
// sentence (a capital first, a full stop or question mark last). Modals
// open over the page count as part of it.
const wordFaults = `(() => {
	const faults = [];
	const roots = [document.querySelector('main#page'), ...document.querySelectorAll('.modal.show')];
	const shown = (el) => el.getClientRects().length > 0;
	for (const root of roots) {
		const text = root.innerText;
		if (/spintax/i.test(text)) faults.push('says "spintax"');
		for (const m of text.replace(/\{\{[^}]*\}\}/g, '').matchAll(/\b[a-z]+_[a-z_]+\b/g)) faults.push('shows the code ' + m[0]);
		for (const el of root.querySelectorAll('[data-state]')) {
			if (!shown(el) || el.querySelector('[data-state]') || el.innerText.length > 80) continue;
			const code = el.dataset.state;
			if (new RegExp('(^|[^\\w])' + code + '([^\\w]|$)').test(el.innerText)) faults.push('shows the state code "' + code + '": ' + el.innerText.trim());
		}
		for (const li of root.querySelectorAll('.template-problem, .import-problem')) {
			const sentence = li.innerText.trim();
			if (!/^\p{Lu}/u.test(sentence) || !/[.?]$/.test(sentence)) faults.push('a problem that is not a full sentence: ' + sentence);
		}
	}
	return faults;
})()`

// checkWords fails the test for every word fault of what the tab shows.
func checkWords(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	for _, fault := range eval[[]string](t, ctx, wordFaults) {
		t.Errorf("%s %s", where, fault)
	}
}

func TestWords_CheckFindsCodesJargonAndFragments(t *testing.T) {
	h := startHerald(t)
	ctx := openApp(t, h, "")
	eval[bool](t, ctx, `(() => {
		const page = document.querySelector('main#page');
		page.insertAdjacentHTML('beforeend', '<p>Empty spintax option.</p><p>Status: pairing_code</p>' +
			'<span data-state="delivered">delivered 3 Dec</span><ul><li class="template-problem">unknown variable</li></ul>' +
			'<p>Hi {{first_name|there}}</p><span data-state="completed">Completed</span>');
		return true;
	})()`)
	got := strings.Join(eval[[]string](t, ctx, wordFaults), "\n")
	for _, want := range []string{`says "spintax"`, "the code pairing_code", `the state code "delivered"`, "not a full sentence: unknown variable"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check missed %q; it found:\n%s", want, got)
		}
	}
	for _, fine := range []string{"first_name", `"completed"`} {
		if strings.Contains(got, fine) {
			t.Errorf("the check took %s for a fault:\n%s", fine, got)
		}
	}
}

func TestWords_PagesSpeakThePeoplesWords(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	addContact(t, h, map[string]any{"name": "Ann Lee", "phone": "+14155552671"})
	tmpl := addTemplate(t, h, "Hello", "Hi {{first_name|there}}!")
	campaign := addCampaign(t, h, "Spring", tmpl, noLimits, true)
	ctx := openContacts(t, h)
	waitFor(t, ctx, "the campaign to finish", `(async () => (await window.go.campaigns.Service.Get(`+itoa(campaign)+`)).state === 'completed')()`)

	for _, page := range []string{"dashboard", "contacts", "templates", "campaigns", "activity", "whatsapp", "settings"} {
		goTo(t, ctx, page)
		checkWords(t, ctx, "the "+page+" page")
	}

	// A campaign's own page, and a contact's form with the messages it was sent.
	eval[bool](t, ctx, `(location.hash = '#/campaigns/`+itoa(campaign)+`', true)`)
	waitFor(t, ctx, "the campaign's page", `document.querySelector('#campaign-detail')?.dataset.state === 'completed'`)
	checkWords(t, ctx, "the campaign's page")
	goTo(t, ctx, "contacts")
	click(t, ctx, "#contacts-table tbody tr .contact-edit")
	waitModal(t, ctx, "contact-modal", true)
	waitFor(t, ctx, "the campaign in the form", `document.querySelector('#contact-history li') !== null`)
	checkWords(t, ctx, "the contact's form")
	click(t, ctx, "#contact-cancel")
	waitModal(t, ctx, "contact-modal", false)

	// The template editor's problem list, for a message with one of each kind of mistake.
	goTo(t, ctx, "templates")
	click(t, ctx, "#templates-new")
	waitFor(t, ctx, "the editor", `document.querySelector('#template-body')?.offsetParent !== null`)
	typeInto(t, ctx, "#template-body", "{Hi|} {{frist_name}} {{custom.}} {x} {Hi|Hello there }} {{}}")
	waitFor(t, ctx, "the problems", `document.querySelectorAll('#template-problems .template-problem').length >= 5`)
	checkWords(t, ctx, "the template editor")
}
