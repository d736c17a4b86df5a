package campaigns

import (
	"fmt"
	"math"
	"strings"
	"time"

	"herald/backend/activity"
	"herald/backend/whatsapp"
)

// SafePace is the pace the wizard fills in for a new campaign. With the
// simulator it is brisk enough to practise with. With a real number it is
// slower, because WhatsApp bans numbers that send fast, and above all
// numbers that send fast to people who never wrote to them. WhatsApp does
// not publish its limits for a phone linked as a device; these defaults
// follow what it does publish for businesses and what gets linked numbers
// banned:
//
//   - a random 8–20 s between two messages (14 s on average; never more than
//     6 in a minute). That is how long a person takes to paste a message to
//     the next customer, and the irregular rhythm is what tells a person
//     from a script: a fixed interval, however slow, looks automated.
//   - a 3–7 minute break after every 20 messages, as a person sending by
//     hand stops now and then; about 120 messages an hour in all.
//   - at most 200 messages a day, warming up from 30 on a campaign's first
//     sending day by 30 a day (the full 200 from the seventh). Meta lets a
//     new, unverified business start about 250 conversations a day through
//     its own Business API; a personal number linked as a device has less
//     standing than that, and a number that goes from a few chats a day to
//     hundreds at once is what WhatsApp's spam detection looks for.
//   - 09:00 to 20:00, Monday to Saturday: messages at night or on a Sunday
//     are blocked and reported more often, and reports are what gets a
//     number banned.
//
// The daily cap and the warm-up count each campaign's own messages from
// the day it started: two campaigns at once send twice as much, which the
// review warns about.
func SafePace(real bool) Pace {
	workdays := Weekdays{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	if !real {
		return Pace{PerMinute: 8, MinDelaySec: 4, MaxDelaySec: 12, BatchSize: 25, BatchPauseMinSec: 60,
			BatchPauseMaxSec: 180, DailyCap: 500, HoursFrom: "09:00", HoursTo: "20:00", Weekdays: workdays}
	}
	return Pace{PerMinute: 6, MinDelaySec: 8, MaxDelaySec: 20, BatchSize: 20, BatchPauseMinSec: 180,
		BatchPauseMaxSec: 420, DailyCap: 200, HoursFrom: "09:00", HoursTo: "20:00", Weekdays: workdays,
		WarmupCap: 30, WarmupStep: 30}
}

// manyStrangers is how many recipients who never wrote to the number make
// the review warn: about one batch of the safe pace. A few new customers
// in a campaign are normal; a batch of strangers in a row is what people
// report.
const manyStrangers = 20

// SafePace returns the pace Herald suggests for a new campaign: slower when
// the messages go through your phone than in practice mode.
func (s *Service) SafePace() (Pace, error) {
	return SafePace(s.e.realNumber()), nil
}

// realNumber reports whether messages go to real phones from a number
// WhatsApp can ban: any driver that does not say it is practice.
func (e *Engine) realNumber() bool {
	p, ok := e.driver.(whatsapp.Practice)
	return !ok || !p.Practice()
}

// warnings are what the review says about a campaign that may get a real
// number banned; none in practice mode. They do not stop the campaign:
// the user may know the number is used to it.
func (e *Engine) warnings(in Input, n AudienceCount) ([]string, error) {
	out := []string{}
	if !e.realNumber() || n.Recipients == 0 {
		return out, nil
	}
	strangers, err := e.strangers(in.Audience, in.ID)
	if err != nil {
		return nil, err
	}
	if strangers >= manyStrangers {
		out = append(out, fmt.Sprintf("%d of the %d recipients have never written to this number: Herald has no message from them. "+
			"WhatsApp bans numbers that message many people who never wrote to them, above all when some block or report it. "+
			"Send first to customers who know you and expect your message, and keep to the safe pace.", strangers, n.Recipients))
	}
	safe := SafePace(true)
	if p := in.Pace; p.meanGap() < safe.meanGap() {
		out = append(out, fmt.Sprintf("This pace sends %s; the safe pace for a real number sends about %d an hour. "+
			"WhatsApp bans numbers that send fast: choose the safe pace on the Pace step, unless this number has been sending this much for a while.",
			perHour(p), messagesPerHour(safe)))
	}
	if p := in.Pace; n.Recipients > int64(safe.DailyCap) && (p.DailyCap == 0 || p.DailyCap > safe.DailyCap) {
		most := "has no daily cap, so all the messages may go out on one day"
		if p.DailyCap > 0 {
			most = fmt.Sprintf("sends up to %d messages a day", p.DailyCap)
		}
		out = append(out, fmt.Sprintf("This pace %s; the safe pace sends at most %d a day (from %d on the first day of a new number).",
			most, safe.DailyCap, safe.WarmupCap))
	}
	others, err := e.sendingExcept(in.ID)
	if err != nil {
		return nil, err
	}
	if len(others) > 0 {
		out = append(out, fmt.Sprintf("“%s” is sending now too. Each campaign keeps to its own pace and daily cap, so together they send faster than either: start this one when it is done.",
			others[0]))
	}
	return out, nil
}

// strangers counts the recipients of a (campaign id's audience, 0 before
// it is saved) whose number has never written to this one: no reply is
// recorded from it (replies are kept on the campaign message they answer).
func (e *Engine) strangers(a Audience, id int64) (int64, error) {
	sel, err := e.selection(e.db, a, id)
	if err != nil {
		return 0, err
	}
	n, err := e.audiences.CountReachable(sel, "SELECT phone FROM campaign_recipients WHERE replied_at IS NOT NULL")
	if err != nil {
		return 0, fmt.Errorf("count recipients who never wrote: %w", err)
	}
	return n, nil
}

// messagesPerHour is how many messages p sends in an hour of sending.
func messagesPerHour(p Pace) int {
	g := p.meanGap()
	if g <= 0 {
		return 0
	}
	return int(math.Round(float64(time.Hour) / float64(g)))
}

// perHour says how fast p sends, in words.
func perHour(p Pace) string {
	if p.meanGap() <= 0 {
		return "as fast as WhatsApp takes them, with no pause at all"
	}
	return fmt.Sprintf("about %d messages an hour", messagesPerHour(p))
}

// Sending returns the names of the campaigns sending now: running, or
// waiting for WhatsApp to come back. Switching WhatsApp account is refused
// while there is any.
func (e *Engine) Sending() ([]string, error) { return e.sendingExcept(0) }

func (e *Engine) sendingExcept(id int64) ([]string, error) {
	names := []string{}
	err := e.db.Raw("SELECT name FROM campaigns WHERE state IN ? AND id <> ? ORDER BY id",
		[]State{StateRunning, StateWaiting}, id).Scan(&names).Error
	if err != nil {
		return nil, fmt.Errorf("find the campaigns sending: %w", err)
	}
	return names, nil
}

// stopReason is why every campaign must stop at once in connection state
// st, in words for the campaign's note, or "" when none need to.
func (e *Engine) stopReason(st whatsapp.Status) string {
	switch {
	case st.State == whatsapp.StateError && st.Ban != nil:
		msg := "Paused because WhatsApp has banned this number for now"
		if r := strings.TrimSuffix(strings.TrimSpace(st.Ban.Reason), "."); r != "" {
			msg += " (" + r + ")"
		}
		if !st.Ban.Until.IsZero() {
			msg += ", until " + st.Ban.Until.In(e.loc).Format("Mon 2 Jan 15:04 MST")
		}
		return msg + ". Resume it once the ban is over, at the safe pace."
	case st.State == whatsapp.StateLoggedOut:
		return "Paused because Herald was logged out of WhatsApp: this computer is no longer linked to the phone. Link it again on the WhatsApp page, then resume the campaign."
	}
	return ""
}

// StoppedDetail is the detail of the activity entry of a campaign paused
// by Herald because of a problem (a ban, a logout), which the user's own
// pause has not: a notice tells the one and not the other.
const StoppedDetail = `{"stopped":"whatsapp"}`

// stopAll pauses every sending campaign with reason as its note, in a
// goroutine of the engine's: Observe must not wait for the dispatchers to
// stop.
func (e *Engine) stopAll(reason string) {
	e.mu.Lock()
	if e.stopped {
		e.mu.Unlock()
		return
	}
	e.wg.Add(1)
	e.mu.Unlock()
	go func() {
		defer e.wg.Done()
		e.pauseAll(reason)
	}()
}

// pauseAll pauses every running or waiting campaign, with note saying why,
// and waits until their dispatchers have stopped.
func (e *Engine) pauseAll(note string) {
	var paused []struct {
		ID   int64
		Name string
	}
	now := e.clock.Now().UTC()
	err := e.retryBusy("pause every campaign", func() error {
		paused = paused[:0]
		return e.db.Raw("UPDATE campaigns SET state = ?, note = ?, updated_at = ? WHERE state IN ? RETURNING id, name",
			StatePaused, note, now, []State{StateRunning, StateWaiting}).Scan(&paused).Error
	})
	if err != nil {
		e.log.Error("pause every campaign", "err", err)
		return
	}
	for _, c := range paused {
		e.halt(c.ID)
		_, _ = e.activity.RecordRef("campaigns", "paused", fmt.Sprintf("Campaign “%s” paused%s", c.Name, strings.TrimPrefix(note, "Paused")),
			StoppedDetail, activity.CampaignRef(c.ID))
		e.progress.touch(c.ID)
	}
	if len(paused) > 0 {
		e.log.Warn("campaigns: every sending campaign paused", "count", len(paused), "why", note)
	}
}
