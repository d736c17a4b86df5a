package store

import (
	"log/slog"
	"strings"
	"time"
)

// RetryBusy runs f, a transaction or a single statement, again while
// SQLite answers busy, up to eight times over about four seconds: a write
// that has to be recorded (a message that went, one that arrived) waits
// out another writer rather than being lost.
func RetryBusy(log *slog.Logger, what string, f func() error) error {
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || !Busy(err) || attempt == 8 {
			return err
		}
		log.Warn(what+": the database is busy, trying again", "attempt", attempt, "err", err)
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
	}
}

// Busy reports whether err is SQLite refusing a write because another
// connection holds or just changed the database.
func Busy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY") ||
		strings.Contains(msg, "(5)") || strings.Contains(msg, "(517)")
}
