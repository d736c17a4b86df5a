package order

import (
	"database/sql/driver"
	"encoding/binary"
	"slices"
	"testing"

	"herald/backend/contacts/internal/tagset"
)

func bucketOf(ids ...uint32) []byte {
	var b []byte
	for _, id := range ids {
		b = binary.LittleEndian.AppendUint32(b, id)
	}
	return b
}

// A bucket's ids take an id once, and give it back, down to NULL.
func TestBucketIDs_AddAndRemove(t *testing.T) {
	t.Parallel()
	call := func(fn func([]driver.Value) (driver.Value, error), b []byte, id int64) []byte {
		t.Helper()
		out, err := fn([]driver.Value{b, id})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := out.([]byte)
		return got
	}
	b := call(idsAdd, nil, 7)
	b = call(idsAdd, b, 9)
	b = call(idsAdd, b, 7)
	if !slices.Equal(b, bucketOf(7, 9)) {
		t.Fatalf("after adding 7, 9, 7: %v", b)
	}
	b = call(idsRemove, b, 7)
	if !slices.Equal(b, bucketOf(9)) {
		t.Fatalf("after removing 7: %v", b)
	}
	if b = call(idsRemove, b, 9); b != nil {
		t.Fatalf("an empty bucket is %v, not NULL", b)
	}
	if _, err := idsAdd([]driver.Value{nil, int64(1) << 40}); err == nil {
		t.Fatal("an id past 32 bits went in")
	}
}

// locate finds the bucket of the match at an offset, from either end.
func TestLocate(t *testing.T) {
	t.Parallel()
	buckets := []Bucket{{IDs: bucketOf(1, 2, 3)}, {IDs: bucketOf(4, 5)}, {IDs: bucketOf(6, 7, 8)}}
	set := tagset.NewIDSet([]int64{2, 3, 5, 7, 8})
	for _, c := range []struct {
		desc   bool
		offset int64
		b      int
		skip   int64
		ok     bool
	}{
		{false, 0, 0, 0, true},
		{false, 2, 1, 0, true},
		{false, 4, 2, 1, true},
		{true, 0, 2, 0, true},
		{true, 2, 1, 0, true},
		{false, 5, 0, 0, false},
	} {
		b, skip, ok := locate(buckets, set, c.desc, c.offset)
		if b != c.b || skip != c.skip || ok != c.ok {
			t.Errorf("locate(desc %v, %d) = %d, %d, %v; want %d, %d, %v", c.desc, c.offset, b, skip, ok, c.b, c.skip, c.ok)
		}
	}
}

// The ORDER BY of each sort the list offers, and none for the others.
func TestSortKey(t *testing.T) {
	t.Parallel()
	if got := By("", "DESC"); got != "name COLLATE NOCASE DESC, id DESC" {
		t.Errorf("By(\"\", DESC) = %s", got)
	}
	if got := By("createdAt", Direction(false)); got != "id ASC" {
		t.Errorf("By(createdAt, ASC) = %s", got)
	}
	if _, ok := SortKey("email"); ok {
		t.Error("email is a sort")
	}
	if Of("createdAt") != nil || Of("").column != "name" || Of("phone").column != "phone" {
		t.Error("Of gives the wrong orders")
	}
}
