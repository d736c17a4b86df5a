package inbox

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

// The simulator's contacts reply to a campaign; a reply that says a
// keyword tags its contact once, is in the activity log, and the campaign's
// report counts it. The same reply again changes nothing, and a keyword
// matches with or without its accents.
func TestKeywords_ARepliedKeywordTagsOnceAndTheReportCountsIt(t *testing.T) {
	w := newWorld(t)
	keywords := []Keyword{{Word: "thanks", Tag: "grateful"}, {Word: "GREAT", Tag: "happy"}, {Word: "sí", Tag: "said yes"}}
	s := simulated(t, w, simulator.Config{Seed: 3, ReplyRate: 1}, func(d *Deps) { d.Keywords = func() []Keyword { return keywords } })
	ids := map[string]int64{}
	for i := range 8 {
		phone := fmt.Sprintf("+1202555%04d", i)
		ids[phone] = w.contact(fmt.Sprintf("Person%d Test", i), phone)
	}
	c := s.sendCampaign(t, "Sale", "Hi {{first_name}}, the sale starts today.")
	for range 100 {
		w.clock.Advance(5 * time.Second)
	}
	var page Page
	waitFor(t, "every reply in the inbox", func() bool {
		got, err := s.camps.Get(c.ID)
		page, _ = s.svc.Conversations(Query{CampaignID: c.ID})
		return err == nil && page.Total > 1 && page.Total == got.Stats.Replied
	})

	// What each reply should have done, from what the simulator wrote.
	want := map[string]*campaigns.KeywordCount{}
	tagOf := map[string]string{}
	for _, conv := range page.Items {
		tagOf[conv.Phone] = ""
		for _, k := range keywords {
			if strings.HasPrefix(strings.ToUpper(conv.LastText), strings.ToUpper(k.Word)) {
				tagOf[conv.Phone] = k.Tag
				if want[k.Word] == nil {
					want[k.Word] = &campaigns.KeywordCount{Keyword: k.Word, Tag: k.Tag}
				}
				want[k.Word].Replies++
				want[k.Word].Tagged++
			}
		}
	}
	if len(want) == 0 {
		t.Fatalf("no reply of %+v says a keyword: choose another seed", page.Items)
	}
	tagsOf := func(phone string) []string {
		t.Helper()
		got, err := w.contacts.Get(ids[phone])
		if err != nil {
			t.Fatal(err)
		}
		return got.Tags
	}
	tagsRight := func() bool {
		for phone, tag := range tagOf {
			if got := tagsOf(phone); tag == "" && len(got) != 0 || tag != "" && !slices.Equal(got, []string{tag}) {
				return false
			}
		}
		return true
	}
	entries := func() int64 {
		t.Helper()
		p, err := activity.NewService(w.db).List(activity.Query{Kind: "inbox"})
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	var tagged int64
	for _, k := range want {
		tagged += k.Tagged
	}
	// A reply is in its conversation before its contact is tagged, and the
	// tag is recorded last: one entry in the activity log per contact tagged.
	waitFor(t, "each keyword's contact tagged and logged", func() bool { return tagsRight() && entries() == tagged })
	report := func() []campaigns.KeywordCount {
		t.Helper()
		rep, err := s.camps.Report(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return rep.Keywords
	}
	check := func(when string) {
		t.Helper()
		got := report()
		if len(got) != len(want) {
			t.Fatalf("%s: report %+v, want %d keywords", when, got, len(want))
		}
		for _, k := range got {
			if w := want[k.Keyword]; w == nil || k != *w {
				t.Errorf("%s: report line %+v, want %+v", when, k, w)
			}
		}
	}
	check("after the replies")
	exported := exportKeywords(t, s, c.ID)
	for phone, tag := range tagOf {
		if want := keywordOf(keywords, tag); exported[phone] != want {
			t.Errorf("the export says %s replied with keyword %q, want %q", phone, exported[phone], want)
		}
	}
	logged := entries()

	// The same keyword again, from a contact it tagged.
	var again string
	for phone, tag := range tagOf {
		if tag != "" {
			again = phone
			break
		}
	}
	s.receive(t, whatsapp.Incoming{ID: "again", From: again, Text: "  " + strings.ToUpper(strings.Fields(keywordOf(keywords, tagOf[again]))[0]) + "!! "})
	if got := tagsOf(again); !slices.Equal(got, []string{tagOf[again]}) {
		t.Errorf("a second keyword from %s: tags %q", again, got)
	}
	check("after a second keyword")
	if n := entries(); n != logged {
		t.Errorf("a second keyword logged again: %d entries, were %d", n, logged)
	}

	// A keyword with an accent, written without it.
	var plain string
	for phone, tag := range tagOf {
		if tag == "" {
			plain = phone
			break
		}
	}
	if plain == "" {
		t.Fatal("every contact said a keyword: choose another seed")
	}
	s.receive(t, whatsapp.Incoming{ID: "si", From: plain, Text: "Si"})
	if got := tagsOf(plain); !slices.Equal(got, []string{"said yes"}) {
		t.Errorf("“Si” for “sí”: tags %q", got)
	}
	want["sí"] = &campaigns.KeywordCount{Keyword: "sí", Tag: "said yes", Replies: 1, Tagged: 1}
	check("after “Si”")
}

// exportKeywords exports campaign id's recipients and reads the reply
// keyword of each, by number.
func exportKeywords(t *testing.T, s *simWorld, id int64) map[string]string {
	t.Helper()
	if _, err := s.camps.Export(id, "recipients.csv"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(s.dir, "recipients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][len(rows[0])-1] != "Reply keyword" {
		t.Fatalf("export %q: %v", data, err)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[1]] = r[len(r)-1]
	}
	return out
}

// keywordOf is the word of the keyword that gives tag, "" for none.
func keywordOf(keywords []Keyword, tag string) string {
	for _, k := range keywords {
		if k.Tag == tag {
			return k.Word
		}
	}
	return ""
}

// receive records messages as the inbox's loop does, one by one, on the
// test's goroutine: each has done all it does when receive returns.
func (s *simWorld) receive(t *testing.T, ins ...whatsapp.Incoming) {
	t.Helper()
	for _, in := range ins {
		if err := s.e.receive(in); err != nil {
			t.Fatal(err)
		}
	}
}
