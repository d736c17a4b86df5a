package contacts

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gorm.io/gorm"
)

// An import commits its rows a chunk at a time, so a crash or kill -9 keeps
// everything before it; what it cannot do is say so. Each import therefore
// leaves a row in import_runs while it runs, with the count of rows whose
// outcome is committed updated in each chunk's own transaction, and removes
// it when it ends, however it ends. A row found at start-up is an import
// that Herald did not see end: it is told in the activity log, which is
// where the user looks for what happened to their file.

// beginRun records that an import of the file named name starts.
func (s *Service) beginRun(name string, at time.Time) (int64, error) {
	var id int64
	err := s.db.Raw("INSERT INTO import_runs (file, started_at) VALUES (?, ?) RETURNING id", name, at).Scan(&id).Error
	if err != nil {
		return 0, fmt.Errorf("record the start of the import: %w", err)
	}
	return id, nil
}

// commitRows records, in tx (a chunk's transaction), that rows rows of the
// import run id have their outcome committed.
func commitRows(tx *gorm.DB, run, rows int64) error {
	if err := tx.Exec("UPDATE import_runs SET rows = ? WHERE id = ?", rows, run).Error; err != nil {
		return fmt.Errorf("record the import's progress: %w", err)
	}
	return nil
}

// endRun forgets the import run id, which ended and told its outcome.
func (s *Service) endRun(run int64) {
	if err := s.db.Exec("DELETE FROM import_runs WHERE id = ?", run).Error; err != nil {
		s.log.Error("forget a finished import", "err", err)
	}
}

// reportInterruptedImports tells, in the activity log, every import that a
// crash or a kill cut short, and forgets it.
func (s *Service) reportInterruptedImports() error {
	var runs []struct {
		ID   int64
		File string
		Rows int64
	}
	if err := s.db.Raw("SELECT id, file, rows FROM import_runs ORDER BY id").Scan(&runs).Error; err != nil {
		return fmt.Errorf("look for interrupted imports: %w", err)
	}
	counts := message.NewPrinter(language.English)
	for _, r := range runs {
		summary := counts.Sprintf("Import of %s stopped after %d rows when Herald closed unexpectedly: import the file again to finish (contacts already imported are updated, never duplicated)", r.File, r.Rows)
		if r.Rows == 1 {
			summary = fmt.Sprintf("Import of %s stopped after 1 row when Herald closed unexpectedly: import the file again to finish (contacts already imported are updated, never duplicated)", r.File)
		}
		if _, err := s.activity.Record("contacts", "import interrupted", summary); err != nil {
			return fmt.Errorf("tell of an interrupted import: %w", err)
		}
		s.endRun(r.ID)
	}
	return nil
}
