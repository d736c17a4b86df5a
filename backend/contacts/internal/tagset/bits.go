// Package tagset is which contacts carry which tag, as bitmaps, and sets
// of contact ids as bitmaps.
//
// Each tag's contacts are a bitmap (table tag_members, store migrations 8
// and 10, store/tagbits.go): a row per tag and run of 4,096 contact ids, a
// bit per id. Counting a tag's contacts, or those having several tags, reads
// a few hundred small rows and ANDs them; a page of a tag's contacts tests
// each contact of an order against the bits. The bitmaps are kept in step
// wherever the book writes a contact's tags (Linker), a batch at a time, or
// rebuilt from the contacts' tag lists (Rebuild).
package tagset

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

const (
	chunkShift = store.TagChunkShift
	chunkBytes = 1 << chunkShift / 8
)

// The SQL functions over chunks of bits (SQLFunctions).
const (
	OrSQL       = "herald_bits_or"
	AndNotSQL   = "herald_bits_andnot"
	PopcountSQL = "herald_popcount"
)

// SQLFunctions are the SQL functions of the tags' bitmaps: the book's
// writes merge and clear bits with them, and tag counts add them up.
func SQLFunctions() []store.Function {
	return []store.Function{
		{Name: OrSQL, Args: 2, Deterministic: true, Fn: bitsOr},
		{Name: AndNotSQL, Args: 2, Deterministic: true, Fn: bitsAndNot},
		{Name: PopcountSQL, Args: 1, Deterministic: true, Fn: popcountFunction},
	}
}

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
	return Chunks{0: b}.Count(), nil
}

// Bits are chunks of bits by tag and chunk number.
type Bits map[[2]int64][]byte

// Add sets the bit of contact in tag's bitmap.
func (m Bits) Add(tag, contact int64) {
	key := [2]int64{tag, contact >> chunkShift}
	b := m[key]
	if b == nil {
		b = make([]byte, chunkBytes)
		m[key] = b
	}
	pos := contact & (1<<chunkShift - 1)
	b[pos/8] |= 1 << (pos % 8)
}

// BitsOf gives the bits of links.
func BitsOf(links []Link) Bits {
	m := Bits{}
	for _, k := range links {
		m.Add(k.Tag, k.Contact)
	}
	return m
}

// Set sets (on) or clears the bits of m in tag_members.
func Set(tx sqlrun.Runner, m Bits, on bool) error {
	ctx := context.Background()
	for key, b := range m {
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `INSERT INTO tag_members (tag_id, chunk, bits) VALUES (?, ?, ?)
				ON CONFLICT (tag_id, chunk) DO UPDATE SET bits = `+OrSQL+`(bits, excluded.bits)`, key[0], key[1], b)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE tag_members SET bits = `+AndNotSQL+`(bits, ?) WHERE tag_id = ? AND chunk = ?`, b, key[0], key[1])
		}
		if err != nil {
			return fmt.Errorf("update tag counts: %w", err)
		}
	}
	return nil
}

// Rebuild makes tag_members again from the contacts' tag lists. The
// contacts are read in id order, in ranges of rebuildWindow chunks, each
// range's bits written before the next is read, so that memory stays
// bounded whatever the size of the book.
func Rebuild(tx sqlrun.Runner) error {
	ctx := context.Background()
	if _, err := tx.ExecContext(ctx, "DELETE FROM tag_members"); err != nil {
		return fmt.Errorf("rebuild tag counts: %w", err)
	}
	last, err := sqlrun.IDs(ctx, tx, "SELECT coalesce(max(id), 0) FROM contacts")
	if err != nil || len(last) != 1 {
		return fmt.Errorf("rebuild tag counts: %v", err)
	}
	top := last[0]
	const window = rebuildWindow << chunkShift
	for lo := int64(0); lo <= top; lo += window {
		rows, err := tx.QueryContext(ctx, `SELECT t.id, c.id FROM contacts c, json_each(c.tags) j JOIN tags t ON t.name = j.value
			WHERE c.id >= ? AND c.id < ?`, lo, lo+window)
		if err != nil {
			return fmt.Errorf("rebuild tag counts: %w", err)
		}
		m := Bits{}
		for rows.Next() {
			var tag, contact int64
			if err := rows.Scan(&tag, &contact); err != nil {
				rows.Close()
				return fmt.Errorf("rebuild tag counts: %w", err)
			}
			m.Add(tag, contact)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rebuild tag counts: %w", err)
		}
		if err := Set(tx, m, true); err != nil {
			return err
		}
	}
	return nil
}

// rebuildWindow is how many chunks of ids Rebuild holds at a time.
const rebuildWindow = 64

// Chunks are bits of contacts by chunk number.
type Chunks map[int64][]byte

// Tagged returns the bits of the contacts that carry every tag of tagIDs
// (all) or any of them.
func Tagged(db *gorm.DB, tagIDs []int64, all bool) (Chunks, error) {
	tagIDs = slices.Compact(slices.Sorted(slices.Values(tagIDs)))
	rows, err := db.Raw("SELECT chunk, bits FROM tag_members WHERE tag_id IN ("+sqlrun.IDsIn+")", sqlrun.JSON(tagIDs)).Rows()
	if err != nil {
		return nil, fmt.Errorf("read tag counts: %w", err)
	}
	defer rows.Close()
	out := Chunks{}
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

// Count counts the bits set in c.
func (c Chunks) Count() int64 {
	var n int
	for _, b := range c {
		for i := 0; i+8 <= len(b); i += 8 {
			n += bits.OnesCount64(binary.LittleEndian.Uint64(b[i:]))
		}
	}
	return int64(n)
}
