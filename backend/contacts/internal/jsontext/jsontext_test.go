package jsontext

import (
	"encoding/json"
	"fmt"
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

// AppendValues writes what json.Marshal writes for the same values, as a
// JSON parser reads them.
func TestAppendValues_ReadsAsMarshal(t *testing.T) {
	list := []any{int64(-42), "Zoë \"q\" <b>", true, false, nil, 1.5, []string{"a"}, map[string]string{"k": "v"}}
	var got, want []any
	if err := json.Unmarshal(AppendValues(nil, list), &got); err != nil {
		t.Fatalf("%s: %v", AppendValues(nil, list), err)
	}
	std, _ := json.Marshal(list)
	if err := json.Unmarshal(std, &want); err != nil {
		t.Fatal(err)
	}
	if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
		t.Fatalf("got %s, want %s", g, w)
	}
}
