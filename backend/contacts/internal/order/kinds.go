// Package order is the contact list's orders by name and by phone: each
// cut into buckets of a few thousand contacts, kept in step by triggers on
// contacts, and read along the sort's index from the bucket a deep page
// falls in.
//
// A deep page of a filter whose matches are spread thin over the order
// shown ("fischer" deep in the list by name: one contact in sixteen) would
// read the sort's index from the start. The orders a list is shown in are
// therefore also cut into buckets (table contact_order, store migration 9):
// each bucket is the key its range of the order starts at and the ids in
// that range (SQLFunctions). A deep page counts its matches bucket by
// bucket (a bit test per contact of the book), and reads the index only
// from the bucket its offset falls in (Orders.PageAlongIndex).
//
// Triggers on contacts, created by the store migration "list order
// triggers", keep the buckets in step with every insert, delete and change
// of name or number, whoever writes it. A big import drops them (DropTriggers, through
// contacts/internal/maintenance) and cuts the orders again at its end
// (Orders.RebuildAll), which creates them again. A bucket that grows
// to twice the size of a cut (Config.BucketSize) is cut again after the
// write that grew it (Orders.Split).
package order

import "fmt"

// SortKey is the indexed ordering of a sort List offers, with %[1]s where
// its direction goes: sorting a million rows on an unindexed column takes
// seconds, so only these exist.
func SortKey(sort string) (string, bool) {
	switch sort {
	case "", "name":
		return "name COLLATE NOCASE %[1]s, id %[1]s", true
	case "phone":
		return "phone %[1]s", true
	case "createdAt":
		return "id %[1]s", true
	}
	return "", false
}

// By is the ORDER BY of a sort List offers, in direction dir.
func By(sort, dir string) string {
	key, _ := SortKey(sort)
	return fmt.Sprintf(key, dir)
}

// Direction is the SQL direction of desc.
func Direction(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
}

// Kind is an order cut into buckets: its number in contact_order, its
// key column, and the conditions that start a read of its index at a key,
// inclusive (From) or exclusive going down (below). A key is a value of the
// column and an id; phone numbers are unique, so a phone key's id is 0.
type Kind struct {
	num         int
	column      string
	From, below string
	keyHasID    bool
}

// kinds are the orders cut into buckets, by sort.
func kinds() map[string]*Kind {
	return map[string]*Kind{
		"name": {num: 0, column: "name", keyHasID: true,
			From:  "name COLLATE NOCASE >= ? AND (name COLLATE NOCASE, id) >= (?, ?)",
			below: "name COLLATE NOCASE <= ? AND (name COLLATE NOCASE, id) < (?, ?)"},
		"phone": {num: 1, column: "phone", From: "phone >= ?", below: "phone < ?"},
	}
}

// Of returns the cut order of a sort, nil for one that has none
// (createdAt is the id order itself).
func Of(sort string) *Kind {
	if sort == "" {
		sort = "name"
	}
	return kinds()[sort]
}

// Args gives the arguments of From or below for a key.
func (k *Kind) Args(key string, id int64) []any {
	if k.keyHasID {
		return []any{key, key, id}
	}
	return []any{key}
}

// keyID is the id part of the key of contact id.
func (k *Kind) keyID(id int64) int64 {
	if k.keyHasID {
		return id
	}
	return 0
}

// bucketOf is the SQL of the bucket the key of a trigger's row (NEW or
// OLD) belongs to: the last bucket starting at or before it, or the first
// bucket for a key before them all. The leading term on first_key alone is
// what SQLite seeks the index with.
func (k *Kind) bucketOf(row string) string {
	key, id := row+"."+k.column, "0"
	if k.keyHasID {
		id = row + ".id"
	}
	return fmt.Sprintf(`COALESCE((SELECT id FROM contact_order WHERE sort = %[1]d AND first_key <= %[2]s
			AND (first_key, first_id) <= (%[2]s, %[3]s) ORDER BY first_key DESC, first_id DESC LIMIT 1),
		(SELECT id FROM contact_order WHERE sort = %[1]d ORDER BY first_key, first_id LIMIT 1))`, k.num, key, id)
}
