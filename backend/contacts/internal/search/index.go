package search

import (
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/jsontext"
)

// ftsOptions are the full-text index's options (store migration 12): its
// tokenizer, the prefixes it keeps, and no size of each document.
const ftsOptions = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2', columnsize = 0"

// DDL declares contacts_fts: the book's reads its documents from the view
// contacts_search (external), an import's own index keeps its own copy, so
// that its entries can be removed by id. Both share ftsOptions, so that the
// import's index's tables can be copied into the book's.
func DDL(external bool) string {
	opts := ftsOptions
	if external {
		opts = "content = 'contacts_search', content_rowid = 'id', " + opts
	}
	return "CREATE VIRTUAL TABLE contacts_fts USING fts5 (doc, " + opts + ")"
}

// DocRun is the search documents of contacts whose ids run on from First,
// as a JSON array of strings: each document's id is First plus its place
// in the array. SQLite takes an array of strings apart for a fraction of
// what [id, document] pairs cost it (each pair rendered as JSON and parsed
// again for every field), and the contacts of a batch are nearly always
// one run.
type DocRun struct {
	First int64
	Docs  string
	// Count is how many documents Docs holds.
	Count int64
}

// Runs gathers documents, in the order of their contacts, into DocRuns.
type Runs struct {
	runs  []DocRun
	docs  strings.Builder
	first int64
	n     int64
}

// Grow makes room for n more bytes of documents.
func (r *Runs) Grow(n int) {
	r.docs.Grow(n)
}

// Add adds the document of contact id, as a JSON string.
func (r *Runs) Add(id int64, doc string) {
	r.next(id)
	r.docs.WriteString(doc)
}

// AddContact adds the document of contact id made from its fields.
func (r *Runs) AddContact(id int64, name, email, company string, tags []string) {
	r.next(id)
	r.docs.Write(jsontext.AppendString(nil, Doc(name, email, company, tags)))
}

// next starts the place of contact id's document.
func (r *Runs) next(id int64) {
	if r.n > 0 && id != r.first+r.n {
		r.end()
	}
	if r.n == 0 {
		r.first = id
		r.docs.WriteByte('[')
	} else {
		r.docs.WriteByte(',')
	}
	r.n++
}

func (r *Runs) end() {
	r.docs.WriteByte(']')
	r.runs = append(r.runs, DocRun{First: r.first, Docs: r.docs.String(), Count: r.n})
	r.docs.Reset()
	r.n = 0
}

// Done returns the runs added.
func (r *Runs) Done() []DocRun {
	if r.n > 0 {
		r.end()
	}
	return r.runs
}

// writtenList is the table of the contacts written in the book's index
// while an import builds its own (Writer.ListWritten). Its name is store
// migration 12's.
const writtenList = "contacts_fts_held"

// insertDocs adds a DocRun to a full-text index.
const insertDocs = `INSERT INTO contacts_fts (rowid, doc) SELECT ?2 + key, value FROM json_each(?1)`

// Writer keeps the book's full-text index in step with the contacts a
// transaction writes.
type Writer struct {
	// Tx is the transaction.
	Tx *gorm.DB
	// Exec runs a statement on Tx, prepared once for it.
	Exec func(query string, args ...any) (sql.Result, error)
	// ListWritten is set while an import builds its own index
	// (ImportIndex): the book's index then holds only the contacts written
	// outside the import, which writtenList lists for the import's
	// index to be put in place without them.
	ListWritten bool
	// Import, when set, takes the documents instead of the book's index.
	Import *ImportIndex
}

// Add adds the documents of run.
func (w *Writer) Add(run DocRun) error {
	if w.Import != nil {
		w.Import.send(importOp{docs: run})
		return nil
	}
	if _, err := w.Exec(insertDocs, run.Docs, run.First); err != nil {
		return fmt.Errorf("index contacts for search: %w", err)
	}
	if w.ListWritten {
		if _, err := w.Exec(`INSERT OR IGNORE INTO `+writtenList+` (id) SELECT ?2 + key FROM json_each(?1)`, run.Docs, run.First); err != nil {
			return fmt.Errorf("index contacts for search: %w", err)
		}
	}
	return nil
}

// Drop takes the contacts of ids (a JSON array) out of the import's index.
func (w *Writer) Drop(ids string) {
	w.Import.send(importOp{del: ids})
}

// AddWhere adds the contacts whose ids a subquery gives to the book's
// index, reading their documents from the view.
func (w *Writer) AddWhere(subquery string, args ...any) error {
	err := w.Tx.Exec(`INSERT INTO contacts_fts (rowid, doc) SELECT id, doc FROM contacts_search WHERE id IN (`+subquery+`)`, args...).Error
	if err == nil && w.ListWritten {
		err = w.Tx.Exec(`INSERT OR IGNORE INTO `+writtenList+` (id) SELECT id FROM contacts WHERE id IN (`+subquery+`)`, args...).Error
	}
	if err != nil {
		return fmt.Errorf("index contacts for search: %w", err)
	}
	return nil
}

// RemoveWhere removes the contacts whose ids a subquery gives from the
// book's index; it must run while the rows still hold the values that
// were indexed.
func (w *Writer) RemoveWhere(subquery string, args ...any) error {
	// Only contacts the index holds: removing what is not there would
	// corrupt it. While an import builds its own index, its contacts are
	// in that one only.
	listed := ""
	if w.ListWritten {
		listed = " AND id IN (SELECT id FROM " + writtenList + ")"
	}
	err := w.Tx.Exec(`INSERT INTO contacts_fts (contacts_fts, rowid, doc)
		SELECT 'delete', id, doc FROM contacts_search WHERE id IN (`+subquery+`)`+listed, args...).Error
	if err == nil && w.ListWritten {
		err = w.Tx.Exec(`DELETE FROM `+writtenList+` WHERE id IN (`+subquery+`)`, args...).Error
	}
	if err != nil {
		return fmt.Errorf("remove contacts from search: %w", err)
	}
	return nil
}

// Rebuild builds the book's index again from the view, in tx, and forgets
// the list of contacts written beside an import.
func Rebuild(tx *gorm.DB) error {
	if err := tx.Exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild')").Error; err != nil {
		return fmt.Errorf("rebuild the search index: %w", err)
	}
	if err := tx.Exec("DELETE FROM " + writtenList).Error; err != nil {
		return fmt.Errorf("rebuild the search index: %w", err)
	}
	return nil
}
