package templates

import (
	"testing"

	"herald/backend/apperr"
)

func TestKind_QuickRepliesAreListedApartFromMessages(t *testing.T) {
	f := newService(t)
	msg := mustCreate(t, f.svc, Template{Name: "Spring sale", Body: "Hi {{first_name|there}}"})
	if msg.Kind != KindMessage {
		t.Fatalf("a template without a kind is %q, want %q", msg.Kind, KindMessage)
	}
	quick := mustCreate(t, f.svc, Template{Name: "Opening hours", Body: "We open at 9.", Kind: "Quick_Reply "})
	if quick.Kind != KindQuickReply {
		t.Fatalf("kind = %q, want %q", quick.Kind, KindQuickReply)
	}
	names := func(q Query) []string {
		t.Helper()
		p, err := f.svc.List(q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range p.Items {
			out = append(out, it.Name)
		}
		if int64(len(out)) != p.Total {
			t.Fatalf("%+v: %d items, total %d", q, len(out), p.Total)
		}
		return out
	}
	if got := names(Query{}); len(got) != 1 || got[0] != "Spring sale" {
		t.Errorf("the default list (what a campaign may send) = %v, want only the message", got)
	}
	if got := names(Query{Kind: KindQuickReply, Search: "open"}); len(got) != 1 || got[0] != "Opening hours" {
		t.Errorf("quick replies matching “open” = %v", got)
	}
	if got := names(Query{Kind: "all"}); len(got) != 2 {
		t.Errorf("every kind = %v, want both", got)
	}

	quick.Kind = KindMessage
	updated, err := f.svc.Update(quick)
	if err != nil || updated.Kind != KindMessage {
		t.Fatalf("Update to a message: %+v, %v", updated, err)
	}
	if _, err := f.svc.Create(Template{Name: "Odd", Body: "x", Kind: "broadcast"}); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("an unknown kind: %v, want a message for the user", err)
	}
}

func TestPreviewNumber_RendersForANumberAlone(t *testing.T) {
	f := newService(t)
	p, err := f.svc.PreviewNumber("Hi {{first_name|there}}, we have your number {{phone}}.", "+447911123456")
	if err != nil || p.Text != "Hi there, we have your number +447911123456." || len(p.Problems) != 0 {
		t.Errorf("PreviewNumber = %+v, %v", p, err)
	}
	p, err = f.svc.PreviewNumber("Hi {{first_name}}", "+447911123456")
	if err != nil || p.Text != "" || len(p.Problems) != 1 {
		t.Errorf("a variable without a fallback: %+v, %v; want its problem", p, err)
	}
}
