package contacts

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"herald/backend/apperr"
)

func TestAPI_TagAddsATagToExactlyTheContactsGiven(t *testing.T) {
	f := newService(t)
	x := NewAPI(f.svc)
	people := addPeople(t, f.svc, "Ana One", "Bo Two", "Cy Three", "Di Four")
	// Bo has the tag already, in another spelling; Di is not among those tagged.
	bo := people[1]
	bo.Tags = []string{"old", "VIP"}
	if _, err := f.svc.Update(bo); err != nil {
		t.Fatal(err)
	}
	got, err := x.Tag([]int64{people[0].ID, bo.ID, people[2].ID, 9999}, "  vip ")
	if err != nil {
		t.Fatal(err)
	}
	if got.Tag != "VIP" || got.Added != 2 {
		t.Fatalf("tagged %+v, want the existing spelling VIP added to 2", got)
	}
	for i, want := range [][]string{{"VIP"}, {"old", "VIP"}, {"VIP"}, {}} {
		c, err := f.svc.Get(people[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.Tags, want) {
			t.Errorf("%s has tags %v, want %v", c.Name, c.Tags, want)
		}
	}
	// The tag's filter and count and the search index follow.
	page, err := f.svc.List(Query{Tags: []string{"vip"}})
	if err != nil || page.Total != 3 {
		t.Fatalf("the tag's filter finds %d (%v), want 3", page.Total, err)
	}
	if page, _ := f.svc.List(Query{Search: "vip"}); page.Total != 3 {
		t.Errorf("a search for the tag finds %d, want 3", page.Total)
	}
	if page, _ := f.svc.List(Query{Search: "Ana"}); page.Total != 1 {
		t.Errorf("a search by name finds %d after tagging, want 1", page.Total)
	}
	tags, _ := f.svc.Tags()
	if fmt.Sprint(tags) != "[{old 1} {VIP 3}]" {
		t.Errorf("tags %v", tags)
	}
	// A new tag is created on first use; tagging again changes nobody.
	if got, err := x.Tag([]int64{people[3].ID}, "Follow up"); err != nil || got.Added != 1 || got.Tag != "Follow up" {
		t.Fatalf("new tag: %+v, %v", got, err)
	}
	if got, err := x.Tag([]int64{people[3].ID}, "follow up"); err != nil || got.Added != 0 {
		t.Fatalf("tagging again: %+v, %v", got, err)
	}
	if _, err := x.Tag([]int64{people[0].ID}, " \t"); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("an empty tag name: %v", err)
	}
}

func TestAPI_TagTagsAHundredThousandContactsInSeconds(t *testing.T) {
	if testing.Short() {
		t.Skip("a big book")
	}
	f := newServiceIn(t, "US")
	const n = bigSelection
	// A few contacts beyond the ones tagged, who must stay untagged.
	ids := importBook(t, f.svc, n+50, func(i int) []string { return []string{fmt.Sprintf("group %d", i%3)} })[:n]
	x := NewAPI(f.svc)
	start := time.Now()
	got, err := x.Tag(ids, "Bulk")
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if got.Added != n {
		t.Fatalf("tagged %d of %d", got.Added, n)
	}
	if took > 10*time.Second {
		t.Errorf("tagging %d contacts took %s", n, took)
	}
	t.Logf("tagged %d contacts in %s", n, took)
	if page, err := f.svc.List(Query{Tags: []string{"bulk"}, Limit: 1}); err != nil || page.Total != n {
		t.Fatalf("the tag's filter finds %d (%v)", page.Total, err)
	}
	if page, err := f.svc.List(Query{Search: "bulk", Limit: 1}); err != nil || page.Total != n {
		t.Fatalf("a search for the tag finds %d (%v)", page.Total, err)
	}
}
