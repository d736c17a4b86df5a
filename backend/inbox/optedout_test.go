package inbox

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"herald/backend/whatsapp"
)

// The opted-out filter follows the contact book as contacts opt out and
// back in, on every page: the first pages are found by walking the newest
// conversations, the later ones by looking up the opted-out numbers.
func TestConversations_OptedOutFollowsTheBook(t *testing.T) {
	w := newWorld(t)
	ids := make([]int64, 6)
	for i := range ids {
		phone := fmt.Sprintf("+1202555010%d", i)
		ids[i] = w.contact(fmt.Sprintf("Contact %d", i), phone)
		w.receive(whatsapp.Incoming{ID: fmt.Sprintf("m%d", i), From: phone, Text: "Hello", At: t0.Add(time.Duration(i) * time.Minute)})
	}
	w.receive(whatsapp.Incoming{ID: "stranger", From: "+442071234567", Text: "Hi", At: t0.Add(time.Hour)})
	optOut := func(out bool, which ...int64) {
		t.Helper()
		if _, err := w.contacts.SetOptedOut(which, out, "Replied STOP"); err != nil {
			t.Fatal(err)
		}
	}
	// want is the opted-out conversations' contacts, newest first.
	check := func(want ...int64) {
		t.Helper()
		var got []int64
		for offset := range len(want) + 1 {
			p := w.conversations(Query{OptedOut: true, Offset: offset, Limit: 1})
			if p.Total != int64(len(want)) {
				t.Fatalf("opted-out total at offset %d = %d, want %d", offset, p.Total, len(want))
			}
			for _, c := range p.Items {
				if !c.OptedOut {
					t.Errorf("conversation of %d listed as opted out is not shown so", c.ContactID)
				}
				got = append(got, c.ContactID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("opted-out conversations one page at a time = %v, want %v", got, want)
		}
		all := w.conversations(Query{OptedOut: true, Limit: 50})
		var whole []int64
		for _, c := range all.Items {
			whole = append(whole, c.ContactID)
		}
		if !slices.Equal(whole, want) || all.Total != int64(len(want)) {
			t.Errorf("opted-out conversations in one page = %v (total %d), want %v", whole, all.Total, want)
		}
	}
	check()
	optOut(true, ids[1], ids[3], ids[4])
	check(ids[4], ids[3], ids[1])
	optOut(false, ids[3])
	check(ids[4], ids[1])
	optOut(true, ids[5], ids[0])
	check(ids[5], ids[4], ids[1], ids[0])
	optOut(false, ids[0], ids[1], ids[4], ids[5])
	check()
}
