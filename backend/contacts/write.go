package contacts

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/jsontext"
	"herald/backend/contacts/internal/search"
	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/contacts/internal/tagset"
)

// writer upserts contacts a batch at a time inside one transaction, and
// keeps the search index and the tags' bitmaps in step with the rows, as
// its writeMode says.
type writer struct {
	tx   *gorm.DB
	now  time.Time
	mode writeMode
	// fts keeps the search index in step (internal/search), tags the
	// tags' bitmaps (internal/tagset).
	fts  search.Writer
	tags *tagset.Linker
	// matches says how a contact whose number is written again takes the
	// new values (merge.go); an "add" of a known number overwrites.
	matches string
	// insertFirst inserts a batch before looking any number up, for an
	// import into a book that was empty.
	insertFirst bool
	// undoRun, when not 0, is the import run for whose undo update keeps
	// what each row held (keepBefore).
	undoRun int64
	stmts   map[string]*sql.Stmt
}

// outcome says what happened to one contact of a batch. Before and After
// are set when an existing contact changed: what it held, and holds now.
type outcome struct {
	ID            int64
	Created       bool
	Before, After *Contact
}

// encoded is a contact as the writer's statements take it, made ahead by
// whoever has cores to spare (an import's readers): row is its JSON array
// in the plain form of insert ("" when the contact has notes, custom fields
// or an opt-out), doc its search document as a JSON string. A zero encoded
// leaves the work to the writer.
type encoded struct {
	row, doc string
}

// encode gives c's encoded form.
func encode(c Contact) encoded {
	var e encoded
	if plainContact(c) {
		b := make([]byte, 0, 32+2*(len(c.Phone)+len(c.Name)+len(c.Email)+len(c.Company)))
		b = jsontext.AppendStrings(b, []string{c.Phone, c.Name, c.Email, c.Company, encodeTags(c.Tags)})
		e.row = string(b)
	}
	e.doc = string(jsontext.AppendString(nil, search.Doc(c.Name, c.Email, c.Company, c.Tags)))
	return e
}

// plainContact tells whether c fits the short form of insert.
func plainContact(c Contact) bool {
	return c.Notes == "" && len(c.CustomFields) == 0 && !c.OptedOut && len(c.OtherPhones) == 0
}

// upsert writes cs (phones already E.164): numbers already known are merged
// into their contact, new ones created. enc, when not nil, holds the
// encoded form of each of cs. Outcomes come back in the order of cs.
func (w *writer) upsert(cs []Contact, enc []encoded) ([]outcome, error) {
	// Twins inside the batch fold into the first of them, whose encoded
	// form no longer holds.
	batch := map[string]Contact{}
	encOf := map[string]encoded{}
	var order []string
	for i, c := range cs {
		if prev, ok := batch[c.Phone]; ok {
			batch[c.Phone] = mergeInto(prev, c, w.matches)
			delete(encOf, c.Phone)
			continue
		}
		order = append(order, c.Phone)
		batch[c.Phone] = c
		if enc != nil {
			encOf[c.Phone] = enc[i]
		}
	}
	ids := map[string]int64{}
	created := map[string]bool{}
	rest := order
	if w.insertFirst {
		// Into a book that was empty, nearly every number is new: all go
		// in, and only those whose number a row already has are looked up.
		news := make([]Contact, len(order))
		newEnc := make([]encoded, len(order))
		for i, p := range order {
			news[i], newEnc[i] = batch[p], encOf[p]
		}
		if err := w.insert(news, newEnc, ids, created); err != nil {
			return nil, err
		}
		rest = nil
		for _, p := range order {
			if !created[p] {
				rest = append(rest, p)
			}
		}
	}
	known, err := w.lookup(rest)
	if err != nil {
		return nil, err
	}
	var toInsert, toUpdate, updatedFrom []Contact
	var insertEnc []encoded
	changed := map[string][2]*Contact{}
	for _, p := range rest {
		k, ok := known[p]
		if !ok {
			toInsert = append(toInsert, batch[p])
			insertEnc = append(insertEnc, encOf[p])
			continue
		}
		// A row that adds nothing (the same file imported again) is left
		// as it is: no write, no reindexing.
		if m := mergeInto(k, batch[p], w.matches); !sameContent(k, m) {
			toUpdate, updatedFrom = append(toUpdate, m), append(updatedFrom, k)
			changed[p] = [2]*Contact{&k, &m}
		}
		ids[p] = k.ID
	}
	if err := w.insert(toInsert, insertEnc, ids, created); err != nil {
		return nil, err
	}
	if err := w.update(toUpdate, updatedFrom); err != nil {
		return nil, err
	}
	out := make([]outcome, len(cs))
	seen := map[string]bool{}
	for i, c := range cs {
		out[i] = outcome{ID: ids[c.Phone], Created: created[c.Phone] && !seen[c.Phone]}
		if ch, ok := changed[c.Phone]; ok && !seen[c.Phone] {
			out[i].Before, out[i].After = ch[0], ch[1]
		}
		seen[c.Phone] = true
	}
	return out, nil
}

