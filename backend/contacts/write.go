package contacts

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
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

// outcome says what happened to one contact of a batch. Before is set
// when an existing contact changed: what it held, with Fields saying how
// (changesOf).
type outcome struct {
	ID      int64
	Created bool
	Before  *Contact
	Fields  []FieldChange
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
	e.doc = docOf(c)
	return e
}

// docOf is c's search document as a JSON string.
func docOf(c Contact) string {
	return string(jsontext.AppendString(nil, search.Doc(c.Name, c.Email, c.Company, c.Tags)))
}

// plainContact tells whether c fits the short form of insert.
func plainContact(c Contact) bool {
	return c.Notes == "" && len(c.CustomFields) == 0 && !c.OptedOut && len(c.OtherPhones) == 0
}

// upsert writes cs (phones already E.164): numbers already known are merged
// into their contact, new ones created. enc, when not nil, holds the
// encoded form of each of cs. Outcomes come back in the order of cs.
func (w *writer) upsert(cs []Contact, enc []encoded) ([]outcome, error) {
	if w.insertFirst && distinctPhones(cs) {
		return w.insertThenMerge(cs, enc)
	}
	return w.lookUpThenWrite(cs, enc)
}

// upsertSeen is upsert of contacts whose numbers were looked up before
// (lookUpAhead), as ahead says; nil when they were not.
func (w *writer) upsertSeen(cs []Contact, enc []encoded, ahead *seenContacts) ([]outcome, error) {
	if ahead == nil {
		return w.upsert(cs, enc)
	}
	return w.writeLookedUp(cs, enc, ahead)
}

// lookUpThenWrite is upsert by looking every number up first.
func (w *writer) lookUpThenWrite(cs []Contact, enc []encoded) ([]outcome, error) {
	return w.writeLookedUp(cs, enc, nil)
}

// foldedBatch is a batch with its twins (rows of one number) folded into
// the first of them: its numbers in order, each with its contact and,
// unless folded, its encoded form.
type foldedBatch struct {
	order []string
	batch map[string]Contact
	encOf map[string]encoded
}

// fold folds the twins of cs, merged as matches says.
func fold(cs []Contact, enc []encoded, matches string) foldedBatch {
	f := foldedBatch{batch: make(map[string]Contact, len(cs)), encOf: make(map[string]encoded, len(cs))}
	for i, c := range cs {
		if prev, ok := f.batch[c.Phone]; ok {
			f.batch[c.Phone] = mergeInto(prev, c, matches)
			delete(f.encOf, c.Phone)
			continue
		}
		f.order = append(f.order, c.Phone)
		f.batch[c.Phone] = c
		if enc != nil {
			f.encOf[c.Phone] = enc[i]
		}
	}
	return f
}

// mergedRow is a row of a batch merged into the contact its number has.
type mergedRow struct {
	before, after Contact
	// changed is false for a row that adds nothing (the same file
	// imported again): no write, no reindexing. doc and fields are
	// after's search document and what changed, when it did.
	changed bool
	doc     string
	fields  []FieldChange
}

// mergeRow merges the row in into k, the contact of its number.
func mergeRow(k, in Contact, matches string) mergedRow {
	m := mergeInto(k, in, matches)
	if sameContent(k, m) {
		return mergedRow{before: k, after: m}
	}
	return mergedRow{before: k, after: m, changed: true, doc: docOf(m), fields: changesOf(k, m)}
}

