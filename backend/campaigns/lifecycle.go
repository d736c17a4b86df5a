package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/store"
	"herald/backend/templates/engine"
)

// setState moves campaign id from one state to another, only if it is
// still in from: a pause or cancel made meanwhile wins.
func (e *Engine) setState(id int64, from, to State, note string) {
	now := e.clock.Now().UTC()
	err := e.db.Exec("UPDATE campaigns SET state = ?, note = ?, updated_at = ? WHERE id = ? AND state = ?",
		to, note, now, id, from).Error
	if err != nil {
		e.log.Error("change campaign state", "campaign", id, "to", to, "err", err)
	}
	e.progress.touch(id)
}

// setNote shows why a running campaign holds back; it writes only changes.
func (e *Engine) setNote(id int64, note string) {
	res := e.db.Exec("UPDATE campaigns SET note = ? WHERE id = ? AND note <> ?", note, id, note)
	if res.Error != nil {
		e.log.Error("note campaign", "campaign", id, "err", res.Error)
	}
	if res.RowsAffected > 0 {
		e.progress.touch(id)
	}
}

// complete ends a campaign whose every recipient has an outcome, and
// reports whether it did: not when it is no longer sending, nor when
// messages were queued again meanwhile (ResendUnconfirmed), which the same
// statement checks so that none is left behind in a completed campaign.
func (e *Engine) complete(id int64) (bool, error) {
	now := e.clock.Now().UTC()
	res := e.db.Exec(`UPDATE campaigns SET state = ?, note = '', finished_at = ?, updated_at = ? WHERE id = ? AND state IN ?
		AND NOT EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND state IN ?)`,
		StateCompleted, now, now, id, []State{StateRunning, StateWaiting, StateScheduled},
		id, []string{RecipientQueued, RecipientSending})
	if res.Error != nil {
		return false, fmt.Errorf("complete campaign %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return false, nil
	}
	st, err := e.stats(id)
	if err != nil {
		return true, err
	}
	summary := fmt.Sprintf("Campaign “%s” completed: %d sent, %d failed, %d skipped",
		e.nameOf(id), st.Sent+st.Delivered+st.Read, st.Failed, st.Skipped)
	if st.Unconfirmed > 0 {
		summary += fmt.Sprintf(", %d unconfirmed", st.Unconfirmed)
	}
	e.record(id, "completed", summary)
	e.progress.touch(id)
	return true, nil
}

// arm schedules a campaign in state scheduled: a gocron job at its next
// time, or an immediate start when that time passed while Herald was
// closed.
func (e *Engine) arm(r row) error {
	sched, err := r.schedule()
	if err != nil {
		return err
	}
	now := e.clock.Now()
	next := r.NextRunAt
	if next == nil {
		at, err := sched.nextRun(now, e.loc)
		if err != nil {
			return fmt.Errorf("campaign %d: %w", r.ID, err)
		}
		next = &at
	}
	if !next.After(now) {
		// Missed while closed (or due this instant): start now, and say how
		// late.
		go e.fire(e.ctx, r.ID, *next)
		return nil
	}
	due := *next
	return e.timer.arm(r.ID, due, func(ctx context.Context) { e.fire(ctx, r.ID, due) })
}

// fire starts a scheduled campaign that is due: a one-time campaign
// itself, a repeating one as a new child campaign for this run.
func (e *Engine) fire(ctx context.Context, id int64, due time.Time) {
	if ctx.Err() != nil {
		return
	}
	var r row
	if err := e.db.Take(&r, id).Error; err != nil {
		e.log.Error("scheduled campaign", "campaign", id, "err", err)
		return
	}
	if r.State != StateScheduled {
		return
	}
	late := e.clock.Now().Sub(due)
	sched, _ := r.schedule()
	runID := id
	if sched.repeats() {
		child, err := e.spawn(r, due)
		if err != nil {
			e.log.Error("start a run of a repeating campaign", "campaign", id, "err", err)
			return
		}
		runID = child
		if err := e.rearm(r, sched); err != nil {
			e.log.Error("schedule the next run", "campaign", id, "err", err)
		}
	}
	if _, err := e.begin(runID, late); err != nil {
		e.log.Error("start scheduled campaign", "campaign", runID, "err", err)
		e.failStart(runID, err)
	}
}

// rearm computes a repeating campaign's next run after this one and arms it.
func (e *Engine) rearm(r row, sched Schedule) error {
	next, err := sched.nextRun(e.clock.Now(), e.loc)
	if err != nil {
		return err
	}
	if next.IsZero() {
		// The expression has no more dates (within the years cron looks
		// ahead): the repeat is over.
		_, err := e.complete(r.ID)
		return err
	}
	if err := e.db.Exec("UPDATE campaigns SET next_run_at = ?, updated_at = ? WHERE id = ?", next.UTC(), e.clock.Now().UTC(), r.ID).Error; err != nil {
		return fmt.Errorf("store the next run: %w", err)
	}
	e.progress.touch(r.ID)
	return e.timer.arm(r.ID, next, func(ctx context.Context) { e.fire(ctx, r.ID, next) })
}

// spawn creates the run of repeating campaign r due at due, as a campaign
// of its own with r as parent.
func (e *Engine) spawn(r row, due time.Time) (int64, error) {
	sched, _ := r.schedule()
	loc, err := sched.location(e.loc)
	if err != nil {
		return 0, err
	}
	key, err := newMessageKey()
	if err != nil {
		return 0, err
	}
	now := e.clock.Now().UTC()
	parent := r.ID
	child := row{ParentID: &parent, Name: r.Name + " · " + due.In(loc).Format("2 Jan 2006 15:04"),
		TemplateID: r.TemplateID, Audience: r.Audience, Pace: r.Pace,
		Schedule: jsonText(Schedule{TimeZone: sched.TimeZone}), State: StateDraft, MessageKey: key,
		CreatedAt: now, UpdatedAt: now}
	if err := e.db.Create(&child).Error; err != nil {
		return 0, fmt.Errorf("create the run of %q: %w", r.Name, err)
	}
	return child.ID, nil
}

// begin starts campaign id now: it takes a copy of the template, queues
// the audience and marks the campaign running, in one transaction, then
// launches its dispatcher. late is how late a scheduled start is.
func (e *Engine) begin(id int64, late time.Duration) (AudienceCount, error) {
	var n AudienceCount
	var name string
	var err error
	// The start is one transaction, so trying it again is safe; a writer
	// elsewhere (an import, a rebuild of the search index) can make SQLite
	// refuse it at once instead of waiting.
	err = e.retryBusy("start campaign", func() error {
		var err error
		n, name, err = e.beginTx(id)
		return err
	})
	if err != nil {
		return n, err
	}
	e.timer.disarm(id)
	summary := fmt.Sprintf("Campaign “%s” started: %d recipients", name, n.Recipients)
	if left := n.OptedOut + n.NotOnWhatsApp; left > 0 {
		summary += fmt.Sprintf(" (%d opted out and %d not on WhatsApp left out)", n.OptedOut, n.NotOnWhatsApp)
	}
	if n.RecentlyMessaged > 0 {
		summary += fmt.Sprintf(", of whom %d skipped as they received another campaign lately", n.RecentlyMessaged)
	}
	if late > 5*time.Second {
		summary += fmt.Sprintf("; it was due %s earlier, while Herald was closed", lateBy(late))
	}
	e.record(id, "started", summary)
	e.progress.touch(id)
	e.launch(id)
	return n, nil
}

// retryBusy runs f again while SQLite answers busy (store.RetryBusy).
func (e *Engine) retryBusy(what string, f func() error) error {
	return store.RetryBusy(e.log, what, f)
}

// beginTx takes a copy of the template, queues the audience and marks
// campaign id running, in one transaction.
func (e *Engine) beginTx(id int64) (AudienceCount, string, error) {
	var n AudienceCount
	r, err := e.row(id)
	if err != nil {
		return n, "", err
	}
	if err := startable(r); err != nil {
		return n, r.Name, err
	}
	// The template is checked before the transaction: checking it reads
	// every contact's custom fields, which need not hold the write lock.
	t, err := e.templates.Get(r.TemplateID)
	if err != nil {
		return n, r.Name, err
	}
	if !t.Usable {
		return n, r.Name, apperr.Invalid("The template “%s” cannot be sent yet: %s", t.Name, firstProblem(t.Problems))
	}
	err = e.db.Transaction(func(tx *gorm.DB) error {
		// Read again under the lock: a Start, a Cancel or an edit may have
		// come in between.
		var now row
		if err := tx.Take(&now, id).Error; err != nil {
			return notFound(err, id)
		}
		if err := startable(now); err != nil {
			return err
		}
		if now.TemplateID != r.TemplateID {
			return apperr.Conflict("Campaign “%s” was edited while it was starting: start it again.", now.Name)
		}
		var audience Audience
		if err := json.Unmarshal([]byte(now.Audience), &audience); err != nil {
			return fmt.Errorf("campaign %d audience: %w", id, err)
		}
		n, err = e.enqueue(tx, id, audience)
		if err != nil {
			return err
		}
		at := e.clock.Now().UTC()
		state, note, err := e.startState(now)
		if err != nil {
			return err
		}
		return tx.Exec(`UPDATE campaigns SET state = ?, template_body = ?, media_path = ?, media_type = ?,
				excluded_opted_out = ?, excluded_not_on_whatsapp = ?, next_run_at = NULL, note = ?,
				started_at = ?, updated_at = ? WHERE id = ?`,
			state, t.Body, t.MediaPath, t.MediaType, n.OptedOut, n.NotOnWhatsApp, note, at, at, id).Error
	})
	return n, r.Name, err
}

// startState is the state campaign r starts in: waiting, with the
// reason, when its sending hours are closed, so that it never shows as
// sending while nothing can go; else running.
func (e *Engine) startState(r row) (State, string, error) {
	var pace Pace
	if err := json.Unmarshal([]byte(r.Pace), &pace); err != nil {
		return "", "", fmt.Errorf("campaign %d pace: %w", r.ID, err)
	}
	sched, err := r.schedule()
	if err != nil {
		return "", "", err
	}
	loc, err := sched.location(e.loc)
	if err != nil {
		return "", "", err
	}
	now := e.clock.Now()
	if open := pace.nextOpen(now, loc); open.After(now) {
		return StateWaiting, hoursNote(open, now, loc), nil
	}
	return StateRunning, "", nil
}

// startable says why campaign r cannot start now, if it cannot.
func startable(r row) error {
	if r.State != StateDraft && r.State != StateScheduled {
		return apperr.Conflict("Campaign “%s” is %s: only a draft or a scheduled campaign can start.", r.Name, r.State)
	}
	if sched, _ := r.schedule(); sched.repeats() && r.ParentID == nil {
		return apperr.Conflict("“%s” repeats on a schedule: each run starts by itself. Duplicate it to send once now.", r.Name)
	}
	return nil
}

// failStart marks a scheduled campaign that could not start (its template
// was deleted, say) as failed, with the reason.
func (e *Engine) failStart(id int64, cause error) {
	now := e.clock.Now().UTC()
	msg := cause.Error()
	var ae *apperr.Error
	if errors.As(cause, &ae) {
		msg = ae.Msg
	}
	res := e.db.Exec("UPDATE campaigns SET state = ?, note = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state IN ?",
		StateFailed, "Could not start: "+msg, now, now, id, []State{StateScheduled, StateDraft})
	if res.Error == nil && res.RowsAffected > 0 {
		e.record(id, "failed", fmt.Sprintf("Campaign “%s” could not start: %s", e.nameOf(id), msg))
		e.progress.touch(id)
	}
}

func firstProblem(ps []engine.Problem) string {
	if len(ps) == 0 {
		return "it has a problem"
	}
	return strings.TrimSuffix(ps[0].Message, ".")
}

// lateBy writes a delay as people say it.
func lateBy(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f hours", d.Hours())
	default:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
}

func notFound(err error, id int64) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.NotFound("Campaign %d no longer exists.", id)
	}
	return fmt.Errorf("read campaign %d: %w", id, err)
}