// mergeColumns are the columns of contacts a merge reads and update
// writes: the driver's cost is per column read, times above all.
const mergeColumns = `id, phone, name, email, company, notes, tags, custom_fields, other_phones,
	opted_out, opted_out_at, opted_out_reason`

// lookupQuery reads the contacts of the numbers of a JSON array, with
// mergeColumns. The numbers travel as one array: a 500-item IN list is a
// long statement for this driver to parse on every batch.
const lookupQuery = `SELECT ` + mergeColumns + ` FROM contacts WHERE phone IN (SELECT value FROM json_each(?))`

// lookup reads the contacts of the numbers phones, by number, with the
// statement prepared for the writer's transaction.
func (w *writer) lookup(phones []string) (map[string]Contact, error) {
	if len(phones) == 0 {
		return nil, nil
	}
	res, err := w.query(lookupQuery, sqlrun.JSON(phones))
	if err != nil {
		return nil, fmt.Errorf("look up numbers: %w", err)
	}
	rows, err := scanRows(res)
	if err != nil {
		return nil, fmt.Errorf("look up numbers: %w", err)
	}
	return contactsByPhone(rows), nil
}

// lookupPhones reads, in db, the contacts of the numbers phones, by number.
func lookupPhones(db *gorm.DB, phones []string) (map[string]Contact, error) {
	if len(phones) == 0 {
		return nil, nil
	}
	var rows []row
	if err := db.Raw(lookupQuery, sqlrun.JSON(phones)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("look up numbers: %w", err)
	}
	return contactsByPhone(rows), nil
}

// contactsByPhone gives the contacts of rows by number.
func contactsByPhone(rows []row) map[string]Contact {
	known := make(map[string]Contact, len(rows))
	for _, r := range rows {
		known[r.Phone] = r.contact()
	}
	return known
}

// sameContent reports whether a and b hold the same data, so that writing b
// over a would change nothing.
func sameContent(a, b Contact) bool {
	sameTime := (a.OptedOutAt == nil) == (b.OptedOutAt == nil) && (a.OptedOutAt == nil || a.OptedOutAt.Equal(*b.OptedOutAt))
	return a.Phone == b.Phone && a.Name == b.Name && a.Email == b.Email && a.Company == b.Company && a.Notes == b.Notes &&
		slices.Equal(a.Tags, b.Tags) && maps.Equal(a.CustomFields, b.CustomFields) && slices.Equal(a.OtherPhones, b.OtherPhones) &&
		a.OptedOut == b.OptedOut && a.OptedOutReason == b.OptedOutReason && sameTime
}

const contactColumns = "phone, name, email, company, notes, tags, custom_fields, opted_out, opted_out_at, opted_out_reason, other_phones, created_at, updated_at"

// insert adds the contacts of cs whose numbers no row has yet, recording
// their ids in ids and created (by number); the others are left out. enc
// holds the encoded form of each of cs, zero where not made. Each
// table gets one INSERT per batch that reads its rows from a JSON array:
// this driver parses a statement on every execution, and a short statement
// over json_each parses once for the whole batch (about five times faster
// than a multi-row VALUES list). A batch whose contacts have no notes,
// custom fields or opt-out leaves those columns to their defaults, which
// saves SQLite a third of the JSON it reads.
func (w *writer) insert(cs []Contact, enc []encoded, ids map[string]int64, created map[string]bool) error {
	if len(cs) == 0 {
		return nil
	}
	batch, plain, err := insertRows(cs, enc)
	if err != nil {
		return fmt.Errorf("insert contacts: %w", err)
	}
	query := `INSERT INTO contacts (phone, name, email, company, tags, created_at, updated_at)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4, ?2, ?2`
	if !plain {
		query = `INSERT INTO contacts (` + contactColumns + `)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>5, value->>4, value->>6, value->>7, value->>8, value->>9, value->>10, ?2, ?2`
	}
	// WHERE true: without it SQLite would read ON CONFLICT as a join's ON.
	res, err := w.exec(query+` FROM json_each(?1) WHERE true ON CONFLICT (phone) DO NOTHING`, batch, w.now)
	if err != nil {
		return fmt.Errorf("insert contacts: %w", err)
	}
	byPhone, err := w.insertedIDs(res, cs)
	if err != nil {
		return fmt.Errorf("insert contacts: %w", err)
	}
	added := cs[:0:0]
	addedEnc := enc[:0:0]
	for i, c := range cs {
		if id, ok := byPhone[c.Phone]; ok {
			c.ID = id
			ids[c.Phone], created[c.Phone] = id, true
			added = append(added, c)
			addedEnc = append(addedEnc, enc[i])
		}
	}
	if err := w.link(added); err != nil {
		return err
	}
	if w.mode == writeUnindexed || len(added) == 0 {
		return nil
	}
	return w.index(added, addedEnc)
}

