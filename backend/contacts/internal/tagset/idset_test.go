package tagset

import (
	"slices"
	"testing"
)

// A window of a set counts whole words by their bits and reads either way.
func TestIDSet_Window(t *testing.T) {
	t.Parallel()
	ids := []int64{1, 2, 63, 64, 65, 130, 500}
	set := NewIDSet(ids)
	for _, c := range []struct {
		desc          bool
		offset, limit int64
		want          []int64
	}{
		{false, 0, 3, []int64{1, 2, 63}},
		{false, 3, 3, []int64{64, 65, 130}},
		{false, 6, 5, []int64{500}},
		{true, 0, 2, []int64{500, 130}},
		{true, 4, 10, []int64{63, 2, 1}},
		{false, 7, 1, nil},
	} {
		if got := set.Window(c.desc, c.offset, c.limit); !slices.Equal(got, c.want) {
			t.Errorf("Window(%v, %d, %d) = %v, want %v", c.desc, c.offset, c.limit, got, c.want)
		}
	}
	if got := set.IDs(); !slices.Equal(got, ids) {
		t.Errorf("IDs() = %v", got)
	}
	set.Clear(64)
	if set.Has(64) || !set.Has(65) || set.Has(-1) || set.Has(10_000) {
		t.Error("Has after Clear(64)")
	}
	if got := set.Keep([]int64{500, 64, 3, 1}); !slices.Equal(got, []int64{500, 1}) {
		t.Errorf("Keep = %v", got)
	}
}

// The bits of links, as chunks, give back the contacts of each tag.
func TestChunks_SetAndCount(t *testing.T) {
	t.Parallel()
	bits := BitsOf([]Link{{1, 5}, {1, 4096 + 7}, {2, 5}})
	chunks := Chunks{}
	for key, b := range bits {
		if key[0] == 1 {
			chunks[key[1]] = b
		}
	}
	if got := chunks.Set().IDs(); !slices.Equal(got, []int64{5, 4096 + 7}) {
		t.Errorf("tag 1 holds %v", got)
	}
	if n := chunks.Count(); n != 2 {
		t.Errorf("tag 1 counts %d", n)
	}
}

func TestParseIDs(t *testing.T) {
	t.Parallel()
	for list, want := range map[string][]int64{"[]": nil, "[1,2, 30]": {1, 2, 30}, " [7] ": {7}} {
		if got, err := ParseIDs(list); err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseIDs(%q) = %v, %v", list, got, err)
		}
	}
	for _, bad := range []string{"", "1,2", "[a]", "[1,,2]"} {
		if _, err := ParseIDs(bad); err == nil {
			t.Errorf("ParseIDs(%q) took it", bad)
		}
	}
}
