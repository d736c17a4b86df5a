package campaigns

import (
	"fmt"

	"gorm.io/gorm"

	"herald/backend/templates"
)

// Suspend stops every campaign's dispatcher, each leaving its campaign
// resumable, and disarms every scheduled campaign, so that nothing is sent
// while the data is replaced under the engine (a restore). Nothing
// launches until Restart. The receipt writer keeps running.
func (e *Engine) Suspend() {
	e.haltAll(func() { e.suspended = true })
	e.timer.disarmAll()
	e.inbox.flush()
}

// Restart ends a Suspend: it arms and resumes the campaigns as the data
// now has them, as Start does at start-up.
func (e *Engine) Restart() error {
	e.mu.Lock()
	e.suspended = false
	e.mu.Unlock()
	return e.Start()
}

// restoredNote is the note of a campaign a restore paused.
const restoredNote = "Paused by the restore of a backup: resume it when you are ready."

// PauseRestored pauses, in tx, every campaign that restored data left
// sending or waiting: a restore never sends by itself. announce records
// them in the activity log and tells the UI; call it once tx committed.
func (e *Engine) PauseRestored(tx *gorm.DB) (announce func(), err error) {
	var paused []struct {
		ID   int64
		Name string
	}
	now := e.clock.Now().UTC()
	err = tx.Raw("UPDATE campaigns SET state = ?, note = ?, updated_at = ? WHERE state IN ? RETURNING id, name",
		StatePaused, restoredNote, now, []State{StateRunning, StateWaiting}).Scan(&paused).Error
	if err != nil {
		return nil, fmt.Errorf("pause the restored campaigns: %w", err)
	}
	return func() {
		for _, c := range paused {
			e.record(c.ID, "paused", fmt.Sprintf("Campaign “%s” paused by the restore of a backup", c.Name))
			e.progress.touch(c.ID)
		}
	}, nil
}

// RebaseMedia points every campaign's media, in tx, at its file in the
// media folder dir, as templates.RebaseMedia does for the templates.
func RebaseMedia(tx *gorm.DB, dir string) error {
	return templates.RebasePaths(tx, dir, "SELECT id, media_path FROM campaigns WHERE media_path != ''",
		"UPDATE campaigns SET media_path = ? WHERE id = ?")
}