// insertedIDs gives, by number, the ids of the contacts of cs that the
// INSERT of res created. A new row's id is one more than the largest id
// there is, so the rows one statement creates have the ids that end at the
// last one inserted: when every contact went in, they are the contacts of
// cs in order, and no row need be read back (RETURNING costs more than the
// rows' JSON); otherwise the new rows are read back by that range.
func (w *writer) insertedIDs(res sql.Result, cs []Contact) (map[string]int64, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return nil, err
	}
	last, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	byPhone := make(map[string]int64, n)
	if n == int64(len(cs)) {
		for i, c := range cs {
			byPhone[c.Phone] = last - n + 1 + int64(i)
		}
		return byPhone, nil
	}
	if n == 0 {
		return byPhone, nil
	}
	rows, err := w.query(`SELECT id, phone FROM contacts WHERE id BETWEEN ? AND ?`, last-n+1, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var phone string
		if err := rows.Scan(&id, &phone); err != nil {
			return nil, err
		}
		byPhone[phone] = id
	}
	return byPhone, rows.Err()
}

// insertRows gives the JSON array of rows that insert reads: in the plain
// form (phone, name, email, company, tags) when every contact of cs fits
// it, joined from their encoded rows when all were made ahead.
func insertRows(cs []Contact, enc []encoded) (rows string, plain bool, err error) {
	made := len(enc) == len(cs)
	plain = true
	for i, c := range cs {
		plain = plain && plainContact(c)
		made = made && enc[i].row != ""
	}
	if made {
		var b strings.Builder
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

// query runs a statement that returns rows on the writer's transaction,
// like exec.
func (w *writer) query(query string, args ...any) (*sql.Rows, error) {
	stmt, err := w.prepared(query)
	if err != nil {
		return nil, err
	}
	return stmt.Query(args...)
}

// exec runs a statement on the writer's transaction without GORM's
// statement building, which shows at a million rows, and prepared once
// for the transaction: this driver parses a statement on every call
// otherwise.
func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	stmt, err := w.prepared(query)
	if err != nil {
		return nil, err
	}
	return stmt.Exec(args...)
}

// prepared returns query prepared on the writer's transaction, which
// closes it when it ends.
func (w *writer) prepared(query string) (*sql.Stmt, error) {
	if stmt, ok := w.stmts[query]; ok {
		return stmt, nil
	}
	tx, ok := w.tx.Statement.ConnPool.(interface {
		PrepareContext(context.Context, string) (*sql.Stmt, error)
	})
	if !ok {
		return nil, fmt.Errorf("not in a transaction")
	}
	stmt, err := tx.PrepareContext(context.Background(), query)
	if err != nil {
		return nil, err
	}
	if w.stmts == nil {
		w.stmts = map[string]*sql.Stmt{}
	}
	w.stmts[query] = stmt
	return stmt, nil
}

// remove deletes the contacts ids with their search entries and tags' bits.
func (w *writer) remove(ids []int64) (int64, error) {
	idList := sqlrun.JSON(ids)
	if err := w.unindexWhere(sqlrun.IDsIn, idList); err != nil {
		return 0, err
	}
	keys, err := w.tags.LinksWhere(sqlrun.IDsIn, idList)
	if err != nil {
		return 0, err
	}
	if err := w.tags.Unlink(keys); err != nil {
		return 0, err
	}
	res := w.tx.Exec("DELETE FROM contacts WHERE id IN ("+sqlrun.IDsIn+")", idList)
	if res.Error != nil {
		return 0, fmt.Errorf("delete contacts: %w", res.Error)
	}
	return res.RowsAffected, nil
}
