package templates

import "testing"

// A NUL in a template's name or body is removed, with the other control
// characters but tab and line breaks, instead of cutting the text short.
func TestCreate_ControlCharactersAreRemovedNotTruncating(t *testing.T) {
	f := newService(t)
	tmpl := mustCreate(t, f.svc, Template{Name: "Spring\x00 sale", Body: "Hello {{name}},\x00 our sale\x1b starts today.\r\n\tSee you!"})
	got, err := f.svc.Get(tmpl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Spring sale" || got.Body != "Hello {{name}}, our sale starts today.\r\n\tSee you!" {
		t.Errorf("read back %q %q", got.Name, got.Body)
	}
	got.Body = "Updated\x00 and whole"
	if got, err = f.svc.Update(got); err != nil || got.Body != "Updated and whole" {
		t.Errorf("update: %q, %v", got.Body, err)
	}
}
