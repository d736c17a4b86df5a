package contacts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/apperr"
)

// SQLite refuses a statement with more than 32,766 variables; these lists
// are well past that, so a list passed as a variable per item fails them.
const (
	bigSelection = 100_000
	bigTagCount  = 40_000
)

// importBook imports n contacts named "Person <i>" with the tags tagsOf(i)
// gives, and returns their ids in id order.
func importBook(t *testing.T, s *Service, n int, tagsOf func(i int) []string) []int64 {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,phone,tags\n")
	for i := range n {
		fmt.Fprintf(&b, "Person %d,+1 212 %03d %04d,\"%s\"\n", i, 200+i/10000, i%10000, strings.Join(tagsOf(i), ","))
	}
	res, err := s.Import(writeFile(t, "book.csv", b.String()), ImportOptions{})
	if err != nil || res.Created != int64(n) {
		t.Fatalf("import: %+v, %v", res, err)
	}
	var ids []int64
	if err := s.db.Raw("SELECT id FROM contacts ORDER BY id").Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

// A selection of 100,000 contacts opts out and back in, lists, counts,
// exports and is a campaign's audience, leaving out the contacts not chosen.
func TestBigSelection_OptsOutListsAndExports(t *testing.T) {
	f := newServiceIn(t, "US")
	const spare = 300
	all := importBook(t, f.svc, bigSelection+spare, func(i int) []string { return []string{fmt.Sprintf("group %d", i%3)} })
	// The spare contacts are left out, so that the filter has to pick.
	ids, want := all[:bigSelection], int64(bigSelection)
	var inGroup int64
	f.svc.db.Raw(`SELECT count(*) FROM contacts WHERE id <= ? AND tags = '["group 1"]'`, ids[len(ids)-1]).Scan(&inGroup)

	n, err := f.svc.SetOptedOut(ids, true, "asked by letter")
	if err != nil || n != want {
		t.Fatalf("opt out: %d, %v", n, err)
	}
	yes, no := true, false
	if page, err := f.svc.List(Query{OptedOut: &yes}); err != nil || page.Total != want {
		t.Fatalf("opted out after the opt-out: %d, %v", page.Total, err)
	}
	if n, err = f.svc.SetOptedOut(ids, false, ""); err != nil || n != want {
		t.Fatalf("opt back in: %d, %v", n, err)
	}
	if page, err := f.svc.List(Query{OptedOut: &no}); err != nil || page.Total != int64(len(all)) {
		t.Fatalf("reachable after opting back in: %d of %d, %v", page.Total, len(all), err)
	}

	for _, q := range []Query{
		{IDs: ids},
		{IDs: ids, Sort: "phone", Desc: true, Offset: bigSelection - 10},
		{IDs: ids, Search: "person"},
		{IDs: ids, Tags: []string{"group 1"}},
	} {
		page, err := f.svc.List(q)
		if err != nil {
			t.Fatalf("list %s: %v", describeQuery(q), err)
		}
		total := want
		if len(q.Tags) > 0 {
			total = inGroup
		}
		if page.Total != total || len(page.Items) == 0 {
			t.Errorf("list %s: total %d with %d items, want %d", describeQuery(q), page.Total, len(page.Items), total)
		}
		for _, c := range page.Items {
			if c.ID > ids[len(ids)-1] {
				t.Fatalf("list %s: contact %d was not chosen", describeQuery(q), c.ID)
			}
		}
	}

	cond, args, err := NewSelector(f.svc).Condition(Query{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	var audience int64
	if err := f.svc.db.Raw("SELECT count(*) FROM contacts c WHERE "+cond, args...).Scan(&audience).Error; err != nil || audience != want {
		t.Errorf("selector: %d, %v", audience, err)
	}

	path := filepath.Join(t.TempDir(), "chosen.csv")
	if n, err := f.svc.Export(path, Query{IDs: ids}); err != nil || n != want {
		t.Fatalf("export: %d, %v", n, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := bytes.Count(data, []byte("\n")); lines != bigSelection+1 {
		t.Errorf("the export has %d lines, want %d and the header", lines, bigSelection)
	}
	// Only the last contact chosen matches: the export reads on past the
	// parts of the selection that have none.
	lastChosen, err := f.svc.Get(ids[len(ids)-1])
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.Export(filepath.Join(t.TempDir(), "one.csv"), Query{IDs: ids, Search: lastChosen.Name}); err != nil || n != 1 {
		t.Errorf("export of the last one chosen: %d, %v", n, err)
	}

	reach := NewReach(f.svc.db)
	phones, err := reach.Phones(ids)
	if err != nil || len(phones) != bigSelection {
		t.Fatalf("phones: %d, %v", len(phones), err)
	}
	if err := reach.MarkOnWhatsApp(ids, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	var marked int64
	f.svc.db.Raw("SELECT count(*) FROM contacts WHERE on_whatsapp = 1").Scan(&marked)
	if marked != want {
		t.Errorf("%d contacts marked on WhatsApp, want %d", marked, want)
	}
	checkBookInStep(t, f.svc)
}

// A page asked for past MaxLimit is cut to MaxLimit, as the other lists cut
// theirs, not refused.
func TestList_CapsAPageAtMaxLimit(t *testing.T) {
	f := newServiceIn(t, "US")
	ids := importBook(t, f.svc, MaxLimit+5, func(int) []string { return nil })
	page, err := f.svc.List(Query{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != MaxLimit || page.Total != int64(len(ids)) {
		t.Errorf("a page of 5000 has %d of %d contacts, want %d", len(page.Items), page.Total, MaxLimit)
	}
	if rest, err := f.svc.List(Query{Limit: 5000, Offset: MaxLimit}); err != nil || len(rest.Items) != 5 {
		t.Errorf("the next page has %d contacts (%v), want 5", len(rest.Items), err)
	}
}

// Merging 40,000 tags into one leaves that one tag on every contact.
func TestMergeTags_FortyThousandTags(t *testing.T) {
	f := newServiceIn(t, "US")
	const contacts = bigTagCount / maxTags
	tagsOf := func(i int) []string {
		tags := make([]string, maxTags)
		for j := range tags {
			tags[j] = fmt.Sprintf("t%d", i*maxTags+j)
		}
		return tags
	}
	importBook(t, f.svc, contacts, tagsOf)
	var from []string
	for i := range contacts {
		from = append(from, tagsOf(i)...)
	}
	// A campaign's audience of any of the tags, before they merge.
	cond, args, err := NewSelector(f.svc).Tagged(from, false)
	if err != nil {
		t.Fatal(err)
	}
	var audience int64
	if err := f.svc.db.Raw("SELECT count(*) FROM contacts c WHERE "+cond, args...).Scan(&audience).Error; err != nil || audience != contacts {
		t.Errorf("audience of the tags: %d, %v", audience, err)
	}
	if err := f.svc.MergeTags(from, "everyone"); err != nil {
		t.Fatal(err)
	}
	tags, err := f.svc.Tags()
	if err != nil || len(tags) != 1 || tags[0] != (Tag{Name: "everyone", Count: contacts}) {
		t.Fatalf("tags after the merge: %v, %v", tags, err)
	}
	if page, err := f.svc.List(Query{Tags: []string{"everyone"}}); err != nil || page.Total != contacts {
		t.Errorf("listed by the merged tag: %d, %v", page.Total, err)
	}
	if log, _ := f.activity.List(activity.Query{Kind: "contacts"}); len(log.Items) == 0 || len(log.Items[0].Summary) > 300 {
		t.Errorf("the activity log does not tell the merge in a line: %+v", log.Items[:min(1, len(log.Items))])
	}
	checkBookInStep(t, f.svc)
}

// A filter by more tags than a contact may have is refused in plain words,
// not sent to SQLite as a condition per tag.
func TestList_RefusesAFilterOfTooManyTags(t *testing.T) {
	f := newService(t)
	tags := make([]string, maxTags+1)
	for i := range tags {
		tags[i] = fmt.Sprintf("t%d", i)
	}
	if _, err := f.svc.List(Query{Tags: tags}); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("a filter of %d tags: %v", len(tags), err)
	}
	if _, err := f.svc.List(Query{Tags: tags[:maxTags]}); err != nil {
		t.Errorf("a filter of %d tags: %v", maxTags, err)
	}
}
