package campaigns

import "testing"

// A NUL in a campaign's name is removed, with the other control characters,
// instead of cutting the name short.
func TestCreate_ControlCharactersInTheNameAreRemoved(t *testing.T) {
	w := newWorld(t)
	w.addContacts(1)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "Spring\x00 sale\x07 2026", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.Get(c.ID)
	if err != nil || got.Name != "Spring sale 2026" {
		t.Errorf("read back %q, %v", got.Name, err)
	}
}
