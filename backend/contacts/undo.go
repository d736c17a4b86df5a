package contacts

// Undo of a whole import, for undoDays after it: the contacts it created
// are removed and those it changed get back what they held, from what
// each chunk of the import recorded with its commit (importruns.go). A
// contact changed since the import (its updated_at is no longer the
// import's) is left as it is, and the undo says how many were.

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts/internal/sqlrun"
)

// PastImport is an import that can still be undone, or was.
type PastImport struct {
	ID        int64      `json:"id"`
	File      string     `json:"file"`
	StartedAt time.Time  `json:"startedAt"`
	EndedAt   time.Time  `json:"endedAt"`
	Created   int64      `json:"created"`
	Updated   int64      `json:"updated"`
	UndoneAt  *time.Time `json:"undoneAt"`
	UndoUntil time.Time  `json:"undoUntil"`
}

// UndoResult says what undoing an import did.
type UndoResult struct {
	// Removed counts the contacts the import created that are gone again.
	Removed int64 `json:"removed"`
	// Restored counts the contacts the import changed that hold again
	// what they held before it.
	Restored int64 `json:"restored"`
	// Kept counts the contacts changed or deleted since the import, left
	// as they are.
	Kept int64 `json:"kept"`
	// Summary says all of it in a sentence.
	Summary string `json:"summary"`
}

// Imports lists the imports of the last undoDays, newest first.
func (s *Service) Imports() ([]PastImport, error) {
	if err := s.awaitReady(); err != nil {
		return nil, err
	}
	var out []PastImport
	err := s.db.Raw(`SELECT id, file, started_at, ended_at, created, updated, undone_at FROM import_runs
		WHERE ended_at >= ? ORDER BY id DESC`, s.now().AddDate(0, 0, -undoDays)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list past imports: %w", err)
	}
	for i := range out {
		out[i].UndoUntil = out[i].EndedAt.AddDate(0, 0, undoDays)
	}
	if out == nil {
		out = []PastImport{}
	}
	return out, nil
}

// UndoImport takes back the import id: the contacts it created are
// removed, those it changed restored, in one transaction. Contacts changed
// since the import are left as they are; an opt-out is never taken back.
func (s *Service) UndoImport(id int64) (UndoResult, error) {
	if err := s.awaitReady(); err != nil {
		return UndoResult{}, err
	}
	// No import starts while the undo runs, and none may be running.
	s.importMu.Lock()
	defer s.importMu.Unlock()
	if s.cancelImport != nil {
		return UndoResult{}, apperr.Conflict("An import is running: undo the earlier one once it has finished.")
	}
	var run struct {
		File      string
		StartedAt time.Time
		EndedAt   *time.Time
		UndoneAt  *time.Time
	}
	err := s.db.Raw("SELECT file, started_at, ended_at, undone_at FROM import_runs WHERE id = ?", id).Take(&run).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return UndoResult{}, apperr.NotFound("Herald no longer keeps what that import did: an import can be undone for %d days after it.", undoDays)
	case err != nil:
		return UndoResult{}, fmt.Errorf("read import %d: %w", id, err)
	case run.UndoneAt != nil:
		return UndoResult{}, apperr.Conflict("The import of %s was already undone on %s.", run.File, run.UndoneAt.UTC().Format("2 January 2006 at 15:04 UTC"))
	case run.EndedAt == nil:
		return UndoResult{}, apperr.Conflict("The import of %s is still running: cancel it, then undo it.", run.File)
	case s.now().After(run.EndedAt.AddDate(0, 0, undoDays)):
		return UndoResult{}, apperr.Conflict("The import of %s was more than %d days ago: it can no longer be undone.", run.File, undoDays)
	}
	res, err := s.undoRun(id)
	if err != nil {
		return UndoResult{}, fmt.Errorf("undo the import of %s: %w", run.File, err)
	}
	res.Summary = fmt.Sprintf("Undid the import of %s: removed %s it added and restored %s it changed.",
		run.File, plural(res.Removed, "contact"), plural(res.Restored, "contact"))
	if res.Kept > 0 {
		res.Summary += fmt.Sprintf(" %s changed or deleted since the import %s.", plural(res.Kept, "contact"), leftAsIs(res.Kept))
	}
	_, _ = s.activity.RecordRef("contacts", "import undone", res.Summary, "", activity.ImportRef(id, ""))
	return res, nil
}

func leftAsIs(n int64) string {
	if n == 1 {
		return "was left as it is"
	}
	return "were left as they are"
}

// undoRun removes and restores what the import run id did, in one
// transaction, and marks the run undone.
func (s *Service) undoRun(id int64) (UndoResult, error) {
	var most int64
	if err := s.db.Raw("SELECT coalesce(sum(hi - lo + 1), 0) FROM import_created WHERE run = ?", id).Scan(&most).Error; err != nil {
		return UndoResult{}, fmt.Errorf("count the contacts it created: %w", err)
	}
	if s.deleteRebuildsOrders(int(most)) {
		resume, err := s.writeWithoutOrderTriggers()
		if err != nil {
			return UndoResult{}, err
		}
		defer resume()
	}
	var res UndoResult
	err := s.db.Transaction(func(tx *gorm.DB) error {
		w := s.writer(tx)
		removed, kept, err := removeCreated(tx, w, id)
		if err != nil {
			return err
		}
		restored, changed, err := restoreChanged(tx, w, id)
		if err != nil {
			return err
		}
		res = UndoResult{Removed: removed, Restored: restored, Kept: kept + changed}
		if err := s.orders.Split(tx); err != nil {
			return err
		}
		if err := tx.Exec("UPDATE import_runs SET undone_at = ? WHERE id = ?", s.now(), id).Error; err != nil {
			return fmt.Errorf("record the undo: %w", err)
		}
		for _, table := range []string{"import_created", "import_updated"} {
			if err := tx.Exec("DELETE FROM "+table+" WHERE run = ?", id).Error; err != nil {
				return fmt.Errorf("forget what the import did: %w", err)
			}
		}
		return nil
	})
	return res, err
}

