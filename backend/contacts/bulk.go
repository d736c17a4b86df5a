package contacts

import (
	"os"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/bulk"
	"herald/backend/contacts/internal/search"
	"herald/backend/contacts/internal/tagset"
)

// A bulk import (internal/bulk) drops the indexes a row-by-row insert
// would have to keep in step and builds them once at the end. It is a
// run-time schema change (internal/maintenance), so that a crash in between is repaired at
// the next start; the search index an import builds beside the book is
// adopted under the same task, and rebuilt from the rows by its repair.
// Migrations mark it too, to have the search index rebuilt.
const rebuildTask = "rebuild contact indexes"

// planImport plans the import of the file at path (bulk.For).
func (s *Service) planImport(path string) bulk.Plan {
	st, err := os.Stat(path)
	if err != nil {
		return bulk.Plan{}
	}
	var existing int64
	if err := s.db.Raw("SELECT count(*) FROM contacts").Scan(&existing).Error; err != nil {
		return bulk.Plan{}
	}
	return bulk.For(st.Size(), existing)
}

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
	if err := bulk.BuildIndexes(tx); err != nil {
		return err
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
