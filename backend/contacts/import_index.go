package contacts

import (
	"fmt"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/search"
)

// startImportIndex starts an import's own search index
// (search.ImportIndex), to be completed with the book's other contacts if
// it has any (nil if it could not be started). From the end of its
// transaction, the book's other writers list what they put in the book's
// index (search.Writer.ListWritten), which Adopt indexes again.
func (s *Service) startImportIndex() (*search.ImportIndex, error) {
	var own *search.ImportIndex
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var last int64
		if err := tx.Raw("SELECT coalesce(max(id), 0) FROM contacts").Scan(&last).Error; err != nil {
			return err
		}
		var err error
		if own, err = search.OpenImportIndex(tx, last); err != nil {
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
