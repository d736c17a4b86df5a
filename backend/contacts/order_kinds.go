package contacts

import "fmt"

// orderKind is an order cut into buckets: its number in contact_order, its
// key column, and the conditions that start a walk of its index at a key,
// inclusive (from) or exclusive going down (below). A key is a value of the
// column and an id; phone numbers are unique, so a phone key's id is 0.
type orderKind struct {
	num         int
	column      string
	from, below string
	keyHasID    bool
}

// orderKinds are the orders cut into buckets, by sort.
func orderKinds() map[string]*orderKind {
	return map[string]*orderKind{
		"name": {num: 0, column: "name", keyHasID: true,
			from:  "name COLLATE NOCASE >= ? AND (name COLLATE NOCASE, id) >= (?, ?)",
			below: "name COLLATE NOCASE <= ? AND (name COLLATE NOCASE, id) < (?, ?)"},
		"phone": {num: 1, column: "phone", from: "phone >= ?", below: "phone < ?"},
	}
}

// orderOf returns the cut order of a sort, nil for one that has none
// (createdAt is the id order itself).
func orderOf(sort string) *orderKind {
	if sort == "" {
		sort = "name"
	}
	return orderKinds()[sort]
}

// args gives the arguments of from or below for a key.
func (k *orderKind) args(key string, id int64) []any {
	if k.keyHasID {
		return []any{key, key, id}
	}
	return []any{key}
}

// keyID is the id part of the key of contact id.
func (k *orderKind) keyID(id int64) int64 {
	if k.keyHasID {
		return id
	}
	return 0
}

// bucketOf is the SQL of the bucket the key of a trigger's row (NEW or
// OLD) belongs to: the last bucket starting at or before it, or the first
// bucket for a key before them all. The leading term on first_key alone is
// what SQLite seeks the index with.
func (k *orderKind) bucketOf(row string) string {
	key, id := row+"."+k.column, "0"
	if k.keyHasID {
		id = row + ".id"
	}
	return fmt.Sprintf(`COALESCE((SELECT id FROM contact_order WHERE sort = %[1]d AND first_key <= %[2]s
			AND (first_key, first_id) <= (%[2]s, %[3]s) ORDER BY first_key DESC, first_id DESC LIMIT 1),
		(SELECT id FROM contact_order WHERE sort = %[1]d ORDER BY first_key, first_id LIMIT 1))`, k.num, key, id)
}
