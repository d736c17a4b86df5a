package contacts

import (
	"slices"
	"testing"
)

func TestSelectorMatchesWhatTheListFinds(t *testing.T) {
	s := newService(t).svc
	for _, c := range []Contact{
		{Name: "Ana Lima", Phone: "+351912345678", Tags: []string{"lisbon"}},
		{Name: "Anabela Souza", Phone: "+351913333333"},
		{Name: "Bruno Costa", Phone: "+14155550100", Company: "Ana Corp", Tags: []string{"lisbon"}},
		{Name: "Carla Dias", Phone: "+14155550101"},
	} {
		if _, err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []Query{{Search: "ana"}, {Search: "+1 415"}, {Tags: []string{"lisbon"}}, {Search: "ana", Tags: []string{"lisbon"}}, {Tags: []string{"nowhere"}}} {
		cond, args, err := NewSelector(s).Condition(q)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		if err := s.db.Raw("SELECT c.id FROM contacts c WHERE "+cond+" ORDER BY c.id", args...).Scan(&got).Error; err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		q.Limit = 100
		page, err := s.List(q)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, c := range page.Items {
			want = append(want, c.ID)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%+v: selector finds %v, the list %v", q, got, want)
		}
	}
}
