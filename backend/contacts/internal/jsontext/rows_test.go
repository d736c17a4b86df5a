package jsontext

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// readRows is Rows into fresh slices, with each value as encoding/json
// would give it: a string, a number's text, a bool's, or nil.
func readRows(s string) ([][]any, error) {
	out := [][]any{}
	err := Rows(s, func(vals []Value) error {
		row := []any{}
		for _, v := range vals {
			switch {
			case v.Null:
				row = append(row, nil)
			case v.String:
				row = append(row, v.Text)
			case v.Text == "true" || v.Text == "false":
				row = append(row, v.Text == "true")
			default:
				row = append(row, json.Number(v.Text))
			}
		}
		out = append(out, row)
		return nil
	})
	return out, err
}

func TestRows_ReadsWhatSQLiteWrites(t *testing.T) {
	got, err := readRows(`[[1,"+14155550100","Zoë \"Z\" \\ \u00e9\ud83d\ude00","",null,0,"[\"vip\"]",-2.5e3],[],[true,false]]`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{json.Number("1"), "+14155550100", "Zoë \"Z\" \\ é😀", "", nil, json.Number("0"), `["vip"]`, json.Number("-2.5e3")},
		{}, {true, false}}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Fatalf("got %s\nwant %s", g, w)
	}
	for _, bad := range []string{``, `[`, `[[1]`, `[[1,]]`, `[1]`, `[["a]]`, `[["\x"]]`, `[["\u12"]]`, `[[1]] x`, `[[nul]]`, "[[\"a\x01\"]]", `[[-]]`} {
		if _, err := readRows(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Whatever encoding/json reads as an array of arrays of strings, numbers
// and nulls, Rows reads the same; anything else it refuses without
// panicking. Invalid UTF-8 is out: Rows hands a string's bytes on as the
// database holds them, where encoding/json replaces them.
func FuzzRows(f *testing.F) {
	for _, s := range []string{`[]`, `[[1,"a",null]]`, `[["\ud800"],["\ud83d\ude00x"],["\ud800\u0041"]]`, `[[1e400, -0.5]]`, ` [ [ "x" ] , [ ] ] `, `[[[1]]]`, `[["\/\b\f\n\r\t"]]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := readRows(s)
		if !utf8.ValidString(s) {
			return
		}
		var want [][]any
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		werr := d.Decode(&want)
		if werr == nil && strings.TrimLeft(s[d.InputOffset():], " \t\r\n") != "" {
			werr = errTrailing
		}
		if werr == nil && want == nil {
			werr = errNotScalar // null, not an array
		}
		if werr == nil {
			for _, row := range want {
				if row == nil {
					werr = errNotScalar // null, not a row
				}
				for _, v := range row {
					switch v.(type) {
					case string, json.Number, nil:
					case bool:
					default:
						werr = errNotScalar
					}
				}
			}
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: Rows says %v, encoding/json %v", s, err, werr)
		}
		if err != nil {
			return
		}
		if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
			t.Fatalf("%q: got %s, want %s", s, g, w)
		}
	})
}

type fuzzErr string

func (e fuzzErr) Error() string { return string(e) }

const (
	errTrailing  = fuzzErr("trailing data")
	errNotScalar = fuzzErr("not a scalar")
)
