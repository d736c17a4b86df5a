//go:build e2e

package browser

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// storedContact is a contact as the backend holds it.
type storedContact struct {
	ID           int64             `json:"id"`
	Name         string            `json:"name"`
	Phone        string            `json:"phone"`
	Email        string            `json:"email"`
	Company      string            `json:"company"`
	Tags         []string          `json:"tags"`
	CustomFields map[string]string `json:"customFields"`
}

func getContact(t *testing.T, h *heraldServer, id int64) storedContact {
	t.Helper()
	var c storedContact
	if err := json.Unmarshal(h.Call(t, "ContactService", "Get", id), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// mergeBook adds the two people of the report and writes a file
// whose rows bring their numbers with other people's details, a new
// person, and a row repeating Tom's number.
func mergeBook(t *testing.T, h *heraldServer) (tom, jose int64, file string) {
	t.Helper()
	tom = addContact(t, h, map[string]any{"name": "Tom Baker", "phone": "+12125550101", "company": "Baker & Sons",
		"tags": []string{"customer"}, "customFields": map[string]string{"nickname": "Tommy"}})
	jose = addContact(t, h, map[string]any{"name": "José Álvarez", "phone": "+12125550102", "email": "jose@example.com"})
	file = filepath.Join(t.TempDir(), "leads.csv")
	content := strings.Join([]string{
		"Name,Phone,Email,Company,Tags,nickname",
		"Camila <b>Torres</b>,(212) 555-0101,camila@example.com,Torres SA,lead,Cami", // line 2: Tom's number
		"Valentina Ruiz,+1 212 555 0102,,Ruiz Ltd,,",                                 // line 3: José's number
		"New Person,(212) 555-0103,new@example.com,,,",                               // line 4
		"Dup Tom,212-555-0101,dup@example.com,,,",                                    // line 5: line 2's number
	}, "\n") + "\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return tom, jose, file
}

// toMergeStep opens the import, sends file and goes on past the columns to
// the step that shows the rows matching contacts.
func toMergeStep(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	click(t, ctx, "#contacts-import")
	waitModal(t, ctx, "import-modal", true)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{file})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the preview", `document.querySelector('#import-preview')?.offsetParent != null`)
	click(t, ctx, "#import-start")
	waitFor(t, ctx, "the merge step", `document.querySelector('#import-merge')?.offsetParent != null`)
}

// mergeList is the merge step's list: each row's text, in order.
func mergeList(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll('#import-merge-list tbody tr')].map(r => r.innerText.replace(/\s+/g, ' ').trim())`)
}

func TestImport_MergeStepShowsWhatChangesAndEachChoiceDoesIt(t *testing.T) {
	for _, choice := range []string{"fill", "overwrite", "skip"} {
		t.Run(choice, func(t *testing.T) {
			h := startHerald(t)
			tom, jose, file := mergeBook(t, h)
			ctx := openContacts(t, h)
			waitRows(t, ctx, 2)
			toMergeStep(t, ctx, file)

			if got := eval[string](t, ctx, `document.querySelector('#import-merge-count').innerText`); got != "2 rows match contacts already in Herald (the same phone number)." {
				t.Errorf("count %q", got)
			}
			if got := eval[string](t, ctx, `document.querySelector('#import-merge-duplicates').innerText`); !strings.HasPrefix(got, "1 row repeats a number an earlier row of the file has") {
				t.Errorf("duplicates %q", got)
			}
			if !eval[bool](t, ctx, `document.querySelector('#import-matches-fill').checked`) {
				t.Error("fill only empty fields is not the default")
			}
			fill := mergeList(t, ctx)
			wantFill := []string{
				"Line 2 Tom Baker +1 212 555 0101 Email: empty → camila@example.com Tags: customer → customer, lead",
				"Line 3 José Álvarez +1 212 555 0102 Company: empty → Ruiz Ltd",
			}
			if !slices.Equal(fill, wantFill) {
				t.Errorf("fill list\n%q\nwant\n%q", fill, wantFill)
			}
			click(t, ctx, "#import-matches-overwrite")
			overwrite := mergeList(t, ctx)
			if len(overwrite) != 2 || !strings.Contains(overwrite[0], "Name: Tom Baker → Camila <b>Torres</b>") ||
				!strings.Contains(overwrite[0], "Company: Baker & Sons → Torres SA") || !strings.Contains(overwrite[0], "nickname: Tommy → Cami") {
				t.Errorf("overwrite list %q", overwrite)
			}
			// The file's text is shown as text, never as markup.
			if eval[bool](t, ctx, `document.querySelector('#import-merge b') !== null`) {
				t.Error("a value of the file became markup")
			}
			screenshot(t, ctx, "browser-import-merge")
			click(t, ctx, "#import-matches-"+choice)
			click(t, ctx, "#import-merge-start")
			waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)

			problems := eval[[]string](t, ctx, `[...document.querySelectorAll('#import-problems tbody tr')].map(r => r.innerText)`)
			if len(problems) != 1 || !strings.Contains(problems[0], "Line 5") || !strings.Contains(problems[0], "as line 2") {
				t.Errorf("problems %q, want line 5 told as a duplicate of line 2", problems)
			}
			changes := eval[[]string](t, ctx, `[...document.querySelectorAll('#import-changes tbody tr')].map(r => r.innerText.replace(/\s+/g, ' ').trim())`)
			t1, j1 := getContact(t, h, tom), getContact(t, h, jose)
			switch choice {
			case "fill":
				if t1.Name != "Tom Baker" || t1.Company != "Baker & Sons" || t1.Email != "camila@example.com" || t1.CustomFields["nickname"] != "Tommy" ||
					!slices.Equal(t1.Tags, []string{"customer", "lead"}) || j1.Name != "José Álvarez" || j1.Company != "Ruiz Ltd" {
					t.Errorf("after a fill: %+v, %+v", t1, j1)
				}
				if !slices.Equal(changes, wantFill) {
					t.Errorf("summary's changes %q", changes)
				}
			case "overwrite":
				if t1.Name != "Camila <b>Torres</b>" || t1.Company != "Torres SA" || t1.CustomFields["nickname"] != "Cami" ||
					j1.Name != "Valentina Ruiz" || j1.Email != "jose@example.com" {
					t.Errorf("after an overwrite: %+v, %+v", t1, j1)
				}
				if len(changes) != 2 || !strings.Contains(changes[0], "Name: Tom Baker → Camila <b>Torres</b>") {
					t.Errorf("summary's changes %q", changes)
				}
			case "skip":
				if t1.Name != "Tom Baker" || t1.Email != "" || !slices.Equal(t1.Tags, []string{"customer"}) || j1.Company != "" {
					t.Errorf("after a skip: %+v, %+v", t1, j1)
				}
				if len(changes) != 0 {
					t.Errorf("summary's changes %q after a skip", changes)
				}
				if got := eval[string](t, ctx, `document.querySelector('#import-unchanged').innerText`); !strings.HasPrefix(got, "2 rows had a number already in your contacts") {
					t.Errorf("the skipped matches: %q", got)
				}
			}
			if n := contactCount(t, h, map[string]any{}); n != 3 {
				t.Errorf("%d contacts, want 3 (the duplicate row left out)", n)
			}
			screenshot(t, ctx, "browser-import-merge-summary-"+choice)
		})
	}
}

func TestImport_UndoFromTheSummaryAndFromRecentImports(t *testing.T) {
	h := startHerald(t)
	tom, _, file := mergeBook(t, h)
	ctx := openContacts(t, h)
	waitRows(t, ctx, 2)
	toMergeStep(t, ctx, file)
	click(t, ctx, "#import-matches-overwrite")
	click(t, ctx, "#import-merge-start")
	waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)
	if got := eval[string](t, ctx, `document.querySelector('#import-undo-section').innerText`); !strings.Contains(got, "for 7 days") {
		t.Errorf("the undo does not say how long it lasts: %q", got)
	}
	if getContact(t, h, tom).Name != "Camila <b>Torres</b>" {
		t.Fatal("the overwrite did not happen")
	}
	click(t, ctx, "#import-undo")
	click(t, ctx, "#import-undo-confirm")
	waitFor(t, ctx, "the undo's outcome", `document.querySelector('#import-undo-result')?.offsetParent != null`)
	want := "Undid the import of leads.csv: removed 1 contact it added and restored 2 contacts it changed."
	if got := eval[string](t, ctx, `document.querySelector('#import-undo-result').innerText`); got != want {
		t.Errorf("outcome %q, want %q", got, want)
	}
	if got := getContact(t, h, tom); got.Name != "Tom Baker" || got.Company != "Baker & Sons" || !slices.Equal(got.Tags, []string{"customer"}) {
		t.Errorf("Tom after the undo: %+v", got)
	}
	if n := contactCount(t, h, map[string]any{}); n != 2 {
		t.Errorf("%d contacts after the undo, want 2", n)
	}
	click(t, ctx, "#import-done")
	waitModal(t, ctx, "import-modal", false)
	waitRows(t, ctx, 2)

	// A second import, undone from the list of recent imports.
	second := filepath.Join(t.TempDir(), "more.csv")
	if err := os.WriteFile(second, []byte("Name,Phone\nAna More,(212) 555-0199\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	click(t, ctx, "#contacts-import")
	waitModal(t, ctx, "import-modal", true)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{second})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the preview", `document.querySelector('#import-preview')?.offsetParent != null`)
	click(t, ctx, "#import-start")
	// No row matches: the import goes straight on.
	waitFor(t, ctx, "the summary", `document.querySelector('#import-summary')?.offsetParent != null`)
	click(t, ctx, "#import-done")
	waitModal(t, ctx, "import-modal", false)
	waitRows(t, ctx, 3)
	click(t, ctx, "#contacts-import")
	waitModal(t, ctx, "import-modal", true)
	waitFor(t, ctx, "the recent imports", `document.querySelectorAll('#import-history li').length === 2`)
	history := eval[[]string](t, ctx, `[...document.querySelectorAll('#import-history li')].map(li => li.innerText)`)
	if !strings.Contains(history[0], "more.csv") || !strings.Contains(history[1], "leads.csv") || !strings.Contains(history[1], "Undone on") {
		t.Errorf("recent imports %q", history)
	}
	screenshot(t, ctx, "browser-import-history")
	run := eval[string](t, ctx, `document.querySelector('#import-history li').dataset.run`)
	click(t, ctx, "#import-history-undo-"+run)
	click(t, ctx, "#import-history-undo-"+run+"-confirm")
	waitFor(t, ctx, "the undo's outcome", `document.querySelector('#import-history-undo-`+run+`-result')?.offsetParent != null`)
	if got := eval[string](t, ctx, `document.querySelector('#import-history-undo-`+run+`-result').innerText`); !strings.HasPrefix(got, "Undid the import of more.csv: removed 1 contact") {
		t.Errorf("outcome %q", got)
	}
	if n := contactCount(t, h, map[string]any{}); n != 2 {
		t.Errorf("%d contacts after the second undo, want 2", n)
	}
	waitRows(t, ctx, 2)
}

func TestImport_UndoFromItsActivityEntry(t *testing.T) {
	h := startHerald(t)
	dana := addContact(t, h, map[string]any{"name": "Dana Old", "phone": "+12125550187"})
	h.Call(t, "ContactService", "Import", h.upload(t, "testdata/import_with_problems.csv"), map[string]any{"matches": "overwrite"})
	if getContact(t, h, dana).Name != "Dana Import" || contactCount(t, h, map[string]any{}) != 2 {
		t.Fatal("the import did not happen")
	}
	ctx := openActivity(t, h)
	undo := activityRow("contacts", "imported") + " .activity-undo"
	if got := eval[string](t, ctx, `document.querySelector('`+undo+`').innerText`); got != "Undo the import" {
		t.Fatalf("the import's entry offers %q", got)
	}
	click(t, ctx, undo)
	waitModal(t, ctx, "confirm-modal", true)
	click(t, ctx, "#confirm-ok")
	waitFor(t, ctx, "the undo's entry", `document.querySelector('`+activityRow("contacts", "import undone")+`') !== null`)
	if got := eval[string](t, ctx, `document.querySelector('`+activityRow("contacts", "import undone")+`').innerText`); !strings.Contains(got, "removed 1 contact it added and restored 1 contact it changed") {
		t.Errorf("the undo's entry says %q", got)
	}
	if got := getContact(t, h, dana); got.Name != "Dana Old" || got.Company != "" {
		t.Errorf("Dana after the undo: %+v", got)
	}
	if n := contactCount(t, h, map[string]any{}); n != 1 {
		t.Errorf("%d contacts after the undo, want 1", n)
	}
	// The undo's own entry offers no undo.
	if eval[bool](t, ctx, `document.querySelector('`+activityRow("contacts", "import undone")+` .activity-undo') !== null`) {
		t.Error("the undo's entry offers an undo")
	}
}
