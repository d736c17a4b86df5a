package campaigns

import (
	"strings"
	"time"
	"unicode/utf8"

	"herald/backend/apperr"
	"herald/backend/usertext"
)

// prepare checks an input and turns it into a row (without ID, key or
// times).
func (e *Engine) prepare(in Input) (row, error) {
	// Control characters go (usertext): a NUL would cut the name short.
	name := strings.Join(strings.Fields(usertext.Clean(in.Name)), " ")
	if name == "" {
		return row{}, apperr.Invalid("Give the campaign a name.")
	}
	if utf8.RuneCountInString(name) > maxNameLen {
		return row{}, apperr.Invalid("Keep the campaign's name under %d characters.", maxNameLen)
	}
	t, err := e.templates.Get(in.TemplateID)
	if err != nil {
		return row{}, err
	}
	if _, err := in.Audience.book(); err != nil {
		return row{}, err
	}
	if err := checkRecentDays(in.Audience.SkipRecentDays); err != nil {
		return row{}, err
	}
	if err := in.Pace.validate(); err != nil {
		return row{}, apperr.Invalid("%s.", capitalise(err.Error()))
	}
	sched := in.Schedule
	sched.TimeZone = e.zoneOf(sched)
	sched.Cron = strings.Join(strings.Fields(sched.Cron), " ")
	loc, err := sched.location(e.loc)
	if err != nil {
		return row{}, apperr.Invalid("%s.", capitalise(err.Error()))
	}
	at, hasAt, err := sched.at(loc)
	if err != nil {
		return row{}, apperr.Invalid("%s.", capitalise(err.Error()))
	}
	if hasAt {
		// Stored with its zone, as the user will see it.
		sched.At = at.In(loc).Format(time.RFC3339)
	}
	if _, err := sched.cron(); err != nil {
		return row{}, apperr.Invalid("%s.", capitalise(err.Error()))
	}
	if f := in.Audience.FollowUp; f != nil {
		labelled := *f
		if err := e.checkFollowUp(&labelled, sched); err != nil {
			return row{}, err
		}
		in.Audience.FollowUp = &labelled
	}
	r := row{Name: name, TemplateID: in.TemplateID, State: StateDraft}
	normalise(&in.Audience, &in.Pace)
	in.Audience.Tags, in.Audience.ExcludeTags = cleanNames(in.Audience.Tags), cleanNames(in.Audience.ExcludeTags)
	r.Audience, r.Pace, r.Schedule = jsonText(in.Audience), jsonText(in.Pace), jsonText(sched)
	if sched.timed() {
		if !t.Usable {
			return row{}, apperr.Invalid("The template “%s” cannot be sent yet: %s. Fix it, or save the campaign without a schedule as a draft.",
				t.Name, firstProblem(t.Problems))
		}
		next, err := sched.nextRun(e.clock.Now(), e.loc)
		if err != nil {
			return row{}, apperr.Invalid("%s.", capitalise(err.Error()))
		}
		if next.IsZero() {
			return row{}, apperr.Invalid("The repeat %q never comes up (a date such as 30 February?).", sched.Cron)
		}
		next = next.UTC()
		r.State, r.NextRunAt = StateScheduled, &next
	}
	return r, nil
}
