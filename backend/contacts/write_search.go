package contacts

// The writer's part in search: the search entries of the contacts it
// writes, added to the book's full-text index or to an import's own index
// (internal/search).

import (
	"herald/backend/contacts/internal/search"
)

// index adds the search entries of cs (enc, when not nil, holds their
// encoded forms), to the import's index if there is one.
func (w *writer) index(cs []Contact, enc []encoded) error {
	for _, run := range docRuns(cs, enc) {
		if err := w.fts.Add(run); err != nil {
			return err
		}
	}
	return nil
}

// docRuns gives the search documents of cs, in runs of consecutive ids,
// taking those enc has made ahead. They are made in Go rather than by the
// view's function, which SQLite would call once per row at a cost several
// times higher.
func docRuns(cs []Contact, enc []encoded) []search.DocRun {
	var runs search.Runs
	if len(enc) == len(cs) {
		size := 0
		for _, e := range enc {
			size += len(e.doc) + 1
		}
		runs.Grow(size)
	}
	for i, c := range cs {
		if len(enc) == len(cs) && enc[i].doc != "" {
			runs.Add(c.ID, enc[i].doc)
		} else {
			runs.AddContact(c.ID, c.Name, c.Email, c.Company, c.Tags)
		}
	}
	return runs.Done()
}

// indexWhere adds the contacts whose ids a subquery gives to the full-text
// index.
func (w *writer) indexWhere(subquery string, args ...any) error {
	if w.mode == writeUnindexed {
		return nil
	}
	return w.fts.AddWhere(subquery, args...)
}

// unindexWhere removes the contacts whose ids a subquery gives from the
// full-text index; it must run while the rows still hold the values that
// were indexed.
func (w *writer) unindexWhere(subquery string, args ...any) error {
	if w.mode == writeUnindexed {
		return nil
	}
	return w.fts.RemoveWhere(subquery, args...)
}