// writeLookedUp is upsert of cs whose numbers are looked up, in the
// transaction, or, with ahead, only the contacts changed since the lookup
// ahead and the numbers added since; the rows ahead merged are taken as
// they are unless their contact changed.
func (w *writer) writeLookedUp(cs []Contact, enc []encoded, ahead *seenContacts) ([]outcome, error) {
	var f foldedBatch
	var pre map[string]*mergedRow
	if ahead != nil && ahead.folded != nil {
		f, pre = *ahead.folded, ahead.merged
	} else {
		f = fold(cs, enc, w.matches)
	}
	ids := map[string]int64{}
	created := map[string]bool{}
	known, stale, err := w.known(f.order, ahead)
	if err != nil {
		return nil, err
	}
	var toInsert, toUpdate, updatedFrom []Contact
	var insertEnc, updateEnc []encoded
	changed := map[string]*mergedRow{}
	merge := func(p string, k Contact) {
		mr := pre[p]
		if mr == nil || stale[p] {
			m := mergeRow(k, f.batch[p], w.matches)
			mr = &m
		}
		if mr.changed {
			toUpdate, updatedFrom = append(toUpdate, mr.after), append(updatedFrom, mr.before)
			updateEnc = append(updateEnc, encoded{doc: mr.doc})
			changed[p] = mr
		}
		ids[p] = k.ID
	}
	for _, p := range f.order {
		if k, ok := known[p]; ok {
			merge(p, k)
			continue
		}
		toInsert = append(toInsert, f.batch[p])
		insertEnc = append(insertEnc, f.encOf[p])
	}
	newIDs, err := w.insert(toInsert, insertEnc)
	if err != nil {
		return nil, err
	}
	for i, id := range newIDs {
		if id != 0 {
			ids[toInsert[i].Phone], created[toInsert[i].Phone] = id, true
		}
	}
	if ahead != nil {
		// A number new to the lookup ahead may have come in since.
		if err := w.lookUpLate(toInsert, created, merge); err != nil {
			return nil, err
		}
	}
	if err := w.update(toUpdate, updatedFrom, updateEnc); err != nil {
		return nil, err
	}
	out := make([]outcome, len(cs))
	seen := map[string]bool{}
	for i, c := range cs {
		out[i] = outcome{ID: ids[c.Phone], Created: created[c.Phone] && !seen[c.Phone]}
		if mr, ok := changed[c.Phone]; ok && !seen[c.Phone] {
			out[i].Before, out[i].Fields = &mr.before, mr.fields
		}
		seen[c.Phone] = true
	}
	return out, nil
}

// lookupQuery reads the contacts of the numbers of a JSON array
// (mergeRows). The numbers travel as one array: a 500-item IN list is a
// long statement for this driver to parse on every batch. The array is
// read in its order (CROSS JOIN), which spares SQLite the index of it that
// IN would build.
const lookupQuery = mergeRows + `FROM json_each(?) j CROSS JOIN contacts ON contacts.phone = j.value`

// lookup reads the contacts of the numbers phones, by number, with the
// statement prepared for the writer's transaction.
func (w *writer) lookup(phones []string) (map[string]Contact, error) {
	if len(phones) == 0 {
		return nil, nil
	}
	rows, err := w.mergeRows(lookupQuery, sqlrun.JSON(phones))
	if err != nil {
		return nil, fmt.Errorf("look up numbers: %w", err)
	}
	return contactsByPhone(rows), nil
}

// mergeRows runs a mergeRows query on the writer's transaction.
func (w *writer) mergeRows(query string, args ...any) ([]row, error) {
	text, err := w.queryText(query, args...)
	if err != nil {
		return nil, err
	}
	return readMergeRows(text)
}

// lookupPhones reads, in db, the contacts of the numbers phones, by number.
func lookupPhones(db *gorm.DB, phones []string) (map[string]Contact, error) {
	if len(phones) == 0 {
		return nil, nil
	}
	rows, err := dbMergeRows(db, lookupQuery, sqlrun.JSON(phones))
	if err != nil {
		return nil, fmt.Errorf("look up numbers: %w", err)
	}
	return contactsByPhone(rows), nil
}

// dbMergeRows runs a mergeRows query in db.
func dbMergeRows(db *gorm.DB, query string, args ...any) ([]row, error) {
	var text string
	if err := db.Raw(query, args...).Row().Scan(&text); err != nil {
		return nil, err
	}
	return readMergeRows(text)
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

// query runs a statement that returns rows on the writer's transaction,
// like exec.
func (w *writer) query(query string, args ...any) (*sql.Rows, error) {
	stmt, err := w.prepared(query)
	if err != nil {
		return nil, err
	}
	return stmt.Query(args...)
}

// queryText runs a statement that returns one text on the writer's
// transaction, like exec.
func (w *writer) queryText(query string, args ...any) (string, error) {
	stmt, err := w.prepared(query)
	if err != nil {
		return "", err
	}
	var text string
	err = stmt.QueryRow(args...).Scan(&text)
	return text, err
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
