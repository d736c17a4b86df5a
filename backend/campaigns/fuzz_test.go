package campaigns

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzSchedule feeds the schedule fields a user types (a date and time, a
// zone, a cron expression) through the same checks Create makes: they are
// refused with a message or give a start time, never a panic, and a
// repeat's next run is always after now.
func FuzzSchedule(f *testing.F) {
	for _, s := range [][3]string{
		{"2026-12-01T09:00:00+01:00", "Europe/Lisbon", ""},
		{"2026-12-01T09:00", "America/New_York", ""},
		{"", "UTC", "0 9 * * 1-5"},
		{"", "", "@daily"},
		{"2026-02-30T25:61", "Mars/Base", "* * * * * *"},
		{"", "Asia/Kolkata", "30 2 29 2 *"},
		{"", "Local", "CRON_TZ=UTC 0 9 * * *"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, at, zone, cron string) {
		s := Schedule{At: at, TimeZone: zone, Cron: cron}
		loc, err := s.location(time.UTC)
		if err != nil {
			return
		}
		if _, _, err := s.at(loc); err != nil {
			return
		}
		c, err := s.cron()
		if err != nil {
			return
		}
		next, err := s.nextRun(now, time.UTC)
		if err != nil {
			t.Fatalf("nextRun failed after every check passed: %v", err)
		}
		if c != nil && !next.IsZero() && !next.After(now) {
			t.Fatalf("repeat %q runs next at %s, not after %s", cron, next, now)
		}
	})
}

// FuzzPace feeds pace settings as JSON, as the UI sends them: a pace that
// passes validation never makes the dispatcher wait in the past or plan
// forever.
func FuzzPace(f *testing.F) {
	f.Add(`{"perMinute":8,"minDelaySec":4,"maxDelaySec":12,"batchSize":25,"batchPauseMinSec":60,"batchPauseMaxSec":180,"dailyCap":500,"hoursFrom":"09:00","hoursTo":"20:00","weekdays":[1,2,3,4,5,6]}`, int64(0))
	f.Add(`{"hoursFrom":"22:00","hoursTo":"02:00","weekdays":["fri"]}`, int64(3600))
	f.Add(`{"warmupCap":50,"warmupStep":50,"dailyCap":400}`, int64(86399))
	f.Add(`{"hoursFrom":"24:00","hoursTo":"00:00"}`, int64(-5))
	f.Fuzz(func(t *testing.T, raw string, offset int64) {
		var p Pace
		if json.Unmarshal([]byte(raw), &p) != nil || p.validate() != nil {
			return
		}
		now := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC).Add(time.Duration(offset%(14*86400)) * time.Second)
		loc, _ := time.LoadLocation("Europe/Berlin") // a DST change on 29 March
		open := p.nextOpen(now, loc)
		if open.Before(now) {
			t.Fatalf("next open %s before now %s", open, now)
		}
		if open.Sub(now) > 9*24*time.Hour {
			t.Fatalf("next open %s more than a week after %s", open, now)
		}
		if d := p.estimate(1000, now, loc); d < 0 {
			t.Fatalf("negative estimate %s", d)
		}
	})
}
