//go:build e2e

package browser

import (
	"fmt"
	"strings"
	"testing"
)

// TestContacts_PhonesAreShownForPeople: the list shows stored E.164 numbers
// in the international format with the country's name on hover, a long name
// is cut with its whole text (escaped) as the tooltip, the edit form keeps
// the number as stored, and the activity log formats the numbers it names.
func TestContacts_PhonesAreShownForPeople(t *testing.T) {
	h := startHerald(t)
	greta := addContact(t, h, map[string]any{"name": "Greta Berlin", "phone": "+4915123456789"})
	nameless := addContact(t, h, map[string]any{"phone": "+525512345678"})
	long := `<img src=x onerror="window.__xss=1"> Maximiliane Alexandra von Hohenzollern-Sigmaringen und Veringen`
	longID := addContact(t, h, map[string]any{"name": long, "phone": "+14155552671"})
	ctx := openContacts(t, h)
	resize(t, ctx, layoutSizes[0])
	waitRows(t, ctx, 3)

	type shown struct{ Text, Title string }
	phone := func(id int64, column string) shown {
		return eval[shown](t, ctx, fmt.Sprintf(`(() => {
			const el = document.querySelector('#contact-%d td.%s .phone');
			return el ? {text: el.textContent, title: el.title} : {text: '', title: ''};
		})()`, id, column))
	}
	for _, c := range []struct {
		id     int64
		column string
		want   shown
	}{
		{greta, "col-phone", shown{"+49 1512 3456789", "Germany"}},
		{nameless, "col-phone", shown{"+52 55 1234 5678", "Mexico"}},
		{nameless, "col-name", shown{"+52 55 1234 5678", "Mexico"}},
		{longID, "col-phone", shown{"+1 415 555 2671", "United States"}},
	} {
		if got := phone(c.id, c.column); got != c.want {
			t.Errorf("contact %d, %s: shows %q with the tooltip %q, want %q and %q", c.id, c.column, got.Text, got.Title, c.want.Text, c.want.Title)
		}
	}

	// The long name is cut to its column, and its tooltip is the whole name, as text.
	name := eval[shown](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector('#contact-%d td.col-name .cell-clip');
		return {text: el.scrollWidth > el.clientWidth ? 'cut' : 'whole', title: el.title};
	})()`, longID))
	if name != (shown{"cut", long}) {
		t.Errorf("the long name is %s with the tooltip %q", name.Text, name.Title)
	}
	if eval[bool](t, ctx, `window.__xss === 1 || document.querySelectorAll('#contacts-table img').length > 0`) {
		t.Error("the name ran as HTML")
	}

	// The form names the contact by the number as people read it, and edits it as stored.
	click(t, ctx, fmt.Sprintf(`#contact-%d .contact-edit`, nameless))
	waitModal(t, ctx, "contact-modal", true)
	if title := eval[string](t, ctx, `document.querySelector('#contact-modal .modal-title').textContent`); !strings.Contains(title, "+52 55 1234 5678") {
		t.Errorf("the form's title is %q", title)
	}
	if value := eval[string](t, ctx, `document.querySelector('#contact-phone').value`); value != "+525512345678" {
		t.Errorf("the phone field holds %q, want the stored +525512345678", value)
	}
	click(t, ctx, "#contact-cancel")
	waitModal(t, ctx, "contact-modal", false)

	// The activity log's entries name the numbers the same way.
	goTo(t, ctx, "activity")
	waitFor(t, ctx, "Greta's entry", `document.querySelector('#activity-table tbody')?.innerText.includes('Greta Berlin')`)
	// No-break spaces keep a number on one line.
	if log := eval[string](t, ctx, `document.querySelector('#activity-table tbody').innerText`); !strings.Contains(log, "+49\u00a01512\u00a03456789") || strings.Contains(log, "+4915123456789") {
		t.Errorf("the activity log shows the numbers as %q", log)
	}
}
