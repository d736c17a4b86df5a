package contacts

import (
	"fmt"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/search"
)

// startImportIndex starts an import's own search index
// (search.ImportIndex) if the book is empty (nil if not). The book is
// counted, and its other writers told, inside one transaction: none of
// them can write in between, and from its end they list what they put in
// the book's index (search.Writer.ListWritten).
func (s *Service) startImportIndex() (*search.ImportIndex, error) {
	var own *search.ImportIndex
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var existing int64
		if err := tx.Raw("SELECT count(*) FROM contacts").Scan(&existing).Error; err != nil || existing > 0 {
			return err
		}
		var err error
		if own, err = search.OpenImportIndex(tx); err != nil {
			s.log.Warn("import without its own search index", "err", err)
			return nil
		}
		s.importIndexing.Store(true)
		return nil
	})
	if err != nil {
		if own != nil {
			own.Finish()
			own.Discard()
			s.importIndexing.Store(false)
		}
		return nil, fmt.Errorf("start the import: %w", err)
	}
	return own, nil
}

// adoptImportIndex puts the import's index x in place of the book's.
func (s *Service) adoptImportIndex(x *search.ImportIndex) error {
	return x.Adopt(s.db, func() { s.importIndexing.Store(false) })
}
