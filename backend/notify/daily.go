package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// scheduleDailyLocked makes the daily summary's job match cfg and the
// user's time zone: at its time there when it is on, none when it is off.
// e.mu is held.
func (e *Engine) scheduleDailyLocked(cfg Config) {
	want := ""
	if cfg.Notices.Daily && cfg.emailReady() {
		at, err := time.Parse("15:04", cfg.DailyAt)
		if err != nil {
			e.log.Error("notices: the daily summary's time", "at", cfg.DailyAt, "err", err)
		} else {
			// The job carries its zone, so that a change of the zone's
			// setting moves it without a new scheduler.
			want = fmt.Sprintf("CRON_TZ=%s %d %d * * *", e.location(), at.Minute(), at.Hour())
		}
	}
	if want == e.daily {
		return
	}
	e.sched.RemoveByTags("daily")
	e.daily = ""
	if want == "" {
		return
	}
	_, err := e.sched.NewJob(gocron.CronJob(want, false),
		gocron.NewTask(e.summarise), gocron.WithTags("daily"), gocron.WithName("daily summary"))
	if err != nil {
		e.log.Error("notices: schedule the daily summary", "err", err)
		return
	}
	e.daily = want
}

// summarise queues the daily summary: what the campaigns did over the
// last day. A day's summary is queued once, however often this runs.
func (e *Engine) summarise() {
	now := e.clock.Now()
	entries, err := e.activity.Since(now.Add(-24*time.Hour), "campaigns",
		[]string{"started", "completed", "paused", "failed", "cancelled", "waiting", "replied"}, 10000)
	if err != nil {
		e.log.Error("notices: the daily summary", "err", err)
		return
	}
	var replies int64
	var lines []string
	for _, en := range entries {
		if en.Action == "replied" {
			replies++
			continue
		}
		lines = append(lines, fmt.Sprintf("%s  %s", en.At.In(e.location()).Format("Mon 15:04"), en.Summary))
	}
	var b strings.Builder
	day := now.In(e.location())
	fmt.Fprintf(&b, "What Herald's campaigns did over the day up to %s.\n\n", day.Format("Mon 2 Jan 2006 15:04"))
	if len(lines) == 0 {
		b.WriteString("No campaign started, finished or stopped.\n")
	} else {
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	fmt.Fprintf(&b, "\nReplies received: %d\n", replies)
	n := notice{key: "daily:" + day.Format("2006-01-02"), kind: "daily",
		subject: "Herald: your daily summary, " + day.Format("Mon 2 Jan"), body: b.String()}
	if err := e.enqueue(e.db, n); err != nil {
		e.log.Error("notices: the daily summary", "err", err)
		return
	}
	e.poke()
}
