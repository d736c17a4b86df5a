package jsontext

import (
	"encoding/json"
	"testing"
)

// What a JSON parser reads from AppendString is what it reads from
// json.Marshal, for any string, valid UTF-8 or not.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ slash`, "tab\tnew\nline\r\x00\x1f", "<b>&amp;</b>", "Zoë 日本 😀", "\xff\xfe broken \xc3", "\u2028\u2029"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want string
		if err := json.Unmarshal(AppendString(nil, s), &got); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, AppendString(nil, s), err)
		}
		std, _ := json.Marshal(s)
		if err := json.Unmarshal(std, &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("%q reads back as %q, json.Marshal's as %q", s, got, want)
		}
		var list []string
		if err := json.Unmarshal(AppendStrings(nil, []string{s, "x", s}), &list); err != nil || len(list) != 3 || list[0] != want || list[2] != want {
			t.Fatalf("list of %q reads back as %q (%v)", s, list, err)
		}
	})
}
