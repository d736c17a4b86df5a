package store

import (
	"database/sql/driver"
	"fmt"
)

// Which contacts carry a tag is kept as bits (table tag_members, migration
// 8): a row per tag and run of 1<<TagChunkShift contact ids, the bit of
// contact id at position id mod that run, little-endian within each byte.
// Since migration 10 they are the only record of it besides each contact's
// own list of tag names.
const TagChunkShift = 12

// hasBitSQL is the SQL function herald_has_bit(bits, n): 1 if bit n of the
// blob bits is set, else 0 (NULL or short blobs read as clear).
const hasBitSQL = "herald_has_bit"

func hasBit(args []driver.Value) (driver.Value, error) {
	b, _ := args[0].([]byte)
	n, ok := args[1].(int64)
	if !ok || n < 0 || n/8 >= int64(len(b)) {
		return int64(0), nil
	}
	return int64(b[n/8] >> (n % 8) & 1), nil
}

// HasTagSQL is a condition that holds when the contact whose id the SQL
// expression contact gives carries the tag whose id the expression tag
// gives: one look-up of the tag's bits for that contact.
func HasTagSQL(tag, contact string) string {
	return fmt.Sprintf("EXISTS (SELECT 1 FROM tag_members tm WHERE tm.tag_id = %[1]s AND tm.chunk = (%[2]s) >> %[3]d AND %[4]s(tm.bits, (%[2]s) & %[5]d))",
		tag, contact, TagChunkShift, hasBitSQL, 1<<TagChunkShift-1)
}
