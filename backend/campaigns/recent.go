package campaigns

// The frequency cap: a campaign may skip the recipients whose number got a
// message from another campaign in the last days (Audience.SkipRecentDays).
// They are queued, then marked skipped with the reason when the campaign
// starts, so that the review, the list and the campaign's page count them
// among the skipped, and a follow-up can reach them later.

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/contacts"
)

// maxRecentDays bounds the frequency cap's window.
const maxRecentDays = 365

// checkRecentDays says what is wrong with a frequency cap of days.
func checkRecentDays(days int) error {
	if days < 0 || days > maxRecentDays {
		return apperr.Invalid("Skip contacts who received another campaign in the last 1 to %d days, or turn it off.", maxRecentDays)
	}
	return nil
}

// recentReason is why the cap skipped a recipient, as the recipient's
// error records it.
func recentReason(days int) string {
	return "Received another campaign in the last " + daysWords(days) + "."
}

// recentPhones is a query of the numbers that got a message since since
// from a campaign other than campaign id and the other runs of its repeat.
// It reads the index of sends by time alone.
func (e *Engine) recentPhones(db *gorm.DB, id int64, since time.Time) (string, []any, error) {
	family := []int64{}
	if id != 0 {
		if err := db.Raw(`SELECT id FROM campaigns WHERE id = ?
			OR id = (SELECT parent_id FROM campaigns WHERE id = ?)
			OR (parent_id IS NOT NULL AND parent_id = (SELECT coalesce(parent_id, id) FROM campaigns WHERE id = ?))`, id, id, id).
			Scan(&family).Error; err != nil {
			return "", nil, fmt.Errorf("find the runs of campaign %d: %w", id, err)
		}
	}
	return "SELECT phone FROM campaign_recipients WHERE sent_at >= ? AND campaign_id NOT IN (SELECT value FROM json_each(?))",
		[]any{dbTime(since), jsonText(family)}, nil
}

// since is the start of a frequency cap of days, from now.
func (e *Engine) since(days int) time.Time {
	return e.clock.Now().Add(-time.Duration(days) * 24 * time.Hour)
}

// countRecent counts the reachable contacts of sel (reachable of them)
// that a frequency cap of days would skip for campaign id (0 before it is
// saved).
func (e *Engine) countRecent(sel contacts.Audience, days int, id, reachable int64) (int64, error) {
	if days <= 0 || reachable == 0 {
		return 0, nil
	}
	notIn, args, err := e.recentPhones(e.db, id, e.since(days))
	if err != nil {
		return 0, err
	}
	others, err := e.audiences.CountReachable(sel, notIn, args...)
	if err != nil {
		return 0, fmt.Errorf("count who received another campaign lately: %w", err)
	}
	return reachable - others, nil
}

// skipRecent marks skipped, in tx, campaign id's queued recipients whose
// number got another campaign's message in the last days, and returns how
// many.
func (e *Engine) skipRecent(tx *gorm.DB, id int64, days int) (int64, error) {
	if days <= 0 {
		return 0, nil
	}
	recent, args, err := e.recentPhones(tx, id, e.since(days))
	if err != nil {
		return 0, err
	}
	res := tx.Exec("UPDATE campaign_recipients SET state = ?, error = ? WHERE campaign_id = ? AND state = ? AND phone IN ("+recent+")",
		append([]any{RecipientSkipped, recentReason(days), id, RecipientQueued}, args...)...)
	if res.Error != nil {
		return 0, fmt.Errorf("skip who received another campaign lately: %w", res.Error)
	}
	return res.RowsAffected, nil
}
