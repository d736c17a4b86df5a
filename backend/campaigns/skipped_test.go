package campaigns

import (
	"reflect"
	"testing"
)

func TestPreviewCountsWhoWouldBeSkippedOverTheWholeAudience(t *testing.T) {
	w := newWorld(t)
	ids := w.addContacts(12)
	for _, id := range ids[:4] {
		w.setCompany(id, "Acme")
	}
	// A city for one, so that the book knows the field.
	c0, err := w.contacts.Get(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	c0.CustomFields = map[string]string{"City": "Lisbon"}
	if _, err := w.contacts.Update(c0); err != nil {
		t.Fatal(err)
	}
	in := w.start(quiet())
	tmpl := w.template("Hi {{first_name}} of {{company}}. {Hello|Hey {{custom.city}}} {{name|friend}}")
	// The preview renders one message; the count covers all twelve.
	plan, err := in.Preview(Input{Name: "S", TemplateID: tmpl, Audience: Audience{All: true}, Pace: Pace{PerMinute: 60}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Audience.Recipients != 12 || len(plan.Messages) != 1 {
		t.Fatalf("plan %+v", plan)
	}
	want := Skipped{Total: 8, Reasons: []SkipReason{
		{Variable: "company", Count: 8, Message: "8 recipients have no company, and {{company}} has no fallback: they would be skipped."},
		{Variable: "custom.city", Count: 11, Sometimes: true,
			Message: "11 recipients have no “city”, which a variation uses as {{custom.city}} without a fallback: those who get that variation would be skipped."},
	}}
	if !reflect.DeepEqual(plan.Skipped, want) {
		t.Fatalf("skipped %+v, want %+v", plan.Skipped, want)
	}
	if plan.Estimate == nil || plan.Estimate.Messages != 4 {
		t.Fatalf("the estimate counts %+v messages, want the 4 that go", plan.Estimate)
	}

	// What the review counted is what sending does.
	c, err := in.Create(Input{Name: "S", TemplateID: w.template("Hi {{first_name}} of {{company}}"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "completion", func() bool { return in.state(t, c.ID) == StateCompleted })
	got, _ := in.Get(c.ID)
	if got.Stats.Skipped != 8 {
		t.Fatalf("sending skipped %d, the review said 8", got.Stats.Skipped)
	}
}
