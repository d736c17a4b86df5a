package contacts

import (
	"reflect"
	"testing"
)

func TestAPI_CountMissingCountsReachableContactsWithoutEachField(t *testing.T) {
	f := newService(t)
	for _, c := range []Contact{
		{Name: "Ann Lee", Phone: "+447911123401", Email: "ann@example.com", CustomFields: map[string]string{"City": "Leeds"}},
		{Name: "Bob", Phone: "+447911123402", Company: "Acme"},
		{Name: "Cat Moss", Phone: "+447911123403", CustomFields: map[string]string{"city": "  "}},
		{Name: "", Phone: "+447911123404", Email: "x@example.com", CustomFields: map[string]string{"Town": "York"}},
		// Opted out: never queued, so never skipped either.
		{Name: "Dan", Phone: "+447911123405"},
	} {
		created := mustCreate(t, f.svc, c)
		if c.Name == "Dan" {
			if _, err := f.svc.SetOptedOut([]int64{created.ID}, true, "asked"); err != nil {
				t.Fatal(err)
			}
		}
	}
	x := NewAPI(f.svc)
	got, err := x.CountMissing(Audience{All: true}, []string{"email", "last_name", "custom.city", "first_name", "phone"})
	if err != nil {
		t.Fatal(err)
	}
	want := Missing{Any: 3, ByField: map[string]int64{"email": 2, "last_name": 2, "custom.city": 3, "first_name": 1, "phone": 0}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("CountMissing = %+v, want %+v", got, want)
	}
	onlyAnn, err := x.CountMissing(Audience{Search: "Ann"}, []string{"email", "custom.CITY"})
	if err != nil || onlyAnn.Any != 0 {
		t.Fatalf("Ann lacks nothing, yet %+v, %v", onlyAnn, err)
	}
	none, err := x.CountMissing(Audience{All: true}, []string{"date"})
	if err != nil || none.Any != 0 || none.ByField["date"] != 0 {
		t.Fatalf("a field no contact lacks: %+v, %v", none, err)
	}
}
