package usertext

import "testing"

func TestClean_RemovesControlCharactersAndKeepsText(t *testing.T) {
	for in, want := range map[string]string{
		"Ana\x00 Lopez":             "Ana Lopez",
		"\x00":                      "",
		"a\x01b\x1bc\x1fd":          "abcd",
		"line one\r\nline two\tend": "line one\r\nline two\tend",
		"Zoë \u00a0 日本 \x7f":        "Zoë \u00a0 日本 \x7f",
		"ok":                        "ok",
		"bad \xff\x00 byte":         "bad \xff byte",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanAll_CleansACopyAndLeavesTheCallersSlice(t *testing.T) {
	tags := []string{"lead", "v\x00ip", "a\x01b"}
	got := CleanAll(tags)
	if len(got) != 3 || got[0] != "lead" || got[1] != "vip" || got[2] != "ab" {
		t.Errorf("CleanAll = %q", got)
	}
	if tags[1] != "v\x00ip" {
		t.Errorf("CleanAll changed the caller's slice: %q", tags)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Ana\x00 Lopez")
	f.Add("\x00\x01\t\n\r日本")
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		for i := 0; i < len(got); i++ {
			if isControl(got[i]) {
				t.Fatalf("Clean(%q) = %q keeps a control character", s, got)
			}
		}
		// Only the control characters go: the rest is s, byte for byte.
		var want []byte
		for _, c := range []byte(s) {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				want = append(want, c)
			}
		}
		if got != string(want) {
			t.Fatalf("Clean(%q) = %q, want %q", s, got, want)
		}
	})
}
