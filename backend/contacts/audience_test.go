package contacts

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"
)

// audienceBook is a book of ten contacts: 0–3 tagged vip, 4–6 lead, 7–8
// both, 9 neither and named Zelda; 1 opted out, 2 off WhatsApp.
func audienceBook(t *testing.T) (*API, []int64) {
	t.Helper()
	f := newService(t)
	var ids []int64
	for i := range 10 {
		c := Contact{Name: fmt.Sprintf("Person%d", i), Phone: fmt.Sprintf("+4479111234%02d", i)}
		switch {
		case i < 4:
			c.Tags = []string{"vip"}
		case i < 7:
			c.Tags = []string{"lead"}
		case i < 9:
			c.Tags = []string{"vip", "lead"}
		default:
			c.Name = "Zelda Quinn"
		}
		ids = append(ids, mustCreate(t, f.svc, c).ID)
	}
	if _, err := f.svc.SetOptedOut(ids[1:2], true, "asked"); err != nil {
		t.Fatal(err)
	}
	if err := NewReach(f.svc.db).MarkOnWhatsApp(ids[2:3], false, time.Now()); err != nil {
		t.Fatal(err)
	}
	return NewAPI(f.svc), ids
}

func TestAPI_AudiencePartsAddUpAndExcludedTagsWin(t *testing.T) {
	x, ids := audienceBook(t)
	for name, tc := range map[string]struct {
		a    Audience
		want AudienceCount
	}{
		"nobody":          {Audience{}, AudienceCount{}},
		"everyone":        {Audience{All: true}, AudienceCount{Matched: 10, OptedOut: 1, NotOnWhatsApp: 1, Reachable: 8}},
		"any tag":         {Audience{Tags: []string{"vip", "lead"}}, AudienceCount{Matched: 9, OptedOut: 1, NotOnWhatsApp: 1, Reachable: 7}},
		"all tags":        {Audience{Tags: []string{"VIP", "lead"}, AllTags: true}, AudienceCount{Matched: 2, Reachable: 2}},
		"all, one absent": {Audience{Tags: []string{"vip", "nope"}, AllTags: true}, AudienceCount{}},
		"exclude":         {Audience{Tags: []string{"vip"}, ExcludeTags: []string{"lead"}}, AudienceCount{Matched: 4, OptedOut: 1, NotOnWhatsApp: 1, Reachable: 2}},
		"all but leads":   {Audience{All: true, ExcludeTags: []string{"LEAD"}}, AudienceCount{Matched: 5, OptedOut: 1, NotOnWhatsApp: 1, Reachable: 3}},
		"hand-picked":     {Audience{IDs: []int64{ids[1], ids[9]}}, AudienceCount{Matched: 2, OptedOut: 1, Reachable: 1}},
		"search":          {Audience{Search: " zelda "}, AudienceCount{Matched: 1, Reachable: 1}},
		"search or tag":   {Audience{Search: "zel", Tags: []string{"lead"}}, AudienceCount{Matched: 6, Reachable: 6}},
	} {
		got, err := x.CountAudience(tc.a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", name, got, tc.want)
		}
	}
}

func TestAPI_CopyReachableQueuesInIdOrderWhatFirstReachableShows(t *testing.T) {
	x, ids := audienceBook(t)
	db := x.s.db
	if err := db.Exec("CREATE TABLE queue (batch INTEGER, contact INTEGER, phone TEXT, name TEXT)").Error; err != nil {
		t.Fatal(err)
	}
	aud := Audience{Tags: []string{"vip"}, IDs: []int64{ids[9]}}
	var n AudienceCount
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		n, err = x.CopyReachable(tx, aud, "queue (batch, contact, phone, name)", 7)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != (AudienceCount{Matched: 7, OptedOut: 1, NotOnWhatsApp: 1, Reachable: 5}) {
		t.Fatalf("count %+v", n)
	}
	var rows []struct {
		Batch   int64
		Contact int64
		Phone   string
		Name    string
	}
	if err := db.Raw("SELECT batch, contact, phone, name FROM queue ORDER BY rowid").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	want := []int64{ids[0], ids[3], ids[7], ids[8], ids[9]}
	first, err := x.FirstReachable(aud, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) || len(first) != 3 {
		t.Fatalf("copied %+v, first %+v; want %v", rows, first, want)
	}
	for i, r := range rows {
		if r.Batch != 7 || r.Contact != want[i] || r.Phone == "" || r.Name == "" {
			t.Errorf("row %d: %+v, want contact %d of batch 7", i, r, want[i])
		}
		if i < len(first) && (first[i].ID != r.Contact || first[i].Phone != r.Phone || first[i].Name != r.Name) {
			t.Errorf("first reachable %d is %+v, copied %+v", i, first[i], r)
		}
	}
}

func TestAPI_CountReachableLeavesOutTheNumbersAQueryNames(t *testing.T) {
	x, ids := audienceBook(t)
	phones, err := x.Phones(ids)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.s.db.Exec("CREATE TABLE replies (phone TEXT)").Error; err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{ids[0], ids[1], ids[9]} {
		if err := x.s.db.Exec("INSERT INTO replies (phone) VALUES (?)", phones[id]).Error; err != nil {
			t.Fatal(err)
		}
	}
	for name, tc := range map[string]struct {
		notIn string
		args  []any
		want  int64
	}{
		"none left out":     {"", nil, 8},
		"repliers left out": {"SELECT phone FROM replies", nil, 6},
		"with arguments":    {"SELECT phone FROM replies WHERE phone <> ?", []any{phones[ids[9]]}, 7},
	} {
		got, err := x.CountReachable(Audience{All: true}, tc.notIn, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got != tc.want {
			t.Errorf("%s: %d, want %d", name, got, tc.want)
		}
	}
}
