package campaigns

import (
	"fmt"
	"time"
)

// Estimate is when a campaign's messages go out, as its pace, sending
// hours, sending days and daily caps allow: the one estimate every screen
// shows, worked out here alone so that the review, the list and the
// campaign's page never disagree.
type Estimate struct {
	// Messages is how many messages are left to send.
	Messages int64 `json:"messages"`
	// Now is the time the estimate was made at, on the engine's clock; a
	// countdown on screen counts from it, not from the computer's clock.
	Now time.Time `json:"now"`
	// StartsAt is when the next message may go: Now, or later when the
	// sending hours are closed (or the schedule starts later).
	StartsAt time.Time `json:"startsAt"`
	// FinishesAt is when the last message should have gone.
	FinishesAt time.Time `json:"finishesAt"`
	// Sec is how long from Now until FinishesAt, in whole seconds.
	Sec int64 `json:"sec"`
	// WaitSec is how long from Now until StartsAt, in whole seconds.
	WaitSec int64 `json:"waitSec"`
}

// capDay says where a campaign stands in its daily caps: Day is the
// sending day (0 the first, for the warm-up) of the moment estimated
// from, and SentToday how many messages went out on it already.
type capDay struct {
	Day       int
	SentToday int64
}

// plan estimates n messages at pace p in loc, from now, none before
// notBefore (a later scheduled start), with caps where the campaign stands
// in its daily caps.
func (p Pace) plan(n int64, now, notBefore time.Time, loc *time.Location, caps capDay) Estimate {
	from := now
	if notBefore.After(from) {
		from = notBefore
	}
	est := Estimate{Messages: max(n, 0), Now: now}
	est.StartsAt, est.FinishesAt = p.finish(n, from, loc, caps)
	est.Sec = int64(est.FinishesAt.Sub(now).Round(time.Second) / time.Second)
	est.WaitSec = int64(est.StartsAt.Sub(now).Round(time.Second) / time.Second)
	return est
}

// messageGap is the time a message takes at pace p, on average: the
// pace's mean gap, or for an unpaced campaign what the simulator and
// WhatsApp take to send one.
func (p Pace) messageGap() time.Duration {
	if avg := p.meanGap(); avg > 0 {
		return avg
	}
	return 2 * time.Millisecond
}

// estimate returns how long sending n messages at pace p takes, starting
// at start in loc on the campaign's first sending day.
func (p Pace) estimate(n int64, start time.Time, loc *time.Location) time.Duration {
	if n <= 0 {
		return 0
	}
	_, last := p.finish(n, start, loc, capDay{})
	return last.Sub(start)
}

// finish returns when the first and the last of n messages at pace p go,
// none before start, counting the average delay, batch pauses, daily caps
// and closed hours (both are when sending could start for n = 0). It
// walks time as the dispatcher would, a day at most at a time, so even
// slow campaigns over weeks are estimated quickly.
func (p Pace) finish(n int64, start time.Time, loc *time.Location, caps capDay) (first, last time.Time) {
	avg := p.messageGap()
	now := start
	left := max(n, 1)
	firstDay := startOfDay(start, loc)
	for step := 0; step < 3660; step++ {
		now = p.nextOpen(now, loc)
		today := startOfDay(now, loc)
		dayEnd := today.AddDate(0, 0, 1)
		closeAt := p.closes(now, loc)
		if closeAt.After(dayEnd) || closeAt.IsZero() {
			closeAt = dayEnd
		}
		can := int64(closeAt.Sub(now) / avg)
		days := daysBetween(firstDay, today, loc)
		if c, ok := p.capOn(caps.Day + days); ok {
			room := int64(c)
			if days == 0 {
				room -= caps.SentToday
			}
			can = min(can, max(room, 0))
		}
		if can > 0 && first.IsZero() {
			first = now
		}
		if can >= left {
			if n <= 0 {
				return first, first
			}
			return first, now.Add(time.Duration(left) * avg)
		}
		left -= can
		now = dayEnd
	}
	if first.IsZero() {
		first = now
	}
	return first, now
}

// estimateOf is campaign c's estimate now, nil when it is not sending (a
// paused campaign waits for the user, a draft for its start).
func (e *Engine) estimateOf(c Campaign) (*Estimate, error) {
	if !c.State.active() {
		return nil, nil
	}
	loc, err := c.Schedule.location(e.loc)
	if err != nil {
		return nil, err
	}
	now := e.clock.Now()
	var caps capDay
	if c.StartedAt != nil {
		caps.Day = daysBetween(*c.StartedAt, now, loc)
	}
	if _, capped := c.Pace.capOn(caps.Day); capped {
		if caps.SentToday, err = e.sentSince(c.ID, startOfDay(now, loc)); err != nil {
			return nil, err
		}
	}
	est := c.Pace.plan(c.Stats.Queued+c.Stats.Sending, now, now, loc, caps)
	return &est, nil
}

// sentSince counts campaign id's messages sent at or after since.
func (e *Engine) sentSince(id int64, since time.Time) (int64, error) {
	var n int64
	err := e.db.Raw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND sent_at >= ?", id, dbTime(since)).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count the messages campaign %d sent today: %w", id, err)
	}
	return n, nil
}

// hoursOpenAt is when campaign c's sending hours open next, nil while they
// are open or once it has finished: what its start button says.
func (e *Engine) hoursOpenAt(c Campaign) *time.Time {
	if c.State.finished() {
		return nil
	}
	loc, err := c.Schedule.location(e.loc)
	if err != nil {
		return nil
	}
	now := e.clock.Now()
	if open := c.Pace.nextOpen(now, loc); open.After(now) {
		return &open
	}
	return nil
}
