package campaigns

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"
	"github.com/robfig/cron/v3"
)

// cronParser reads the five standard fields and the @daily family, as
// gocron does for CronJob(expr, false).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// location returns the schedule's time zone, or local when it is empty.
func (s Schedule) location(local *time.Location) (*time.Location, error) {
	return ZoneLocation(s.TimeZone, local)
}

// at parses At: RFC 3339, or a date and time without offset (as an HTML
// datetime-local input gives it) read in the schedule's zone.
func (s Schedule) at(loc *time.Location) (time.Time, bool, error) {
	v := strings.TrimSpace(s.At)
	if v == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%q is not a date and time like 2026-12-01T09:00:00+01:00", s.At)
}

// cron parses Cron; nil when the schedule does not repeat.
func (s Schedule) cron() (cron.Schedule, error) {
	v := strings.TrimSpace(s.Cron)
	if v == "" {
		return nil, nil
	}
	if strings.HasPrefix(v, "@every") {
		return nil, fmt.Errorf("repeat on a calendar (\"0 9 * * 1\", @daily, @weekly), not every so often (%q)", v)
	}
	if strings.HasPrefix(v, "TZ=") || strings.HasPrefix(v, "CRON_TZ=") {
		return nil, fmt.Errorf("give the time zone in its own field, not in the repeat %q", v)
	}
	sched, err := cronParser.Parse(v)
	if err != nil {
		return nil, fmt.Errorf("the repeat %q is not a cron expression like \"0 9 * * 1\": %w", v, err)
	}
	return sched, nil
}

// repeats reports whether the schedule has a cron expression.
func (s Schedule) repeats() bool { return strings.TrimSpace(s.Cron) != "" }

// timed reports whether the schedule starts the campaign by itself.
func (s Schedule) timed() bool { return strings.TrimSpace(s.At) != "" || s.repeats() }

// nextRun returns the schedule's next start after now: At itself (even if
// past: a missed time starts at once), or the cron expression's next time
// after max(now, At) in the schedule's zone.
func (s Schedule) nextRun(now time.Time, local *time.Location) (time.Time, error) {
	loc, err := s.location(local)
	if err != nil {
		return time.Time{}, err
	}
	at, hasAt, err := s.at(loc)
	if err != nil {
		return time.Time{}, err
	}
	c, err := s.cron()
	if err != nil {
		return time.Time{}, err
	}
	if c == nil {
		return at, nil
	}
	from := now
	if hasAt && at.After(from) {
		// A repeat that begins at At: its first run may be At itself.
		from = at.Add(-time.Second)
	}
	return c.Next(from.In(loc)), nil
}

// timer arms gocron jobs for scheduled campaigns. gocron keeps jobs only in
// memory; each campaign's time lives in its row, and the engine arms them
// all again at start-up. One job per campaign at most.
type timer struct {
	sched gocron.Scheduler
	mu    sync.Mutex
	jobs  map[int64]uuid.UUID
}

func newTimer(clock clockwork.Clock, loc *time.Location) (*timer, error) {
	s, err := gocron.NewScheduler(gocron.WithClock(clock), gocron.WithLocation(loc))
	if err != nil {
		return nil, fmt.Errorf("start the scheduler: %w", err)
	}
	s.Start()
	return &timer{sched: s, jobs: map[int64]uuid.UUID{}}, nil
}

// arm replaces campaign id's job with one that calls fire at `at`, which
// must be in the future.
func (t *timer) arm(id int64, at time.Time, fire func(ctx context.Context)) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.disarmLocked(id)
	// The ID is chosen first so that the task knows which job it is, even
	// when it runs before NewJob returns.
	jobID := uuid.New()
	task := func(ctx context.Context) {
		fire(ctx)
		t.fired(id, jobID)
	}
	_, err := t.sched.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(at)), gocron.NewTask(task),
		gocron.WithIdentifier(jobID), gocron.WithName(fmt.Sprintf("campaign %d", id)))
	if err != nil {
		return fmt.Errorf("schedule campaign %d at %s: %w", id, at.Format(time.RFC3339), err)
	}
	t.jobs[id] = jobID
	return nil
}

// disarm removes campaign id's job, if any.
func (t *timer) disarm(id int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.disarmLocked(id)
}

// fired forgets job of campaign id after it ran, unless a newer job
// replaced it meanwhile.
func (t *timer) fired(id int64, job uuid.UUID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.jobs[id] == job {
		delete(t.jobs, id)
		// A one-time job stays in gocron's list after it ran.
		_ = t.sched.RemoveJob(job)
	}
}

func (t *timer) disarmLocked(id int64) {
	if job, ok := t.jobs[id]; ok {
		delete(t.jobs, id)
		// Not found means it already ran and was removed: nothing to do.
		_ = t.sched.RemoveJob(job)
	}
}

// disarmAll removes every campaign's job.
func (t *timer) disarmAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id := range t.jobs {
		t.disarmLocked(id)
	}
}

// count returns how many jobs gocron holds, for tests of leaks.
func (t *timer) count() int { return len(t.sched.Jobs()) }

func (t *timer) stop() error {
	if err := t.sched.Shutdown(); err != nil {
		return fmt.Errorf("stop the scheduler: %w", err)
	}
	return nil
}
