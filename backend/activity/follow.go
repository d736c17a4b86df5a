package activity

import (
	"fmt"
	"time"
)

// After returns up to limit entries of kind with one of actions and an id
// above after and up to upTo, oldest first, so that a reader (the email
// notices) can follow the log from where it stopped.
func (l *Log) After(after, upTo int64, kind string, actions []string, limit int) ([]Entry, error) {
	var out []Entry
	err := l.db.Where("kind = ? AND action IN ? AND id > ? AND id <= ?", kind, actions, after, upTo).
		Order("id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read the activity after entry %d: %w", after, err)
	}
	for i := range out {
		l.words.describe(&out[i])
	}
	return out, nil
}

// RecordedAfter reports whether an entry of kind about ref with one of
// actions came after entry id after.
func (l *Log) RecordedAfter(after int64, kind string, ref Ref, actions []string) (bool, error) {
	var found bool
	err := l.db.Raw("SELECT EXISTS (SELECT 1 FROM activity WHERE kind = ? AND action IN ? AND id > ? AND ref_kind = ? AND ref_id = ?)",
		kind, actions, after, ref.Kind, ref.ID).Scan(&found).Error
	if err != nil {
		return false, fmt.Errorf("read the activity about %s %d: %w", ref.Kind, ref.ID, err)
	}
	return found, nil
}

// Since returns up to limit entries of kind with one of actions recorded
// at or after from, oldest first.
func (l *Log) Since(from time.Time, kind string, actions []string, limit int) ([]Entry, error) {
	var out []Entry
	err := l.db.Where("kind = ? AND action IN ? AND at >= ?", kind, actions, from.UTC()).
		Order("id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read the activity since %s: %w", from.Format(time.RFC3339), err)
	}
	return out, nil
}

// Last returns the id of the newest entry, 0 when the log is empty.
func (l *Log) Last() (int64, error) {
	var id int64
	if err := l.db.Raw("SELECT COALESCE(MAX(id), 0) FROM activity").Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("read the newest activity entry: %w", err)
	}
	return id, nil
}
