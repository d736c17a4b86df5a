package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"herald/backend/templates/engine"
	"herald/backend/whatsapp"
)

// unpacedBatch is how many recipients a campaign without a pace claims,
// sends and records at a time.
const unpacedBatch = 100

// sqliteTime is how the SQLite driver writes a time.Time; times written
// into JSON for json_each use it too, so they compare and scan alike.
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

func dbTime(t time.Time) string { return t.UTC().Format(sqliteTime) }

// claimed is a recipient taken for sending.
type claimed struct {
	ID        int64
	ContactID int64
	Phone     string
	Name      string
	MessageID string
	Attempts  int
}

// outcome is what became of a claimed recipient.
type outcome struct {
	ID       int64   `json:"id"`
	State    string  `json:"state"`
	SentAt   *string `json:"sentAt"`
	Error    string  `json:"error"`
	Attempts int     `json:"attempts"`
	NextAt   *string `json:"nextAt"`
}

// run is one campaign's dispatcher state.
type run struct {
	e        *Engine
	id       int64
	name     string
	key      string
	pace     Pace
	loc      *time.Location
	started  time.Time
	tmpl     *engine.Template
	media    string
	mediaTyp string
	rng      *rand.Rand
	paced    bool

	nextSend  time.Time // pace: not before
	inBatch   int       // messages since the last batch pause
	day       time.Time // start of the day sentToday counts
	sentToday int
	slowDown  time.Duration // grows while the server rate-limits us
	held      Wait          // what keeps the campaign waiting
	buf       []byte

	// doubt is the wait for receipts of the messages a stop left in
	// doubt, when the driver cannot tell whether it took them.
	doubt doubt
}

// dispatch sends campaign id's queued messages until none is left, the
// campaign is paused or cancelled (ctx), or Herald stops (ctx). Every
// recipient is marked sending, with its message ID, in a committed write
// before the driver sees it; a crash leaves it sending, and the next
// dispatch settles it (see settle) before anything else.
func (e *Engine) dispatch(ctx context.Context, id int64) error {
	r, err := e.newRun(id)
	if err != nil {
		return err
	}
	if r == nil {
		return nil // no longer running
	}
	// The wait for receipts of messages in doubt ends with the dispatcher.
	ctx, cancel := context.WithCancel(ctx)
	defer r.doubt.wg.Wait()
	defer cancel()
	// Messages a crash left in flight go first, with their own IDs.
	orphans, err := r.orphans()
	if err != nil {
		return err
	}
	if len(orphans) > 0 {
		e.log.Info("campaign: settling messages interrupted by a stop", "campaign", id, "count", len(orphans))
		if err := r.settle(ctx, orphans); err != nil {
			return err
		}
	}
	for ctx.Err() == nil {
		if err := r.gate(ctx); err != nil {
			return nil // ctx ended the wait
		}
		n := unpacedBatch
		if r.paced || !r.e.canReconcile(ctx) {
			// A stop leaves a claimed batch "sending": on a driver that
			// cannot tell, every message of it would be in doubt, even
			// those it never reached. One at a time, at most one is.
			n = 1
		}
		batch, err := r.claim(n)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			done, err := r.idle(ctx)
			if err != nil || done {
				return err
			}
			continue
		}
		if err := r.sendAll(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) newRun(id int64) (*run, error) {
	var c row
	if err := e.db.Take(&c, id).Error; err != nil {
		return nil, fmt.Errorf("read campaign %d: %w", id, err)
	}
	if !c.State.active() {
		return nil, nil
	}
	var pace Pace
	if err := json.Unmarshal([]byte(c.Pace), &pace); err != nil {
		return nil, fmt.Errorf("campaign %d pace: %w", id, err)
	}
	sched, err := c.schedule()
	if err != nil {
		return nil, err
	}
	loc, err := sched.location(e.loc)
	if err != nil {
		return nil, err
	}
	// Custom keys are not checked again: a contact without the field is
	// skipped with that reason, which is what the user needs to see.
	tmpl, problems := engine.Compile(c.TemplateBody, engine.Options{})
	if tmpl == nil {
		return nil, fmt.Errorf("the message cannot be sent: %s", problems[0].Message)
	}
	started := e.clock.Now()
	if c.StartedAt != nil {
		started = *c.StartedAt
	}
	held := waitNone
	if c.State == StateWaiting {
		held = waitUnknown
	}
	return &run{e: e, id: id, name: c.Name, key: c.MessageKey, pace: pace, loc: loc, started: started, held: held,
		tmpl: tmpl, media: c.MediaPath, mediaTyp: c.MediaType, paced: !pace.unpaced(),
		rng: rand.New(rand.NewPCG(uint64(id), uint64(e.clock.Now().UnixNano()))), buf: make([]byte, 0, 1024)}, nil
}

// sleep waits d on the engine's clock; false when ctx ended first.
func (r *run) sleep(ctx context.Context, d time.Duration) bool {
	return r.sleepOr(ctx, d, nil)
}

// sleepOr is sleep that also ends when wake receives.
func (r *run) sleepOr(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	// A timer, not After: a stopped timer leaves no waiter behind on a
	// fake clock, and no garbage on the real one.
	t := r.e.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return true
	case <-wake:
		return true
	case <-ctx.Done():
		return false
	}
}

