package tagset

// Sets of contact ids as bitmaps, which the list's filters intersect and
// page, and the parsing of id lists that SQLite hands back.

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// IDSet is a set of contact ids as a bitmap: ids are dense from 1.
type IDSet []uint64

// NewIDSet returns the set of ids.
func NewIDSet(ids []int64) IDSet {
	var hi int64
	for _, id := range ids {
		hi = max(hi, id)
	}
	set := make(IDSet, hi/64+1)
	for _, id := range ids {
		if id >= 0 {
			set[id/64] |= 1 << (id % 64)
		}
	}
	return set
}

// Has tells whether id is in the set.
func (s IDSet) Has(id int64) bool {
	return id >= 0 && id/64 < int64(len(s)) && s[id/64]&(1<<(id%64)) != 0
}

// Keep keeps the ids of the set, in place.
func (s IDSet) Keep(ids []int64) []int64 {
	kept := ids[:0]
	for _, id := range ids {
		if s.Has(id) {
			kept = append(kept, id)
		}
	}
	return kept
}

// IDs lists the set's ids in order.
func (s IDSet) IDs() []int64 {
	var out []int64
	for w, word := range s {
		for word != 0 {
			out = append(out, int64(w)*64+int64(bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return out
}

// Window returns limit ids of the set after the first offset, in id order
// (from the top when desc), skipping whole words by their count of bits.
func (s IDSet) Window(desc bool, offset, limit int64) []int64 {
	var page []int64
	skip := offset
	for i := range s {
		wi := i
		if desc {
			wi = len(s) - 1 - i
		}
		word := s[wi]
		if n := int64(bits.OnesCount64(word)); n <= skip {
			skip -= n
			continue
		}
		for word != 0 && int64(len(page)) < limit {
			bit := bits.TrailingZeros64(word)
			if desc {
				bit = 63 - bits.LeadingZeros64(word)
			}
			word &^= 1 << bit
			if skip > 0 {
				skip--
				continue
			}
			page = append(page, int64(wi)*64+int64(bit))
		}
		if int64(len(page)) == limit {
			break
		}
	}
	return page
}

// Clear takes id out of the set.
func (s IDSet) Clear(id int64) {
	if id >= 0 && id/64 < int64(len(s)) {
		s[id/64] &^= 1 << (id % 64)
	}
}

// Set turns tag bitmaps by chunk into an IDSet: a bit test per contact of
// the book costs a map lookup on the chunks, and nothing on the set.
func (c Chunks) Set() IDSet {
	var hi int64 = -1
	for n := range c {
		hi = max(hi, n)
	}
	set := make(IDSet, (hi+1)<<chunkShift/64)
	for n, b := range c {
		base := n << chunkShift / 64
		for i := 0; i+8 <= len(b); i += 8 {
			set[base+int64(i/8)] = binary.LittleEndian.Uint64(b[i:])
		}
	}
	return set
}

// ParseIDs reads a JSON array of integers, as json_group_array writes it;
// encoding/json costs several times more for a long one.
func ParseIDs(list string) ([]int64, error) {
	list = strings.TrimSpace(list)
	if len(list) < 2 || list[0] != '[' || list[len(list)-1] != ']' {
		return nil, fmt.Errorf("read search matches: unexpected %.20q", list)
	}
	body := list[1 : len(list)-1]
	if body == "" {
		return nil, nil
	}
	ids := make([]int64, 0, strings.Count(body, ",")+1)
	for len(body) > 0 {
		i := strings.IndexByte(body, ',')
		if i < 0 {
			i = len(body)
		}
		id, err := strconv.ParseInt(strings.TrimSpace(body[:i]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("read search matches: %w", err)
		}
		ids = append(ids, id)
		body = body[min(i+1, len(body)):]
	}
	return ids, nil
}
