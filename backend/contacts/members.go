package contacts

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	sqlite "github.com/glebarez/go-sqlite"
)

// sqlRunner is a transaction or connection to run statements on.
type sqlRunner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryIDs runs a query of one integer column and returns its values.
func queryIDs(ctx context.Context, r sqlRunner, query string, args ...any) ([]int64, error) {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Each tag's contacts are also kept as a bitmap (table tag_members, store
// migration 8): a row per tag and run of 4,096 contact ids, a bit per id.
// Counting a tag's contacts, or those having several tags, then reads a few
// hundred small rows and ANDs them, instead of reading 300,000 links or
// intersecting two full-text lists (40-60 ms at a million contacts). The
// contacts package keeps the bitmaps in step wherever it writes links: set
// and cleared a batch at a time, or rebuilt from the links after a bulk
// import.
const (
	chunkShift = 12
	chunkBytes = 1 << chunkShift / 8
)

const (
	bitsOrSQL     = "herald_bits_or"
	bitsAndNotSQL = "herald_bits_andnot"
)

func init() {
	blob := func(v driver.Value) []byte {
		b, _ := v.([]byte)
		out := make([]byte, chunkBytes)
		copy(out, b)
		return out
	}
	// herald_bits_or(a, b) and herald_bits_andnot(a, b): the bitwise a|b
	// and a&^b of two chunks (NULL reads as all clear).
	sqlite.MustRegisterDeterministicScalarFunction(bitsOrSQL, 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		a, b := blob(args[0]), blob(args[1])
		for i := range a {
			a[i] |= b[i]
		}
		return a, nil
	})
	sqlite.MustRegisterDeterministicScalarFunction(bitsAndNotSQL, 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		a, b := blob(args[0]), blob(args[1])
		for i := range a {
			a[i] &^= b[i]
		}
		return a, nil
	})
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
func setMembers(tx sqlRunner, m memberBits, on bool) error {
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

// rebuildMembers makes tag_members again from the links, a tag at a time
// (the links are in tag order), so that only one tag's bits are in memory.
func rebuildMembers(tx sqlRunner) error {
	ctx := context.Background()
	if _, err := tx.ExecContext(ctx, "DELETE FROM tag_members"); err != nil {
		return fmt.Errorf("rebuild tag counts: %w", err)
	}
	tags, err := queryIDs(ctx, tx, "SELECT id FROM tags")
	if err != nil {
		return fmt.Errorf("rebuild tag counts: %w", err)
	}
	// One tag's contacts at a time, read to the end before its bits are
	// written.
	for _, tag := range tags {
		contacts, err := queryIDs(ctx, tx, "SELECT contact_id FROM contact_tags WHERE tag_id = ?", tag)
		if err != nil {
			return fmt.Errorf("rebuild tag counts: %w", err)
		}
		m := memberBits{}
		for _, c := range contacts {
			m.add(tag, c)
		}
		if err := setMembers(tx, m, true); err != nil {
			return err
		}
	}
	return nil
}

// tagAnd returns, by chunk number, the bits of the contacts that carry every
// tag of tagIDs.
func (s *Service) tagAnd(tagIDs []int64) (map[int64][]byte, error) {
	tagIDs = slices.Compact(slices.Sorted(slices.Values(tagIDs)))
	rows, err := s.db.Raw("SELECT tag_id, chunk, bits FROM tag_members WHERE tag_id IN ?", tagIDs).Rows()
	if err != nil {
		return nil, fmt.Errorf("read tag counts: %w", err)
	}
	defer rows.Close()
	and := map[int64][]byte{}
	seen := map[int64]int{}
	for rows.Next() {
		var tag, chunk int64
		var b []byte
		if err := rows.Scan(&tag, &chunk, &b); err != nil {
			return nil, fmt.Errorf("read tag counts: %w", err)
		}
		seen[chunk]++
		if cur, ok := and[chunk]; ok {
			for i := range cur {
				if i < len(b) {
					cur[i] &= b[i]
				} else {
					cur[i] = 0
				}
			}
			continue
		}
		and[chunk] = append(make([]byte, 0, chunkBytes), b...)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tag counts: %w", err)
	}
	// A chunk some tag has no row for holds none of its contacts.
	for chunk, n := range seen {
		if n < len(tagIDs) {
			delete(and, chunk)
		}
	}
	return and, nil
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
