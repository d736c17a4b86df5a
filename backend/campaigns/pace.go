package campaigns

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// parseClock reads "HH:MM" as minutes after midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("%q is not a time of day like 09:00", s)
	}
	return hh*60 + mm, nil
}

// validate checks a pace for what a person can get wrong, in plain words.
func (p Pace) validate() error {
	for _, v := range []struct {
		name string
		n    int
	}{{"messages per minute", p.PerMinute}, {"the delay", p.MinDelaySec}, {"the delay", p.MaxDelaySec},
		{"the batch size", p.BatchSize}, {"the batch pause", p.BatchPauseMinSec}, {"the batch pause", p.BatchPauseMaxSec},
		{"the daily cap", p.DailyCap}, {"the warm-up cap", p.WarmupCap}, {"the warm-up step", p.WarmupStep}} {
		if v.n < 0 {
			return fmt.Errorf("%s cannot be negative", capitalise(v.name))
		}
	}
	if p.MaxDelaySec < p.MinDelaySec {
		return fmt.Errorf("the longest delay (%d s) is shorter than the shortest (%d s)", p.MaxDelaySec, p.MinDelaySec)
	}
	if p.BatchPauseMaxSec < p.BatchPauseMinSec {
		return fmt.Errorf("the longest batch pause (%d s) is shorter than the shortest (%d s)", p.BatchPauseMaxSec, p.BatchPauseMinSec)
	}
	if (p.HoursFrom == "") != (p.HoursTo == "") {
		return fmt.Errorf("give both ends of the sending hours, or neither")
	}
	if p.HoursFrom != "" {
		from, err := parseClock(p.HoursFrom)
		if err != nil {
			return fmt.Errorf("sending hours: %w", err)
		}
		to, err := parseClock(p.HoursTo)
		if err != nil {
			return fmt.Errorf("sending hours: %w", err)
		}
		if from == to {
			return fmt.Errorf("the sending hours start and end at the same time; leave both empty to send at any hour")
		}
	}
	return nil
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// unpaced reports whether p sets no limit at all, so the dispatcher may
// claim and mark many messages at a time.
func (p Pace) unpaced() bool {
	return p.PerMinute == 0 && p.MaxDelaySec == 0 && p.BatchSize == 0 && p.DailyCap == 0 &&
		p.WarmupCap == 0 && p.HoursFrom == "" && len(p.Weekdays) == 0
}

// capOn returns the daily cap of the day-th sending day (0 for the first)
// and false when there is none.
func (p Pace) capOn(day int) (int, bool) {
	if p.WarmupCap > 0 {
		c := p.WarmupCap + day*p.WarmupStep
		if p.DailyCap > 0 && c > p.DailyCap {
			c = p.DailyCap
		}
		return c, true
	}
	return p.DailyCap, p.DailyCap > 0
}

// nextOpen returns the first instant at or after now, in loc, inside the
// sending hours on an allowed weekday. A window that spans midnight
// belongs to the weekday it starts on.
func (p Pace) nextOpen(now time.Time, loc *time.Location) time.Time {
	if p.HoursFrom == "" && len(p.Weekdays) == 0 {
		return now
	}
	from, to := 0, 24*60
	if p.HoursFrom != "" {
		// validate has checked both.
		from, _ = parseClock(p.HoursFrom)
		to, _ = parseClock(p.HoursTo)
	}
	local := now.In(loc)
	y, m, d := local.Date()
	// Yesterday's window may still be open past midnight; a week and a day
	// ahead always reaches an allowed day.
	for i := -1; i <= 8; i++ {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		if len(p.Weekdays) > 0 && !slices.Contains(p.Weekdays, day.Weekday()) {
			continue
		}
		start := time.Date(y, m, d+i, from/60, from%60, 0, 0, loc)
		endDay, endMin := d+i, to
		if to <= from {
			endDay++
		}
		end := time.Date(y, m, endDay, endMin/60, endMin%60, 0, 0, loc)
		if now.Before(end) {
			if now.Before(start) {
				return start
			}
			return now
		}
	}
	return now // unreachable with a validated pace
}

// gap returns how long to wait after a message before the next one: the
// longer of the per-minute spacing and a random delay.
func (p Pace) gap(rng *rand.Rand) time.Duration {
	var g time.Duration
	if p.PerMinute > 0 {
		g = time.Minute / time.Duration(p.PerMinute)
	}
	if d := between(rng, p.MinDelaySec, p.MaxDelaySec); d > g {
		g = d
	}
	return g
}

// batchPause returns the pause after a batch.
func (p Pace) batchPause(rng *rand.Rand) time.Duration {
	return between(rng, p.BatchPauseMinSec, p.BatchPauseMaxSec)
}

// between draws a duration from lo to hi seconds, at millisecond grain.
func between(rng *rand.Rand, lo, hi int) time.Duration {
	if hi <= 0 {
		return 0
	}
	span := int64(hi-lo) * 1000
	ms := int64(lo) * 1000
	if span > 0 {
		ms += rng.Int64N(span + 1)
	}
	return time.Duration(ms) * time.Millisecond
}

// startOfDay is midnight of t's day in loc.
func startOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// daysBetween counts calendar days in loc from a to b.
func daysBetween(a, b time.Time, loc *time.Location) int {
	da, db := startOfDay(a, loc), startOfDay(b, loc)
	// Round: a DST change makes a day 23 or 25 hours long.
	return int((db.Sub(da) + 12*time.Hour) / (24 * time.Hour))
}

// meanGap is the average time from one message to the next at pace p, its
// batch pauses spread over their batch, leaving out caps and closed hours;
// 0 for a pace that does not slow messages down.
func (p Pace) meanGap() time.Duration {
	avg := time.Duration(0)
	if p.PerMinute > 0 {
		avg = time.Minute / time.Duration(p.PerMinute)
	}
	if d := time.Duration(p.MinDelaySec+p.MaxDelaySec) * time.Second / 2; d > avg {
		avg = d
	}
	if p.BatchSize > 0 {
		avg += time.Duration(p.BatchPauseMinSec+p.BatchPauseMaxSec) * time.Second / 2 / time.Duration(p.BatchSize)
	}
	return avg
}

// closes returns when the sending window open at t closes (zero for
// windows that never close).
func (p Pace) closes(t time.Time, loc *time.Location) time.Time {
	if p.HoursFrom == "" {
		return time.Time{}
	}
	from, _ := parseClock(p.HoursFrom)
	to, _ := parseClock(p.HoursTo)
	local := t.In(loc)
	y, m, d := local.Date()
	mins := local.Hour()*60 + local.Minute()
	if to <= from && mins < to {
		return time.Date(y, m, d, to/60, to%60, 0, 0, loc)
	}
	if to <= from {
		return time.Date(y, m, d+1, to/60, to%60, 0, 0, loc)
	}
	return time.Date(y, m, d, to/60, to%60, 0, 0, loc)
}
