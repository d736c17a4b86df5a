package settings

import (
	"path/filepath"
	"testing"

	"herald/backend/activity"
	"herald/backend/apperr"
)

func TestTestNumber_IsStoredAsE164FromTheDefaultCountry(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "GB")
	if err := f.svc.Set(TestNumber, "07911 123456"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Get(TestNumber); got != "+447911123456" {
		t.Errorf("test number = %q, want +447700900123", got)
	}
	if err := f.svc.Set(TestNumber, "not a number"); apperr.KindOf(err) != apperr.KindInvalid {
		t.Errorf("a word for a number: %v, want a message for the user", err)
	}
	if err := f.svc.Set(TestNumber, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Get(TestNumber); got != "" {
		t.Errorf("cleared test number = %q", got)
	}
}

func TestReplyKeywords_AreTidiedAndChecked(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "GB")
	if err := f.svc.Set(ReplyKeywords, `[{"word":"  yes  please ","tag":" interested "},{"word":"","tag":""},{"word":"INFO","tag":"wants info"}]`); err != nil {
		t.Fatal(err)
	}
	v, _ := f.svc.Get(ReplyKeywords)
	got := ParseReplyKeywords(v)
	if len(got) != 2 || got[0] != (ReplyKeyword{Word: "yes please", Tag: "interested"}) || got[1] != (ReplyKeyword{Word: "INFO", Tag: "wants info"}) {
		t.Errorf("stored %q, read %+v", v, got)
	}
	for _, bad := range []string{`[{"word":"YES","tag":""}]`, `[{"word":"","tag":"x"}]`, `[{"word":"yes","tag":"a"},{"word":"YES","tag":"b"}]`, `{`} {
		if err := f.svc.Set(ReplyKeywords, bad); apperr.KindOf(err) != apperr.KindInvalid {
			t.Errorf("%s: %v, want a message for the user", bad, err)
		}
	}
	entries, err := f.activity.List(activity.Query{})
	if err != nil || len(entries.Items) == 0 || entries.Items[0].Summary != "Reply keywords set to “yes please” → interested, “INFO” → wants info" {
		t.Errorf("activity: %+v, %v", entries.Items, err)
	}
}
