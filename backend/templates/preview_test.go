package templates

import (
	"strings"
	"testing"

	"herald/backend/contacts"
	"herald/backend/templates/engine"
)

func addContact(t *testing.T, f fixture, c contacts.Contact) contacts.Contact {
	t.Helper()
	got, err := f.contacts.Create(c)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestValidate_PositionsInCharactersAndCustomFields(t *testing.T) {
	f := newService(t)
	addContact(t, f, contacts.Contact{Phone: "+447911123456", CustomFields: map[string]string{"city": "Leeds"}})
	for _, tc := range []struct {
		body       string
		start, end int
		msg        string
	}{
		{"👋🏽 Olá {{frist_name}}", 7, 21, "Did you mean {{first_name}}?"},
		{"{{custom.plan}}", 0, 15, "custom.plan"},
		{"{{city}}", 0, 8, "{{custom.city}}"},
	} {
		got, err := f.svc.Validate(tc.body)
		if err != nil || len(got) != 1 || got[0].Start != tc.start || got[0].End != tc.end || !strings.Contains(got[0].Message, tc.msg) {
			t.Errorf("Validate(%q) = %+v %v, want %d-%d with %q", tc.body, got, err, tc.start, tc.end, tc.msg)
		}
	}
	if got, _ := f.svc.Validate("Hi {{custom.City}} {Hi|Hello}"); got == nil || len(got) != 0 {
		t.Errorf("a fine body gives %#v, want []", got)
	}
}

func TestPreview_ShowsWhatTheContactReceives(t *testing.T) {
	f := newService(t)
	ann := addContact(t, f, contacts.Contact{Name: "Ann Lee", Phone: "+447911123456", CustomFields: map[string]string{"city": "Leeds"}})
	bare := addContact(t, f, contacts.Contact{Phone: "+447911123457"})
	body := "Hi {{first_name|there}}, {{custom.city|your town}} on {{date}} at {{time}}. *{{company|Acme}}*"
	for _, tc := range []struct {
		who  contacts.Contact
		want string
	}{
		{ann, "Hi Ann, Leeds on 4 March 2025 at 12:05. *Acme*"},
		{bare, "Hi there, your town on 4 March 2025 at 12:05. *Acme*"},
	} {
		got, err := f.svc.Preview(body, tc.who.ID)
		if err != nil || got.Text != tc.want || got.Problems == nil || len(got.Problems) != 0 {
			t.Errorf("Preview for %s = %+v %v, want %q", tc.who.Phone, got, err, tc.want)
		}
	}
}

func TestPreview_SpintaxPickIsStablePerContact(t *testing.T) {
	f := newService(t)
	ann := addContact(t, f, contacts.Contact{Name: "Ann", Phone: "+447911123456"})
	body := "{Hi|Hello|Hey|Howdy|Greetings} {{name}}"
	first, _ := f.svc.Preview(body, ann.ID)
	for range 5 {
		if again, _ := f.svc.Preview(body, ann.ID); again.Text != first.Text {
			t.Fatalf("pick changed: %q then %q", first.Text, again.Text)
		}
	}
	tmpl, _ := engine.Compile(body, engine.Options{})
	want, _ := tmpl.Render(engine.Context{Contact: engine.Contact{Name: "Ann"}, Seed: engine.Seed(0, ann.ID)})
	if first.Text != want {
		t.Errorf("preview %q, want the Seed(0, contact) pick %q", first.Text, want)
	}
}

func TestPreview_MissingVariableNamesItAtItsPosition(t *testing.T) {
	f := newService(t)
	bare := addContact(t, f, contacts.Contact{Phone: "+447911123456"})
	addContact(t, f, contacts.Contact{Phone: "+447911123457", CustomFields: map[string]string{"city": "Leeds"}})
	got, err := f.svc.Preview("Hi {{first_name|there}}, {{ First_Name }} from {{custom.city}}", bare.ID)
	if err != nil || got.Text != "" || len(got.Problems) != 2 {
		t.Fatalf("preview %+v %v", got, err)
	}
	p := got.Problems[0]
	if p.Start != 25 || p.End != 41 || !strings.Contains(p.Message, "+447911123456 has no first name") || !strings.Contains(p.Message, "{{first_name|") {
		t.Errorf("first name problem %+v", p)
	}
	if p := got.Problems[1]; p.Start != 47 || p.End != 62 || !strings.Contains(p.Message, "has no “city”") {
		t.Errorf("city problem %+v", p)
	}
}

func TestPreview_BodyWithProblemsOrUnknownContact(t *testing.T) {
	f := newService(t)
	got, err := f.svc.Preview("Hi {{frist_name}}", 1)
	if err != nil || got.Text != "" || len(got.Problems) != 1 {
		t.Errorf("broken body: %+v %v", got, err)
	}
	if _, err := f.svc.Preview("Hi", 999); err == nil || !strings.Contains(err.Error(), "no contact 999") {
		t.Errorf("unknown contact: %v", err)
	}
}

func TestPreviewAudience_FirstContactsByNameSkippingOptedOut(t *testing.T) {
	f := newService(t)
	addContact(t, f, contacts.Contact{Name: "Carl", Phone: "+447911123451"})
	addContact(t, f, contacts.Contact{Name: "Ann", Phone: "+447911123452"})
	addContact(t, f, contacts.Contact{Name: "Bob", Phone: "+447911123453", OptedOut: true})
	addContact(t, f, contacts.Contact{Phone: "+447911123454"})
	got, err := f.svc.PreviewAudience("Hi {{first_name}}", 10)
	if err != nil || len(got) != 3 {
		t.Fatalf("audience %+v %v", got, err)
	}
	// The contact book's name order puts a contact without a name first.
	if got[0].Text != "" || len(got[0].Problems) != 1 || got[1].Text != "Hi Ann" || got[2].Text != "Hi Carl" {
		t.Errorf("audience %+v", got)
	}
	if two, _ := f.svc.PreviewAudience("Hi {{first_name|there}}", 2); len(two) != 2 || two[0].Text != "Hi there" {
		t.Errorf("first two %+v", two)
	}
}
