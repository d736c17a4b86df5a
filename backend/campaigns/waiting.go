package campaigns

import (
	"fmt"
	"strings"
	"time"
)

// Wait is what a waiting campaign waits for.
type Wait string

// What a campaign in state waiting waits for.
const (
	WaitConnection Wait = "connection"
	WaitHours      Wait = "hours"
	WaitCap        Wait = "cap"
	// waitNone: the campaign is not waiting; waitUnknown: it was waiting
	// when Herald stopped, for what its note says.
	waitNone    Wait = ""
	waitUnknown Wait = "unknown"
)

// The reasons shown while a campaign waits; waitOf reads them back.
const (
	connectionNote = "Waiting for WhatsApp to connect; sending resumes by itself."
	hoursPrefix    = "Waiting for sending hours: "
	capPrefix      = "Waiting for the next sending day: "
)

// waitOf is what a campaign waits for, from its state and note.
func waitOf(st State, note string) Wait {
	switch {
	case st != StateWaiting:
		return waitNone
	case strings.HasPrefix(note, hoursPrefix):
		return WaitHours
	case strings.HasPrefix(note, capPrefix):
		return WaitCap
	default:
		return WaitConnection
	}
}

// hold puts the campaign in "waiting" for why, with note as the reason
// shown; a campaign already waiting only changes its reason.
func (r *run) hold(why Wait, note string) {
	if r.held == why {
		r.note(note)
		return
	}
	if r.held == waitNone {
		r.e.setState(r.id, StateRunning, StateWaiting, note)
	} else {
		r.note(note)
	}
	r.held = why
	if why == WaitConnection {
		r.e.record(r.id, "waiting", fmt.Sprintf("Campaign “%s” is waiting: WhatsApp is not connected", r.name))
	}
}

// release puts a waiting campaign back to "running".
func (r *run) release() {
	if r.held == waitNone {
		return
	}
	was := r.held
	r.held = waitNone
	r.e.setState(r.id, StateWaiting, StateRunning, "")
	if was == WaitConnection {
		r.e.record(r.id, "resumed", fmt.Sprintf("Campaign “%s” is sending again: WhatsApp is connected", r.name))
	}
}

// hoursNote is the reason of a campaign waiting, at now, for its sending
// hours to open at open.
func hoursNote(open, now time.Time, loc *time.Location) string {
	return hoursPrefix + "starts at " + dayTime(open, now, loc) + "."
}

// capNote is the reason of a campaign waiting, at now, for the next
// sending day, at open, after its daily cap of limit messages.
func capNote(limit int, open, now time.Time, loc *time.Location) string {
	return fmt.Sprintf("%sthe daily cap of %d messages is reached; starts at %s.", capPrefix, limit, dayTime(open, now, loc))
}

// dayTime writes t in loc for a reason: the time alone on now's day, else
// with the day.
func dayTime(t, now time.Time, loc *time.Location) string {
	if startOfDay(t, loc).Equal(startOfDay(now, loc)) {
		return t.In(loc).Format("15:04")
	}
	return t.In(loc).Format("Mon 2 Jan 15:04")
}
