package contacts

// The writer's inserts: new contacts in one statement per batch, and the
// ids they were given.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// distinctPhones tells whether no two of cs have the same number.
func distinctPhones(cs []Contact) bool {
	seen := make(map[string]struct{}, len(cs))
	for _, c := range cs {
		if _, ok := seen[c.Phone]; ok {
			return false
		}
		seen[c.Phone] = struct{}{}
	}
	return true
}

// insertThenMerge is upsert for a book that was empty, where nearly every
// number is new: cs (no two with the same number) all go in, and only
// those whose number a contact already had are looked up and merged.
func (w *writer) insertThenMerge(cs []Contact, enc []encoded) ([]outcome, error) {
	ids, err := w.insert(cs, enc)
	if err != nil {
		return nil, err
	}
	out := make([]outcome, len(cs))
	var known []int
	for i, id := range ids {
		if id == 0 {
			known = append(known, i)
			continue
		}
		out[i] = outcome{ID: id, Created: true}
	}
	if len(known) == 0 {
		return out, nil
	}
	rest := make([]Contact, len(known))
	var restEnc []encoded
	if enc != nil {
		restEnc = make([]encoded, len(known))
	}
	for j, i := range known {
		rest[j] = cs[i]
		if enc != nil {
			restEnc[j] = enc[i]
		}
	}
	merged, err := w.lookUpThenWrite(rest, restEnc)
	if err != nil {
		return nil, err
	}
	for j, i := range known {
		out[i] = merged[j]
	}
	return out, nil
}

const contactColumns = "phone, name, email, company, notes, tags, custom_fields, opted_out, opted_out_at, opted_out_reason, other_phones, created_at, updated_at"

// insert adds the contacts of cs whose numbers no row has yet, sets the ID
// of each of cs to the id it was created with (0 for those left out) and
// returns those ids. enc
// holds the encoded form of each of cs, zero where not made. Each
// table gets one INSERT per batch that reads its rows from a JSON array:
// this driver parses a statement on every execution, and a short statement
// over json_each parses once for the whole batch (about five times faster
// than a multi-row VALUES list). A batch whose contacts have no notes,
// custom fields or opt-out leaves those columns to their defaults, which
// saves SQLite a third of the JSON it reads.
func (w *writer) insert(cs []Contact, enc []encoded) ([]int64, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	batch, plain, err := insertRows(cs, enc)
	if err != nil {
		return nil, fmt.Errorf("insert contacts: %w", err)
	}
	query := `INSERT INTO contacts (phone, name, email, company, tags, created_at, updated_at)
		SELECT v->>0, v->>1, v->>2, v->>3, v->>4, ?2, ?2`
	if !plain {
		query = `INSERT INTO contacts (` + contactColumns + `)
		SELECT v->>0, v->>1, v->>2, v->>3, v->>5, v->>4, v->>6, v->>7, v->>8, v->>9, v->>10, ?2, ?2`
	}
	// The LIMIT keeps SQLite from flattening the subquery, which would
	// render each row's array again for every field read from it. WHERE
	// true: without it SQLite would read ON CONFLICT as a join's ON.
	res, err := w.exec(query+` FROM (SELECT value AS v FROM json_each(?1) LIMIT -1 OFFSET 0) WHERE true ON CONFLICT (phone) DO NOTHING`, batch, w.now)
	if err != nil {
		return nil, fmt.Errorf("insert contacts: %w", err)
	}
	ids, err := w.insertedIDs(res, cs)
	if err != nil {
		return nil, fmt.Errorf("insert contacts: %w", err)
	}
	for i, id := range ids {
		cs[i].ID = id
	}
	added, addedEnc := cs, enc
	if slices.Contains(ids, 0) {
		added, addedEnc = nil, nil
		for i, c := range cs {
			if c.ID == 0 {
				continue
			}
			added = append(added, c)
			if len(enc) == len(cs) {
				addedEnc = append(addedEnc, enc[i])
			}
		}
	}
	if err := w.link(added); err != nil {
		return nil, err
	}
	if w.mode == writeUnindexed || len(added) == 0 {
		return ids, nil
	}
	return ids, w.index(added, addedEnc)
}

// insertedIDs gives the id each of cs was created with by the INSERT of
// res, 0 for those it left out. A new row's id is one more than the
// largest id there is, so the rows one statement creates have the ids that
// end at the last one inserted: when every contact went in, they are the
// contacts of cs in order, and no row need be read back (RETURNING costs
// more than the rows' JSON); otherwise the new rows are read back by that
// range.
func (w *writer) insertedIDs(res sql.Result, cs []Contact) ([]int64, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return nil, err
	}
	last, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(cs))
	if n == int64(len(cs)) {
		for i := range ids {
			ids[i] = last - n + 1 + int64(i)
		}
		return ids, nil
	}
	if n == 0 {
		return ids, nil
	}
	rows, err := w.query(`SELECT id, phone FROM contacts WHERE id BETWEEN ? AND ?`, last-n+1, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byPhone := make(map[string]int64, n)
	for rows.Next() {
		var id int64
		var phone string
		if err := rows.Scan(&id, &phone); err != nil {
			return nil, err
		}
		byPhone[phone] = id
	}
	for i, c := range cs {
		ids[i] = byPhone[c.Phone]
	}
	return ids, rows.Err()
}

// insertRows gives the JSON array of rows that insert reads: in the plain
// form (phone, name, email, company, tags) when every contact of cs fits
// it, joined from their encoded rows when all were made ahead.
func insertRows(cs []Contact, enc []encoded) (rows string, plain bool, err error) {
	made := len(enc) == len(cs)
	plain = true
	size := len(cs) + 1
	for i, c := range cs {
		plain = plain && plainContact(c)
		made = made && enc[i].row != ""
		if made {
			size += len(enc[i].row)
		}
	}
	if made {
		var b strings.Builder
		b.Grow(size)
		b.WriteByte('[')
		for i, e := range enc {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(e.row)
		}
		b.WriteByte(']')
		return b.String(), true, nil
	}
	list := make([][]any, len(cs))
	for i, c := range cs {
		list[i] = []any{c.Phone, c.Name, c.Email, c.Company, encodeTags(c.Tags)}
		if !plain {
			list[i] = append(list[i], c.Notes, encodeCustom(c.CustomFields), c.OptedOut, c.OptedOutAt, c.OptedOutReason,
				encodeOtherPhones(c.OtherPhones))
		}
	}
	out, err := json.Marshal(list)
	return string(out), plain, err
}
