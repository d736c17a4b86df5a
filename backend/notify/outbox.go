package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"herald/backend/activity"
)

// The states of a mail in the outbox.
const (
	// stateHeld: waiting until due_at to see whether it still needs saying
	// (a campaign waiting for WhatsApp that may reconnect meanwhile).
	stateHeld = "held"
	// statePending: to send at due_at.
	statePending = "pending"
	stateSent    = "sent"
	// stateDropped: a held notice that no longer needed saying.
	stateDropped = "dropped"
)

// The backoff between tries to send a mail: it doubles from the first to
// the last, and stays there.
const (
	firstRetry = 30 * time.Second
	lastRetry  = 30 * time.Minute
)

// retryAfter is the wait before try attempts+1.
func retryAfter(attempts int) time.Duration {
	d := firstRetry
	for i := 1; i < attempts && d < lastRetry; i++ {
		d *= 2
	}
	return min(d, lastRetry)
}

// notice is a mail to queue.
type notice struct {
	key        string // one event, one key: a second enqueue of it does nothing
	kind       string
	subject    string
	body       string
	held       bool // held until due, then checked again
	due        time.Time
	campaignID int64
	activityID int64
}

// outboxRow is a row of notice_outbox.
type outboxRow struct {
	ID         int64 `gorm:"primaryKey"`
	Key        string
	Kind       string
	Subject    string
	Body       string
	MessageID  string
	State      string
	DueAt      time.Time
	Attempts   int
	LastError  string
	CampaignID int64
	ActivityID int64
	CreatedAt  time.Time
	SentAt     *time.Time
}

func (outboxRow) TableName() string { return "notice_outbox" }

