package contacts

import (
	"time"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/search"
	"herald/backend/contacts/internal/tagset"
)

// writeMode is how a writer keeps the book's indexes in step with the rows
// it writes.
type writeMode int

const (
	// writeInStep is a change from the UI or another package: each
	// statement brings the search index and the tags' bitmaps along.
	writeInStep writeMode = iota
	// writeBesideImport is writeInStep while an import into an empty book
	// builds its own search index: each contact put in the book's index is
	// also listed there (search.Writer.ListWritten), so that the import's
	// index takes the book's place without losing it.
	writeBesideImport
	// writeImport is an import into a book that has contacts: the search
	// index is kept in step, the tags' new bits are kept back and written
	// once per committed chunk (flush).
	writeImport
	// writeImportOwnIndex is a bulk import: its search entries go to the
	// import's own index (search.ImportIndex), and the tags' bits are kept
	// back as in writeImport.
	writeImportOwnIndex
	// writeUnindexed leaves the search index alone, for a caller that
	// rebuilds it afterwards.
	writeUnindexed
)

// newWriter starts a writer on tx in mode; own is the import's own index
// of writeImportOwnIndex (nil leaves the entries to the book's index).
func newWriter(tx *gorm.DB, now time.Time, mode writeMode, own *search.ImportIndex) *writer {
	importing := mode == writeImport || mode == writeImportOwnIndex
	w := &writer{tx: tx, now: now, mode: mode, tags: tagset.NewLinker(tx, importing), matches: MatchesOverwrite}
	w.fts = search.Writer{Tx: tx, Exec: w.exec, ListWritten: mode == writeBesideImport}
	if mode == writeImportOwnIndex {
		w.fts.Import = own
	}
	return w
}

// flush writes what the writer has kept back (the tags' bits of an
// import), before its transaction commits.
func (w *writer) flush() error {
	return w.tags.Flush()
}
