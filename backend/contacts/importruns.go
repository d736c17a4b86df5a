package contacts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/contacts/internal/sqlrun"
)

// An import commits its rows a chunk at a time, so a crash or kill -9 keeps
// everything before it; what it cannot do is say so. Each import therefore
// leaves a row in import_runs while it runs, with the count of rows whose
// outcome is committed updated in each chunk's own transaction, and marks
// it ended when it ends, however it ends. A row found at start-up without
// an end is an import that Herald did not see end: it is told in the
// activity log, which is where the user looks for what happened to their
// file.
//
// The same chunk transaction records what the chunk did, for the import's
// undo (undo.go): the ids of the contacts it created and what each contact
// it changed held before, in the columns the import rewrote (keepBefore).
// A run, and what it recorded, is kept for undoDays after it ended.

// undoDays is how long after an import it can be undone.
const undoDays = 7

// beginRun records that an import of the file named name starts, and
// forgets the imports too old to be undone.
func (s *Service) beginRun(name string, at time.Time) (int64, error) {
	if err := s.forgetOldRuns(at); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Raw("INSERT INTO import_runs (file, started_at) VALUES (?, ?) RETURNING id", name, at).Scan(&id).Error
	if err != nil {
		return 0, fmt.Errorf("record the start of the import: %w", err)
	}
	return id, nil
}

// forgetOldRuns drops the runs that ended more than undoDays before now,
// with what they recorded for their undo.
func (s *Service) forgetOldRuns(now time.Time) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		old := "SELECT id FROM import_runs WHERE ended_at < ?"
		cutoff := now.AddDate(0, 0, -undoDays)
		for _, table := range []string{"import_created", "import_updated"} {
			if err := tx.Exec("DELETE FROM "+table+" WHERE run IN ("+old+")", cutoff).Error; err != nil {
				return fmt.Errorf("forget old imports: %w", err)
			}
		}
		if err := tx.Exec("DELETE FROM import_runs WHERE id IN ("+old+")", cutoff).Error; err != nil {
			return fmt.Errorf("forget old imports: %w", err)
		}
		return nil
	})
}

// runChunk is what a chunk of an import did, recorded with its commit.
type runChunk struct {
	// rows, created and updated count the run's rows so far.
	rows, created, updated int64
	// createdIDs are the contacts the chunk created.
	createdIDs []int64
}

// commitChunk records, in tx (a chunk's transaction), what the chunk did
// and that the run id has rows rows committed.
func commitChunk(tx *gorm.DB, run int64, c *runChunk) error {
	if len(c.createdIDs) > 0 {
		err := tx.Exec("INSERT INTO import_created (run, lo, hi) SELECT ?, value->>0, value->>1 FROM json_each(?)",
			run, sqlrun.JSON(idRanges(c.createdIDs))).Error
		if err != nil {
			return fmt.Errorf("record the import's new contacts: %w", err)
		}
	}
	err := tx.Exec("UPDATE import_runs SET rows = ?, created = ?, updated = ? WHERE id = ?", c.rows, c.created, c.updated, run).Error
	if err != nil {
		return fmt.Errorf("record the import's progress: %w", err)
	}
	c.createdIDs = c.createdIDs[:0]
	return nil
}

// keepBefore records in import_updated, for the import run w.undoRun, what
// the contacts idList (a JSON array of ids) hold in the columns cols, which
// update is about to rewrite: a JSON object of column names and values as
// stored, copied by SQLite in the import's transaction, which spares the
// writer reading and encoding them. The opt-out is left out, since an undo
// never takes it back; a contact with nothing else to restore gets {}, and
// one changed twice keeps the earlier of each value.
func (w *writer) keepBefore(cols []updateColumn, idList string) error {
	var fields []string
	for _, col := range cols {
		if !strings.HasPrefix(col.name, "opted_out") {
			fields = append(fields, fmt.Sprintf("'%[1]s', contacts.%[1]s", col.name))
		}
	}
	_, err := w.exec(`INSERT INTO import_updated (run, contact, before)
		SELECT ?1, contacts.id, json_object(`+strings.Join(fields, ", ")+`) FROM json_each(?2) j CROSS JOIN contacts ON contacts.id = j.value
		WHERE true ON CONFLICT DO UPDATE SET before = json_patch(excluded.before, import_updated.before)`, w.undoRun, idList)
	if err != nil {
		return fmt.Errorf("record what the import changes: %w", err)
	}
	return nil
}

// idRanges gives ids as [lo, hi] runs of consecutive ids: the ids a
// transaction's inserts take follow each other, so a chunk of thousands
// of new contacts is a row or two.
func idRanges(ids []int64) [][2]int64 {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	var out [][2]int64
	for _, id := range sorted {
		if n := len(out); n > 0 && out[n-1][1]+1 >= id {
			out[n-1][1] = max(out[n-1][1], id)
			continue
		}
		out = append(out, [2]int64{id, id})
	}
	return out
}

// endRun records that the import run id ended and told its outcome.
func (s *Service) endRun(run int64) {
	if err := s.db.Exec("UPDATE import_runs SET ended_at = ? WHERE id = ?", s.now(), run).Error; err != nil {
		s.log.Error("record the end of an import", "err", err)
	}
}

// reportInterruptedImports tells, in the activity log, every import that a
// crash or a kill cut short, and marks it ended: what it committed can be
// undone like a finished import's.
func (s *Service) reportInterruptedImports() error {
	var runs []struct {
		ID   int64
		File string
		Rows int64
	}
	if err := s.db.Raw("SELECT id, file, rows FROM import_runs WHERE ended_at IS NULL ORDER BY id").Scan(&runs).Error; err != nil {
		return fmt.Errorf("look for interrupted imports: %w", err)
	}
	counts := message.NewPrinter(language.English)
	for _, r := range runs {
		summary := counts.Sprintf("Import of %s stopped after %d rows when Herald closed unexpectedly: import the file again to finish (contacts already imported are updated, never duplicated)", r.File, r.Rows)
		if r.Rows == 1 {
			summary = fmt.Sprintf("Import of %s stopped after 1 row when Herald closed unexpectedly: import the file again to finish (contacts already imported are updated, never duplicated)", r.File)
		}
		if _, err := s.activity.RecordRef("contacts", "import interrupted", summary, "", activity.ImportRef(r.ID, "")); err != nil {
			return fmt.Errorf("tell of an interrupted import: %w", err)
		}
		s.endRun(r.ID)
	}
	return nil
}