// enqueue adds n to the outbox in tx, unless its event is queued already.
func (e *Engine) enqueue(tx *gorm.DB, n notice) error {
	now := e.clock.Now().UTC()
	state, due := statePending, now
	if n.held {
		state, due = stateHeld, n.due.UTC()
	}
	// The Message-ID is chosen once, with the row, so that a mail sent
	// again after a crash carries the same one and the recipient's mail
	// program can tell it is the same mail.
	id := uuid.NewString() + "@herald.notices"
	err := tx.Exec(`INSERT INTO notice_outbox (key, kind, subject, body, message_id, state, due_at, campaign_id, activity_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		n.key, n.kind, n.subject, n.body, id, state, due, n.campaignID, n.activityID, now).Error
	if err != nil {
		return fmt.Errorf("queue the notice %q: %w", n.key, err)
	}
	return nil
}

// ripen looks again at held notices that are due: a campaign that was
// waiting for WhatsApp and has since resumed, paused, finished or stopped
// needs no notice; one still waiting gets it now.
func (e *Engine) ripen() error {
	var rows []outboxRow
	if err := e.db.Where("state = ? AND due_at <= ?", stateHeld, e.clock.Now().UTC()).Order("id").Find(&rows).Error; err != nil {
		return fmt.Errorf("read the held notices: %w", err)
	}
	for _, r := range rows {
		moved, err := e.activity.RecordedAfter(r.ActivityID, "campaigns", activity.CampaignRef(r.CampaignID), settledActions())
		if err != nil {
			return err
		}
		state := statePending
		if moved {
			state = stateDropped
		}
		if err := e.db.Exec("UPDATE notice_outbox SET state = ? WHERE id = ? AND state = ?", state, r.ID, stateHeld).Error; err != nil {
			return fmt.Errorf("release a held notice: %w", err)
		}
	}
	return nil
}

// settledActions are what ends a campaign's wait for WhatsApp.
func settledActions() []string {
	return []string{"resumed", "paused", "completed", "cancelled", "failed"}
}

// nextDue is when the first held or pending mail falls due; zero when
// none waits.
func (e *Engine) nextDue() (time.Time, error) {
	var rows []outboxRow
	if err := e.db.Where("state IN ?", []string{stateHeld, statePending}).Order("due_at").Limit(1).Find(&rows).Error; err != nil {
		return time.Time{}, fmt.Errorf("read the outbox: %w", err)
	}
	if len(rows) == 0 {
		return time.Time{}, nil
	}
	return rows[0].DueAt, nil
}

// deliver sends the mails that are due, over one session with the mail
// server, and marks each sent the moment the server has taken it. A mail
// the server refuses, or that cannot go because the server is down, is
// tried again later, each time after a longer wait.
func (e *Engine) deliver() {
	now := e.clock.Now().UTC()
	var due []outboxRow
	if err := e.db.Where("state = ? AND due_at <= ?", statePending, now).Order("id").Limit(100).Find(&due).Error; err != nil {
		e.log.Error("notices: read the outbox", "err", err)
		return
	}
	if len(due) == 0 {
		return
	}
	cfg, err := e.config()
	if err != nil || !cfg.emailReady() {
		// Mail waits until the settings let it go; saving them wakes the
		// worker.
		e.postpone(due, nil, "")
		return
	}
	password, err := e.secrets.password()
	if err != nil {
		e.postpone(due, cfg.To, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(e.ctx, 2*mailTimeout)
	defer cancel()
	client, session, cut, err := e.connect(ctx, cfg, password)
	if err != nil {
		e.postpone(due, cfg.To, plain(err, cfg))
		return
	}
	defer func() { _ = client.CloseWithSMTPClient(session) }()
	// A quit does not wait on a mail server that is slow to answer: the
	// mail it cuts off is sent again at the next start.
	unwatch := context.AfterFunc(e.ctx, cut)
	defer unwatch()
	for _, r := range due {
		if e.ctx.Err() != nil {
			return
		}
		msg, err := compose(cfg, letter{subject: r.Subject, body: r.Body, messageID: r.MessageID, at: r.CreatedAt})
		if err == nil {
			err = client.SendWithSMTPClient(session, msg)
		}
		// A mail the server took is sent, whatever went wrong after.
		if err != nil && (msg == nil || !msg.IsDelivered()) {
			e.postpone([]outboxRow{r}, cfg.To, plain(err, cfg))
			continue
		}
		e.sent(r, cfg.To)
	}
}

// sent marks r sent, at once: until this commits, a crash sends the mail
// again at the next start.
func (e *Engine) sent(r outboxRow, to []string) {
	now := e.clock.Now().UTC()
	if err := e.db.Exec("UPDATE notice_outbox SET state = ?, sent_at = ?, last_error = '' WHERE id = ?", stateSent, now, r.ID).Error; err != nil {
		e.log.Error("notices: mark a mail sent", "id", r.ID, "err", err)
	}
	e.mu.Lock()
	e.failure = ""
	e.mu.Unlock()
	summary := fmt.Sprintf("Emailed “%s” to %s", r.Subject, strings.Join(to, ", "))
	if r.Attempts > 0 {
		summary += fmt.Sprintf(", after %d failed %s", r.Attempts, plural(int64(r.Attempts), "try", "tries"))
	}
	_, _ = e.activity.Record("notices", "emailed", summary)
}

// postpone puts rows off after a failure (why, in plain words; "" when
// the settings are incomplete, which waits without counting a try).
func (e *Engine) postpone(rows []outboxRow, to []string, why string) {
	now := e.clock.Now().UTC()
	for _, r := range rows {
		attempts, wait := r.Attempts, lastRetry
		if why != "" {
			attempts++
			wait = retryAfter(attempts)
		}
		err := e.db.Exec("UPDATE notice_outbox SET attempts = ?, due_at = ?, last_error = ? WHERE id = ? AND state = ?",
			attempts, now.Add(wait), why, r.ID, statePending).Error
		if err != nil {
			e.log.Error("notices: put a mail off", "id", r.ID, "err", err)
		}
		if why != "" && attempts == 1 {
			_, _ = e.activity.Record("notices", "email failed", fmt.Sprintf("The email “%s” to %s could not be sent: %s Herald tries again by itself.",
				r.Subject, strings.Join(to, ", "), why))
		}
	}
	if why != "" {
		e.log.Warn("notices: mail not sent", "count", len(rows), "why", why)
		e.mu.Lock()
		e.failure = why
		e.mu.Unlock()
	}
}

// TestResult is the outcome of a test email.
type TestResult struct {
	To []string `json:"to"`
}

// SendTest sends a test email with the settings given (the kept password
// when none is given), at once and outside the outbox, and says in plain
// words what went wrong if it could not.
func (s *Service) SendTest(in Config) (TestResult, error) {
	e := s.e
	cfg, err := in.clean()
	if err != nil {
		return TestResult{}, err
	}
	if !cfg.emailReady() {
		return TestResult{}, invalid("Fill in the mail server, the sender and at least one recipient first.")
	}
	password := in.Password
	if password == "" && !in.ForgetPassword {
		if password, err = e.secrets.password(); err != nil {
			return TestResult{}, err
		}
	}
	now := e.clock.Now()
	l := letter{subject: "Herald: test email", messageID: uuid.NewString() + "@herald.notices", at: now,
		body: "This is a test email from Herald. Its notices (a campaign finished or stopped, a backup failed) will reach you like this one.\n"}
	ctx, cancel := context.WithTimeout(e.ctx, 2*mailTimeout)
	defer cancel()
	err = func() error {
		client, session, cut, err := e.connect(ctx, cfg, password)
		if err != nil {
			return err
		}
		defer cut()
		defer func() { _ = client.CloseWithSMTPClient(session) }()
		msg, err := compose(cfg, l)
		if err != nil {
			return err
		}
		return client.SendWithSMTPClient(session, msg)
	}()
	if err != nil {
		why := plain(err, cfg)
		_, _ = e.activity.Record("notices", "test failed", "The test email could not be sent: "+why)
		return TestResult{}, invalid(why)
	}
	_, _ = e.activity.Record("notices", "test sent", "Sent a test email to "+strings.Join(cfg.To, ", "))
	return TestResult{To: cfg.To}, nil
}
