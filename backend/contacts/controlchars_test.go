package contacts

import (
	"fmt"
	"testing"

	"herald/backend/contacts/internal/bulk"
)

// A NUL in what a person types or imports used to cut the field short where
// it was stored ("Ana\x00 Lopez" became "Ana"). Control characters are
// removed instead, and the rest of the text is kept.
func TestCreate_ControlCharactersAreRemovedNotTruncating(t *testing.T) {
	f := newService(t)
	c := mustCreate(t, f.svc, Contact{Name: "Ana\x00 Lopez", Phone: "+447911123401", Company: "Acme\x01 Ltd",
		Notes: "first line\x00 and the rest\nsecond\tline", Tags: []string{"v\x00ip"},
		CustomFields: map[string]string{"ci\x00ty": "Le\x00eds"}, OptedOut: true, OptedOutReason: "said\x00 STOP"})
	got, err := f.svc.Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := "Ana Lopez|Acme Ltd|first line and the rest\nsecond\tline|[vip]|map[city:Leeds]|said STOP"
	if s := fmt.Sprintf("%s|%s|%s|%v|%v|%s", got.Name, got.Company, got.Notes, got.Tags, got.CustomFields, got.OptedOutReason); s != want {
		t.Errorf("read back %q, want %q", s, want)
	}
	if page, _ := f.svc.List(Query{Search: "lopez"}); page.Total != 1 {
		t.Errorf("search for the words after the NUL finds %d", page.Total)
	}

	got.Name, got.Notes = "Ana\x00 Maria Lopez", "kept\x00 whole"
	if got, err = f.svc.Update(got); err != nil || got.Name != "Ana Maria Lopez" || got.Notes != "kept whole" {
		t.Errorf("update: %q %q, %v", got.Name, got.Notes, err)
	}
	if err := f.svc.RenameTag("vip", "very\x00 important"); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.svc.Get(c.ID); fmt.Sprint(got.Tags) != "[very important]" {
		t.Errorf("renamed tag %q", got.Tags)
	}
	if _, err := f.svc.SetOptedOut([]int64{c.ID}, false, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetOptedOut([]int64{c.ID}, true, "by\x00 phone"); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.svc.Get(c.ID); got.OptedOutReason != "by phone" {
		t.Errorf("opt-out reason %q", got.OptedOutReason)
	}
}

// An import's rows go through the same tidy, in the bulk path too.
func TestImport_ControlCharactersAreRemovedNotTruncating(t *testing.T) {
	for _, rows := range []int{2, bulk.MinRows + 10} {
		t.Run(fmt.Sprint(rows), func(t *testing.T) {
			f := newServiceIn(t, "US")
			csv := "name,phone,notes,tags\nAna\x00 Lopez,+1 212 555 0100,\"one\x00 two\",\"v\x00ip\"\n"
			for i := 1; i < rows; i++ {
				csv += fmt.Sprintf("Person %d,+1 212 %03d %04d,,\n", i, 200+i/10000, i%10000)
			}
			res, err := f.svc.Import(writeFile(t, "nul.csv", csv), ImportOptions{})
			if err != nil || res.Created != int64(rows) {
				t.Fatalf("import: %+v, %v", res, err)
			}
			page, err := f.svc.List(Query{Search: "ana lopez"})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("search: %+v, %v", page, err)
			}
			if c := page.Items[0]; c.Name != "Ana Lopez" || c.Notes != "one two" || fmt.Sprint(c.Tags) != "[vip]" {
				t.Errorf("imported %q %q %q", c.Name, c.Notes, c.Tags)
			}
		})
	}
}