// removeCreated deletes the contacts the import run created that nothing
// changed since, and counts them and the others.
func removeCreated(tx *gorm.DB, w *writer, run int64) (removed, kept int64, err error) {
	var created []struct {
		ID   int64
		Same bool
	}
	// Only contacts created at the import's time are its own: an id it
	// took may have been freed and taken again since.
	err = tx.Raw(`SELECT c.id, c.updated_at = r.started_at AS same FROM import_runs r
		JOIN import_created k ON k.run = r.id
		JOIN contacts c ON c.id BETWEEN k.lo AND k.hi AND c.created_at = r.started_at
		WHERE r.id = ?`, run).Scan(&created).Error
	if err != nil {
		return 0, 0, fmt.Errorf("find the contacts it created: %w", err)
	}
	ids := make([]int64, 0, batchSize)
	flush := func() error {
		n, err := w.remove(ids)
		removed += n
		ids = ids[:0]
		return err
	}
	for _, c := range created {
		if !c.Same {
			kept++
			continue
		}
		ids = append(ids, c.ID)
		if len(ids) == batchSize {
			if err := flush(); err != nil {
				return 0, 0, err
			}
		}
	}
	if len(ids) > 0 {
		err = flush()
	}
	return removed, kept, err
}

// restoreChanged gives the contacts the import run changed, and that
// nothing changed since, what they held before it, and counts them and the
// others.
func restoreChanged(tx *gorm.DB, w *writer, run int64) (restored, kept int64, err error) {
	var rows []struct {
		Contact int64
		Before  string
		Same    bool
	}
	err = tx.Raw(`SELECT u.contact, u.before, coalesce(c.updated_at = r.started_at, 0) AS same
		FROM import_updated u JOIN import_runs r ON r.id = u.run LEFT JOIN contacts c ON c.id = u.contact
		WHERE u.run = ?`, run).Scan(&rows).Error
	if err != nil {
		return 0, 0, fmt.Errorf("find the contacts it changed: %w", err)
	}
	ids := make([]int64, 0, batchSize)
	befores := make([]string, 0, batchSize)
	flush := func() error {
		err := w.restore(ids, befores)
		ids, befores = ids[:0], befores[:0]
		return err
	}
	for _, r := range rows {
		if !r.Same {
			kept++
			continue
		}
		ids, befores = append(ids, r.Contact), append(befores, r.Before)
		restored++
		if len(ids) == batchSize {
			if err := flush(); err != nil {
				return 0, 0, err
			}
		}
	}
	return restored, kept, flush()
}

// restore gives the contacts ids what they held before an import, from
// what it recorded of each (befores), writing only what differs.
func (w *writer) restore(ids []int64, befores []string) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := w.mergeRows(mergeRows+`FROM contacts WHERE id IN (`+sqlrun.IDsIn+`)`, sqlrun.JSON(ids))
	if err != nil {
		return fmt.Errorf("read the contacts to restore: %w", err)
	}
	now := make(map[int64]row, len(rows))
	for _, r := range rows {
		now[r.ID] = r
	}
	current, restored := make([]Contact, len(ids)), make([]Contact, len(ids))
	for i, id := range ids {
		r, ok := now[id]
		if !ok {
			return fmt.Errorf("contact %d to restore is gone", id)
		}
		current[i] = r.contact()
		if restored[i], err = restoredContact(r, befores[i]); err != nil {
			return fmt.Errorf("read what contact %d held before the import: %w", id, err)
		}
	}
	return w.update(restored, current, nil)
}

// restoredContact is the contact of now with what an import recorded it
// held before (before): the columns it rewrote, as stored (keepBefore), or,
// as earlier versions recorded it, the whole contact as JSON. An opt-out
// the import brought stays: undoing an import never opts a person back in.
func restoredContact(now row, before string) (Contact, error) {
	var cols map[string]json.RawMessage
	if err := json.Unmarshal([]byte(before), &cols); err != nil {
		return Contact{}, err
	}
	if _, whole := cols["id"]; whole {
		var c Contact
		if err := json.Unmarshal([]byte(before), &c); err != nil {
			return Contact{}, err
		}
		if now.OptedOut && !c.OptedOut {
			c.OptedOut, c.OptedOutAt, c.OptedOutReason = true, now.OptedOutAt, now.OptedOutReason
		}
		return c, nil
	}
	r := now
	for col, v := range cols {
		field, ok := r.field(col).(*string)
		if !ok {
			return Contact{}, fmt.Errorf("unknown column %s", col)
		}
		if err := json.Unmarshal(v, field); err != nil {
			return Contact{}, fmt.Errorf("column %s: %w", col, err)
		}
	}
	return r.contact(), nil
}
