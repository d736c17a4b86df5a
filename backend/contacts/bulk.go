package contacts

import (
	"os"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/maintenance"
	"herald/backend/contacts/internal/order"
	"herald/backend/contacts/internal/search"
	"herald/backend/contacts/internal/tagset"
)

// A bulk import drops the indexes a row-by-row insert would have to keep in
// step and builds them once at the end: for a big file into a small book
// that is several times faster (SQLITE-NOTES.md). It is a run-time schema
// change (internal/maintenance), so that a crash in between is repaired at
// the next start; the search index an import builds beside the book is
// adopted under the same task, and rebuilt from the rows by its repair.
// Migrations mark it too, to have the search index rebuilt.
const rebuildTask = "rebuild contact indexes"

// bulkIndexes are the indexes a bulk import drops and rebuilds.
func bulkIndexes() map[string]string {
	return map[string]string{
		"contacts_name": "CREATE INDEX IF NOT EXISTS contacts_name ON contacts (name COLLATE NOCASE, id)",
	}
}

// bulkDown is the DDL that begins a bulk import: its indexes and the list
// orders' triggers go.
func bulkDown() []string {
	var ddl []string
	for name := range bulkIndexes() {
		ddl = append(ddl, "DROP INDEX IF EXISTS "+name)
	}
	return append(ddl, order.DropTriggers()...)
}

const (
	// bulkMinRows is the smallest import worth the drop-and-rebuild.
	bulkMinRows = 20000
	// bytesPerRowGuess turns a file size into a row estimate without
	// reading the file twice; contact rows run 60 to 150 bytes.
	bytesPerRowGuess = 100
)

// importPlan is how an import writes, decided from the file's size and the
// book's: in bulk (indexes rebuilt at the end) when the file is big and at
// least as big as the book; otherwise, without the list orders' triggers
// (orders rebuilt at the end) when rebuildBeatsTriggers. empty says the book
// had no contact when it was counted (a bulk import may then build its
// search index beside the book, startImportIndex).
type importPlan struct {
	bulk, withoutTriggers, empty bool
}

func (s *Service) planImport(path string) importPlan {
	st, err := os.Stat(path)
	if err != nil {
		return importPlan{}
	}
	var existing int64
	if err := s.db.Raw("SELECT count(*) FROM contacts").Scan(&existing).Error; err != nil {
		return importPlan{}
	}
	rows := st.Size() / bytesPerRowGuess
	bulk := rows >= bulkMinRows && rows >= existing
	return importPlan{bulk: bulk, withoutTriggers: !bulk && rebuildBeatsTriggers(rows, existing), empty: existing == 0}
}

// rebuildBeatsTriggers tells whether writing rows contacts into (or out of) a
// book of existing ones costs less with the list orders rebuilt after
// than kept in step by their triggers: the triggers cost ~60 µs a row in a
// book of a million, a rebuild ~1 µs per contact of the book (BENCHMARKS.md).
func rebuildBeatsTriggers(rows, existing int64) bool {
	return rows >= rebuildMinRows && rows*rebuildRatio >= existing
}

const (
	rebuildMinRows = 5000
	rebuildRatio   = 50
)

// beginBulk begins rebuildTask: the indexes go.
func (s *Service) beginBulk() error {
	s.bulkImport.Store(true)
	s.ordered.Store(false)
	return s.db.Transaction(func(tx *gorm.DB) error {
		return s.schema.Begin(tx, rebuildTask)
	})
}

// restoreIndexes builds the indexes a bulk import dropped, rebuilds the list
// orders again and brings back their triggers, in one transaction. The
// marker stays: endBulk clears it once the search index is whole too.
func (s *Service) restoreIndexes() error {
	return s.db.Transaction(s.restoreIndexesIn)
}

func (s *Service) restoreIndexesIn(tx *gorm.DB) error {
	for _, ddl := range bulkIndexes() {
		if err := maintenance.Exec(tx, ddl); err != nil {
			return err
		}
	}
	return s.orders.RebuildAll(tx)
}

// endBulk rebuilds the indexes unless indexesBack (restoreIndexes did),
// and the tags' bitmaps and search index when asked (an import keeps them
// in step as it goes), and clears the marker.
func (s *Service) endBulk(rebuildSearch, indexesBack bool) error {
	defer s.bulkImport.Store(false)
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if !indexesBack {
			if err := s.restoreIndexesIn(tx); err != nil {
				return err
			}
		}
		if rebuildSearch {
			// After a crash, or an upgrade of the search index.
			if err := tagset.Rebuild(tx.Statement.ConnPool); err != nil {
				return err
			}
			if err := search.Rebuild(tx); err != nil {
				return err
			}
		}
		// The book's index holds every contact again, adopted or rebuilt;
		// told before the commit, which no other writer can start before.
		s.importIndexing.Store(false)
		return s.schema.Done(tx, rebuildTask)
	})
	if err == nil {
		s.ordered.Store(true)
	}
	return err
}
