package contacts

import (
	"testing"

	"herald/backend/activity"
)

func TestActivity_EntriesReferToTheContactOrTheImportReport(t *testing.T) {
	f := newService(t)
	c := mustCreate(t, f.svc, Contact{Name: "Ada", Phone: "+447911123401"})
	c.Name = "Ada L"
	if _, err := f.svc.Update(c); err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.Import(writeFile(t, "leads.csv", "name,phone\nBea,+447911123402\nNo Number,\n"), ImportOptions{})
	if err != nil || res.Report == "" {
		t.Fatalf("import: %+v, %v; want a report of the row without a number", res, err)
	}
	if _, err := f.svc.Delete([]int64{c.ID}); err != nil {
		t.Fatal(err)
	}
	page, err := f.activity.List(activity.Query{Kind: "contacts"})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		action string
		ref    activity.Ref
	}{
		{"deleted", activity.Ref{}},
		{"imported", activity.ImportRef(res.Run, res.Report)},
		{"updated", activity.ContactRef(c.ID)},
		{"created", activity.ContactRef(c.ID)},
	}
	if len(page.Items) != len(want) {
		t.Fatalf("entries %+v", page.Items)
	}
	for i, w := range want {
		if e := page.Items[i]; e.Action != w.action || e.Ref != w.ref {
			t.Errorf("entry %d: %s referring to %+v, want %s referring to %+v", i, e.Action, e.Ref, w.action, w.ref)
		}
	}
}