// gate waits until the next message may go: WhatsApp connected, inside
// the sending hours, under the daily cap, and the pace's delay passed.
// While WhatsApp, the hours or the cap hold it back, the campaign is
// waiting, with the reason; the pace's own delays leave it running.
func (r *run) gate(ctx context.Context) error {
	for {
		up := r.e.connected.Wait()
		select {
		case <-up:
		default:
			r.hold(WaitConnection, connectionNote)
			select {
			case <-up:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		now := r.e.clock.Now()
		if open := r.pace.nextOpen(now, r.loc); open.After(now) {
			r.hold(WaitHours, hoursNote(open, now, r.loc))
			if !r.sleep(ctx, open.Sub(now)) {
				return ctx.Err()
			}
			continue
		}
		if limit, ok := r.pace.capOn(daysBetween(r.started, now, r.loc)); ok {
			if err := r.countToday(now); err != nil {
				return err
			}
			if r.sentToday >= limit {
				tomorrow := r.pace.nextOpen(startOfDay(now, r.loc).AddDate(0, 0, 1), r.loc)
				r.hold(WaitCap, capNote(limit, tomorrow, now, r.loc))
				if !r.sleep(ctx, tomorrow.Sub(now)) {
					return ctx.Err()
				}
				continue
			}
		}
		r.release()
		if wait := r.nextSend.Sub(now); wait > 0 {
			if !r.sleep(ctx, wait) {
				return ctx.Err()
			}
			continue
		}
		return nil
	}
}

// note shows why a running campaign is holding back, once per change.
func (r *run) note(text string) {
	r.e.setNote(r.id, text)
}

// countToday counts the messages sent today. It reads the rows each time:
// a campaign with a cap sends slowly, and the rows are the truth across
// restarts and day changes.
func (r *run) countToday(now time.Time) error {
	day := startOfDay(now, r.loc)
	n, err := r.e.sentSince(r.id, day)
	if err != nil {
		return err
	}
	r.day, r.sentToday = day, int(n)
	return nil
}

// orphans returns the recipients a stop left in "sending".
func (r *run) orphans() ([]claimed, error) {
	var out []claimed
	err := r.e.db.Raw(`SELECT id, contact_id, phone, name, message_id, attempts FROM campaign_recipients
		WHERE campaign_id = ? AND state = ? ORDER BY id`, r.id, RecipientSending).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read interrupted messages: %w", err)
	}
	return out, nil
}

// settle decides the messages a stop left "sending". With a driver that
// can tell (whatsapp.Reconciler), one it took is recorded sent (whatever
// happened to the contact since) and one it never took goes back to the
// queue, to pass every check again.
//
// A driver that cannot tell (the linked phone: not a Reconciler, or Taken
// answers ErrCannotTell) may have delivered the message, or not, and
// would not recognise its ID if sent again: such a message is never sent
// again by itself. It stays "sending" while Herald waits, for the
// confirmation window once WhatsApp is connected, for a receipt (or a
// reply quoting it) that proves it went; without one it becomes
// unconfirmed, for the user to decide. The campaign's other messages go
// on meanwhile.
func (r *run) settle(ctx context.Context, orphans []claimed) error {
	rec, canTell := r.e.driver.(whatsapp.Reconciler)
	outs := make([]outcome, 0, len(orphans))
	var inDoubt []int64
	for _, o := range orphans {
		if !canTell {
			inDoubt = append(inDoubt, o.ID)
			continue
		}
		at, taken, err := rec.Taken(ctx, o.MessageID)
		switch {
		case errors.Is(err, whatsapp.ErrCannotTell):
			inDoubt = append(inDoubt, o.ID)
		case err != nil:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("ask WhatsApp about message %s: %w", o.MessageID, err)
		case taken:
			outs = append(outs, outcome{ID: o.ID, State: RecipientSent, SentAt: ptr(dbTime(at)), Attempts: o.Attempts})
		default:
			outs = append(outs, outcome{ID: o.ID, State: RecipientQueued, Attempts: o.Attempts})
		}
	}
	if err := r.e.recordOutcomes(outs); err != nil {
		return err
	}
	if len(inDoubt) > 0 {
		if err := r.awaitReceipts(ctx, inDoubt); err != nil {
			return err
		}
	}
	r.e.progress.touch(r.id)
	return nil
}

// claim marks up to n queued recipients "sending" with their message IDs,
// in one committed statement, and returns them in queue order. A message's
// ID is the campaign's key and the contact's id, kept from its first claim
// on (a retry is the same message), unless ResendUnconfirmed gave it a new
// one.
func (r *run) claim(n int) ([]claimed, error) {
	var out []claimed
	r.e.writing.Lock()
	defer r.e.writing.Unlock()
	err := r.e.retryBusy("claim messages", func() error {
		out = out[:0]
		return r.e.db.Raw(`UPDATE campaign_recipients SET state = ?, message_id = coalesce(message_id, ? || '-' || contact_id)
		WHERE id IN (SELECT id FROM campaign_recipients
			WHERE campaign_id = ? AND state = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
			ORDER BY id LIMIT ?)
		RETURNING id, contact_id, phone, name, message_id, attempts`,
			RecipientSending, r.key, r.id, RecipientQueued, dbTime(r.e.clock.Now()), n).Scan(&out).Error
	})
	if err != nil {
		return nil, fmt.Errorf("claim messages to send: %w", err)
	}
	slices.SortFunc(out, func(a, b claimed) int { return int(a.ID - b.ID) })
	return out, nil
}

// idle handles an empty claim: the campaign is complete when nothing is
// queued or in flight; otherwise it sleeps until the next retry is due.
func (r *run) idle(ctx context.Context) (bool, error) {
	var left struct {
		Queued  int64
		Sending int64
		NextAt  *string
	}
	err := r.e.db.Raw(`SELECT coalesce(sum(state = 'queued'), 0) AS queued, coalesce(sum(state = 'sending'), 0) AS sending,
			min(CASE WHEN state = 'queued' THEN next_attempt_at END) AS next_at
		FROM campaign_recipients WHERE campaign_id = ? AND state IN ('queued', 'sending')`, r.id).Scan(&left).Error
	if err != nil {
		return false, fmt.Errorf("check what is left to send: %w", err)
	}
	if left.Queued == 0 && left.Sending == 0 {
		done, err := r.e.complete(r.id)
		if done || err != nil {
			return true, err
		}
		// Messages were queued again (ResendUnconfirmed) since the count,
		// or the campaign is no longer sending.
		var st State
		if err := r.e.db.Raw("SELECT state FROM campaigns WHERE id = ?", r.id).Scan(&st).Error; err != nil {
			return false, fmt.Errorf("read campaign %d: %w", r.id, err)
		}
		return !st.active(), nil
	}
	if left.Queued == 0 && r.doubt.wake != nil {
		if until := r.doubt.end(); !until.IsZero() {
			r.note(fmt.Sprintf("Waiting until %s for WhatsApp to confirm %d %s Herald was sending when it stopped.",
				until.In(r.loc).Format("15:04"), left.Sending, plural(left.Sending)))
		}
	}
	wait := time.Second
	if left.NextAt != nil {
		if at, err := time.Parse(sqliteTime, *left.NextAt); err == nil {
			wait = at.Sub(r.e.clock.Now())
		}
	}
	r.sleepOr(ctx, max(wait, time.Millisecond), r.doubt.wake)
	return false, nil
}
