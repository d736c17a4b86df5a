package contacts

import (
	"context"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/store"
)

// Each tag's contacts are a bitmap (table tag_members, store migrations 8
// and 10, store/tagbits.go): a row per tag and run of 4,096 contact ids, a
// bit per id. Counting a tag's contacts, or those having several tags, reads
// a few hundred small rows and ANDs them; a page of a tag's contacts tests
// each contact of an order against the bits (search_page.go). The contacts
// package keeps the bitmaps in step wherever it writes a contact's tags, a
// batch at a time, or rebuilds them from the contacts' tag lists.
const (
	chunkShift = store.TagChunkShift
	chunkBytes = 1 << chunkShift / 8
)

const (
	bitsOrSQL     = "herald_bits_or"
	bitsAndNotSQL = "herald_bits_andnot"
	popcountSQL   = "herald_popcount"
)

// chunkOf is a chunk of bits as an SQL function is given it, at its full
// size (NULL reads as all clear).
func chunkOf(v driver.Value) []byte {
	b, _ := v.([]byte)
	out := make([]byte, chunkBytes)
	copy(out, b)
	return out
}

// bitsOr is herald_bits_or(a, b): the bitwise a|b of two chunks.
func bitsOr(args []driver.Value) (driver.Value, error) {
	a, b := chunkOf(args[0]), chunkOf(args[1])
	for i := range a {
		a[i] |= b[i]
	}
	return a, nil
}

// bitsAndNot is herald_bits_andnot(a, b): the bitwise a&^b of two chunks.
func bitsAndNot(args []driver.Value) (driver.Value, error) {
	a, b := chunkOf(args[0]), chunkOf(args[1])
	for i := range a {
		a[i] &^= b[i]
	}
	return a, nil
}

// popcountFunction is herald_popcount(a): how many bits a chunk has set.
func popcountFunction(args []driver.Value) (driver.Value, error) {
	b, _ := args[0].([]byte)
	return popcount(map[int64][]byte{0: b}), nil
}

// memberBits are chunks of bits by tag and chunk number.
type memberBits map[[2]int64][]byte

func (m memberBits) add(tag, contact int64) {
	key := [2]int64{tag, contact >> chunkShift}
	b := m[key]
	if b == nil {
		b = make([]byte, chunkBytes)
		m[key] = b
	}
	pos := contact & (1<<chunkShift - 1)
	b[pos/8] |= 1 << (pos % 8)
}

// memberBitsOf gives the bits of links.
func memberBitsOf(links []linkKey) memberBits {
	m := memberBits{}
	for _, k := range links {
		m.add(k.tag, k.contact)
	}
	return m
}

// setMembers sets (on) or clears the bits of m in tag_members.
func setMembers(tx sqlrun.Runner, m memberBits, on bool) error {
	ctx := context.Background()
	for key, b := range m {
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `INSERT INTO tag_members (tag_id, chunk, bits) VALUES (?, ?, ?)
				ON CONFLICT (tag_id, chunk) DO UPDATE SET bits = `+bitsOrSQL+`(bits, excluded.bits)`, key[0], key[1], b)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE tag_members SET bits = `+bitsAndNotSQL+`(bits, ?) WHERE tag_id = ? AND chunk = ?`, b, key[0], key[1])
		}
		if err != nil {
			return fmt.Errorf("update tag counts: %w", err)
		}
	}
	return nil
}

// rebuildMembers makes tag_members again from the contacts' tag lists. The
// contacts are read in id order, in ranges of membersWindow chunks, each
// range's bits written before the next is read, so that memory stays
// bounded whatever the size of the book.
func rebuildMembers(tx sqlrun.Runner) error {
	ctx := context.Background()
	if _, err := tx.ExecContext(ctx, "DELETE FROM tag_members"); err != nil {
		return fmt.Errorf("rebuild tag counts: %w", err)
	}
	last, err := sqlrun.IDs(ctx, tx, "SELECT coalesce(max(id), 0) FROM contacts")
	if err != nil || len(last) != 1 {
		return fmt.Errorf("rebuild tag counts: %v", err)
	}
	top := last[0]
	const window = membersWindow << chunkShift
	for lo := int64(0); lo <= top; lo += window {
		rows, err := tx.QueryContext(ctx, `SELECT t.id, c.id FROM contacts c, json_each(c.tags) j JOIN tags t ON t.name = j.value
			WHERE c.id >= ? AND c.id < ?`, lo, lo+window)
		if err != nil {
			return fmt.Errorf("rebuild tag counts: %w", err)
		}
		m := memberBits{}
		for rows.Next() {
			var tag, contact int64
			if err := rows.Scan(&tag, &contact); err != nil {
				rows.Close()
				return fmt.Errorf("rebuild tag counts: %w", err)
			}
			m.add(tag, contact)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rebuild tag counts: %w", err)
		}
		if err := setMembers(tx, m, true); err != nil {
			return err
		}
	}
	return nil
}

// membersWindow is how many chunks of ids rebuildMembers holds at a time.
const membersWindow = 64

// tagBits returns, by chunk number, the bits of the contacts that carry
// every tag of tagIDs (all) or any of them.
func tagBits(db *gorm.DB, tagIDs []int64, all bool) (map[int64][]byte, error) {
	tagIDs = slices.Compact(slices.Sorted(slices.Values(tagIDs)))
	rows, err := db.Raw("SELECT chunk, bits FROM tag_members WHERE tag_id IN ("+idsIn+")", mustJSON(tagIDs)).Rows()
	if err != nil {
		return nil, fmt.Errorf("read tag counts: %w", err)
	}
	defer rows.Close()
	out := map[int64][]byte{}
	seen := map[int64]int{}
	for rows.Next() {
		var chunk int64
		var b []byte
		if err := rows.Scan(&chunk, &b); err != nil {
			return nil, fmt.Errorf("read tag counts: %w", err)
		}
		seen[chunk]++
		cur, ok := out[chunk]
		if !ok {
			cur = make([]byte, chunkBytes)
			copy(cur, b)
			out[chunk] = cur
			continue
		}
		for i := range cur {
			var x byte
			if i < len(b) {
				x = b[i]
			}
			if all {
				cur[i] &= x
			} else {
				cur[i] |= x
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tag counts: %w", err)
	}
	if all {
		// A chunk some tag has no row for holds none of its contacts.
		for chunk, n := range seen {
			if n < len(tagIDs) {
				delete(out, chunk)
			}
		}
	}
	return out, nil
}

// popcount counts the bits set in chunks.
func popcount(chunks map[int64][]byte) int64 {
	var n int
	for _, b := range chunks {
		for i := 0; i+8 <= len(b); i += 8 {
			n += bits.OnesCount64(binary.LittleEndian.Uint64(b[i:]))
		}
	}
	return int64(n)
}
