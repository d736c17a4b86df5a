package backup

import (
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// CatchUpDelay is how long after Herald opens a daily backup missed while
// it was closed is made: soon, but not while the window is still loading.
const CatchUpDelay = time.Minute

// StaleDays is how long without a backup before Settings and the
// dashboard warn.
const StaleDays = 3

// schedule holds the gocron jobs of the daily backup and of a missed one.
type schedule struct {
	s     gocron.Scheduler
	daily gocron.Job
}

// Status is what the UI shows of the backups.
type Status struct {
	Running        bool       `json:"running"`
	LastBackupAt   *time.Time `json:"lastBackupAt"`
	LastBackupPath string     `json:"lastBackupPath"`
	LastError      string     `json:"lastError"`
	LastErrorAt    *time.Time `json:"lastErrorAt"`
	// NextRunAt is when the daily backup runs next; nil when it is off.
	NextRunAt *time.Time `json:"nextRunAt"`
	// Stale is set when no backup was made for StaleDays days.
	Stale     bool   `json:"stale"`
	StaleDays int    `json:"staleDays"`
	Folder    string `json:"folder"`
	Automatic bool   `json:"automatic"`
}

// Status says when the last backup was made, whether one is being made,
// and when the next is due.
func (s *Service) Status() (Status, error) {
	folder := s.folder()
	s.mu.Lock()
	st := Status{Running: s.running != nil, LastBackupAt: s.st.LastBackupAt, LastBackupPath: s.st.LastBackupPath,
		LastError: s.st.LastError, LastErrorAt: s.st.LastErrorAt, StaleDays: StaleDays, Folder: folder,
		Automatic: s.st.Settings.Automatic}
	since := s.st.Since
	var daily gocron.Job
	if s.sched != nil {
		daily = s.sched.daily
	}
	s.mu.Unlock()
	if st.LastBackupAt != nil {
		since = *st.LastBackupAt
	}
	st.Stale = s.d.Clock.Since(since) >= StaleDays*24*time.Hour
	if daily != nil {
		if next, err := daily.NextRun(); err == nil && !next.IsZero() {
			st.NextRunAt = &next
		}
	}
	return st, nil
}

// rearm replaces the daily job with one at the time the settings give, or
// none when automatic backups are off.
func (s *Service) rearm() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sched == nil {
		return nil
	}
	if s.sched.daily != nil {
		_ = s.sched.s.RemoveJob(s.sched.daily.ID())
		s.sched.daily = nil
	}
	set := s.st.Settings
	if !set.Automatic {
		return nil
	}
	h, m, err := clockTime(set.Time)
	if err != nil {
		return err
	}
	job, err := s.sched.s.NewJob(gocron.DailyJob(1, gocron.NewAtTimes(gocron.NewAtTime(uint(h), uint(m), 0))),
		gocron.NewTask(s.automatic), gocron.WithName("daily backup"))
	if err != nil {
		return fmt.Errorf("schedule the daily backup at %s: %w", set.Time, err)
	}
	s.sched.daily = job
	return nil
}

// catchUp arms a backup CatchUpDelay from now when the daily backup due
// last fell while Herald was closed: after the data folder started having
// backups and after the last one tried.
func (s *Service) catchUp() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := s.st.Settings
	if s.sched == nil || !set.Automatic {
		return nil
	}
	h, m, err := clockTime(set.Time)
	if err != nil {
		return err
	}
	now := s.d.Clock.Now()
	due := lastDue(now.In(s.d.Location), h, m)
	ref := s.st.Since
	if s.st.LastAttemptAt != nil && s.st.LastAttemptAt.After(ref) {
		ref = *s.st.LastAttemptAt
	}
	if !due.After(ref) {
		return nil
	}
	s.d.Log.Info("backup: the daily backup was missed while Herald was closed", "due", due)
	_, err = s.sched.s.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(now.Add(CatchUpDelay))),
		gocron.NewTask(s.automatic), gocron.WithName("missed backup"))
	if err != nil {
		return fmt.Errorf("schedule the missed backup: %w", err)
	}
	return nil
}

// lastDue is the latest hour:minute on the clock, in now's zone, at or
// before now.
func lastDue(now time.Time, hour, minute int) time.Time {
	y, mo, d := now.Date()
	due := time.Date(y, mo, d, hour, minute, 0, 0, now.Location())
	if due.After(now) {
		due = time.Date(y, mo, d-1, hour, minute, 0, 0, now.Location())
	}
	return due
}

// automatic is the task of the daily and the missed backup.
func (s *Service) automatic() {
	_, _ = s.backup(true)
}
