package contacts

import (
	"reflect"
	"testing"
)

func TestImport_KeepsEveryNumberAndSaysWhichWasChosen(t *testing.T) {
	f := newServiceIn(t, "MX")
	path := writeFile(t, "google.csv", "Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n"+
		"Ana Ruiz,Work,55 5555 1234,Mobile,55 1234 5678\n")
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil || res.Created != 1 {
		t.Fatalf("Import = %+v, %v", res, err)
	}
	note := RowProblem{Line: 2, Name: "Ana Ruiz", Phone: "55 5555 1234",
		Message: "Chose the mobile +52 55 1234 5678 over the work number +52 55 5555 1234 for WhatsApp; the other number is kept on the contact."}
	if !reflect.DeepEqual(res.Notes, []RowProblem{note}) || res.Report == "" {
		t.Errorf("notes %+v, report %q", res.Notes, res.Report)
	}
	page, _ := f.svc.List(Query{Search: "Ana"})
	if page.Total != 1 {
		t.Fatalf("%d contacts", page.Total)
	}
	c, err := f.svc.Get(page.Items[0].ID)
	if err != nil || c.Phone != "+525512345678" || !reflect.DeepEqual(c.OtherPhones, []OtherPhone{{Label: "Work", Number: "+525555551234"}}) {
		t.Errorf("contact %+v, %v", c, err)
	}

	// A later file with the same mobile and a new number adds that number.
	path = writeFile(t, "outlook.csv", "First Name,Mobile Phone,Business Phone,Home Phone\nAna,55 1234 5678,55 5555 1234,33 3333 4444\n")
	res, err = f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []OtherPhone{{Label: "Work", Number: "+525555551234"}, {Label: "Home Phone", Number: "+523333334444"}}
	if got, _ := f.svc.Get(c.ID); !reflect.DeepEqual(got.OtherPhones, want) {
		t.Errorf("after the second file: %+v, want %+v", got.OtherPhones, want)
	}
	if len(res.Changes) != 1 || !reflect.DeepEqual(res.Changes[0].Fields, []FieldChange{{Field: "Other phones",
		Before: "Work: +525555551234", After: "Work: +525555551234; Home Phone: +523333334444"}}) {
		t.Errorf("changes %+v", res.Changes)
	}
	// Undoing the second file takes the number it added away again.
	if _, err := f.svc.UndoImport(res.Run); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Get(c.ID); !reflect.DeepEqual(got.OtherPhones, c.OtherPhones) {
		t.Errorf("after the undo: %+v, want %+v", got.OtherPhones, c.OtherPhones)
	}
}

func TestUpdate_OtherNumbersAreStoredInE164OrAsTyped(t *testing.T) {
	f := newServiceIn(t, "GB")
	c := mustCreate(t, f.svc, Contact{Name: "Bo", Phone: "07911 123401"})
	if c.OtherPhones == nil || len(c.OtherPhones) != 0 {
		t.Errorf("a new contact's other numbers: %#v, want an empty list", c.OtherPhones)
	}
	c.OtherPhones = []OtherPhone{{Label: " Office ", Number: "020 7946 0958"}, {Number: "ext. 12"}, {Label: "Same", Number: "+447911123401"}, {Label: "x"}}
	got, err := f.svc.Update(c)
	if err != nil {
		t.Fatal(err)
	}
	want := []OtherPhone{{Label: "Office", Number: "+442079460958"}, {Number: "ext. 12"}}
	if !reflect.DeepEqual(got.OtherPhones, want) {
		t.Errorf("other numbers %+v, want %+v", got.OtherPhones, want)
	}
	got.OtherPhones = nil
	if got, err = f.svc.Update(got); err != nil || len(got.OtherPhones) != 0 {
		t.Errorf("cleared: %+v, %v", got.OtherPhones, err)
	}
}

func TestPreviewImport_ChecksEachRowWithTheMappingAsked(t *testing.T) {
	f := newServiceIn(t, "MX")
	path := writeFile(t, "x.csv", "Name,Phone,Mobile,Email\nAna,55 5555 1234,55 1234 5678,ana@example.com\nBen,55 12,,\nCy,,,\nDi,55 1234 5679,,not an email\n")
	prev, err := f.svc.PreviewImport(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []RowCheck{
		{Phone: "+525512345678", Country: "Mexico", Others: 1},
		{Problem: "The number is too short for Mexico (+52). Write it with its country code, like +52 222 123 4567."},
		{Problem: "The row has no phone number. Add one to the file to import this contact.", Skip: true},
		{Problem: "“not an email” does not look like an email address."},
	}
	if !reflect.DeepEqual(prev.Checks, want) {
		t.Errorf("checks %+v\nwant %+v", prev.Checks, want)
	}
	// Without the first phone column, Ana has one number and Ben none.
	opts := ImportOptions{}
	opts.Mapping = []string{"name", "", "phone", "email"}
	prev, err = f.svc.PreviewImport(path, opts)
	if err != nil || prev.Checks[0] != (RowCheck{Phone: "+525512345678", Country: "Mexico"}) || !prev.Checks[1].Skip {
		t.Errorf("checks %+v, %v", prev.Checks, err)
	}
}
