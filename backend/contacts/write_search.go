package contacts

// The writer's part in search: the search entries of the contacts it
// writes, added to the book's full-text index or to an import's side index.

import (
	"fmt"
	"strings"
)

// index adds the search entries of cs (enc, when not nil, holds their
// encoded forms), to the side index if there is one.
func (w *writer) index(cs []Contact, enc []encoded) error {
	for _, run := range docRuns(cs, enc) {
		if w.side != nil {
			w.side.send(sideOp{docs: run})
			continue
		}
		if _, err := w.exec(insertDocs, run.docs, run.first); err != nil {
			return fmt.Errorf("index contacts for search: %w", err)
		}
		if w.held {
			if _, err := w.exec(`INSERT OR IGNORE INTO contacts_fts_held (id) SELECT ?2 + key FROM json_each(?1)`, run.docs, run.first); err != nil {
				return fmt.Errorf("index contacts for search: %w", err)
			}
		}
	}
	return nil
}

// docRun is the search documents of contacts whose ids run on from first,
// as a JSON array of strings: each document's id is first plus its place
// in the array. SQLite takes an array of strings apart for a fraction of
// what [id, document] pairs cost it (each pair rendered as JSON and parsed
// again for every field), and the contacts of a batch are nearly always
// one run.
type docRun struct {
	first int64
	docs  string
}

// insertDocs adds a docRun to a full-text index.
const insertDocs = `INSERT INTO contacts_fts (rowid, doc) SELECT ?2 + key, value FROM json_each(?1)`

// docRuns gives the search documents of cs, in runs of consecutive ids,
// taking those enc has made ahead. They are made in Go rather than by the
// view's function, which SQLite would call once per row at a cost several
// times higher.
func docRuns(cs []Contact, enc []encoded) []docRun {
	var runs []docRun
	var docs strings.Builder
	var first, n int64
	end := func() {
		docs.WriteByte(']')
		runs = append(runs, docRun{first, docs.String()})
		docs.Reset()
		n = 0
	}
	for i, c := range cs {
		if n > 0 && c.ID != first+n {
			end()
		}
		if n == 0 {
			first = c.ID
			docs.WriteByte('[')
		} else {
			docs.WriteByte(',')
		}
		if len(enc) == len(cs) && enc[i].doc != "" {
			docs.WriteString(enc[i].doc)
		} else {
			docs.Write(appendJSONString(nil, searchDoc(c.Name, c.Email, c.Company, c.Tags)))
		}
		n++
	}
	if n > 0 {
		end()
	}
	return runs
}

// indexWhere adds the contacts whose ids a subquery gives to the full-text
// index.
func (w *writer) indexWhere(subquery string, args ...any) error {
	if w.bulk {
		return nil
	}
	err := w.tx.Exec(`INSERT INTO contacts_fts (rowid, doc) SELECT id, doc FROM contacts_search WHERE id IN (`+subquery+`)`, args...).Error
	if err == nil && w.held {
		err = w.tx.Exec(`INSERT OR IGNORE INTO contacts_fts_held (id) SELECT id FROM contacts WHERE id IN (`+subquery+`)`, args...).Error
	}
	if err != nil {
		return fmt.Errorf("index contacts for search: %w", err)
	}
	return nil
}

// unindexWhere removes the contacts whose ids a subquery gives from the
// full-text index; it must run while the rows still hold the values that
// were indexed.
func (w *writer) unindexWhere(subquery string, args ...any) error {
	if w.bulk {
		return nil
	}
	// Only contacts the index holds: removing what is not there would
	// corrupt it. While an import into an empty book runs, its contacts
	// are in its side index only (search_side.go).
	held := ""
	if w.held {
		held = " AND id IN (SELECT id FROM contacts_fts_held)"
	}
	err := w.tx.Exec(`INSERT INTO contacts_fts (contacts_fts, rowid, doc)
		SELECT 'delete', id, doc FROM contacts_search WHERE id IN (`+subquery+`)`+held, args...).Error
	if err == nil && w.held {
		err = w.tx.Exec(`DELETE FROM contacts_fts_held WHERE id IN (`+subquery+`)`, args...).Error
	}
	if err != nil {
		return fmt.Errorf("remove contacts from search: %w", err)
	}
	return nil
}
