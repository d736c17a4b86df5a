package campaigns

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/whatsapp"
)

// Messages in doubt. After a stop, a message left "sending" on a driver
// that cannot say whether it took it (the linked phone) may or may not
// have gone. Herald never sends it again by itself: it waits for a receipt
// that proves it went (settle, awaitReceipts), marks it unconfirmed when
// none comes within the confirmation window, and sends it again, with a
// new ID, only when the user says so (ResendUnconfirmed).

// doubt is one run's wait for the receipts of messages in doubt.
type doubt struct {
	// wake tells the dispatcher, idle while it waits, that the window has
	// started or ended; nil without messages in doubt.
	wake chan struct{}
	wg   sync.WaitGroup

	mu    sync.Mutex
	until time.Time // the window's end, once it runs
}

func (d *doubt) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// end returns when the window ends, zero before it runs.
func (d *doubt) end() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.until
}

// canReconcile reports whether the driver can say, after a stop, whether
// it took a message (whatsapp.CanReconcile).
func (e *Engine) canReconcile(ctx context.Context) bool {
	return whatsapp.CanReconcile(ctx, e.driver)
}

// inDoubtNote is the Problem a message in doubt shows while Herald waits
// for its receipt, and unconfirmedNote the one it shows after.
const (
	inDoubtNote     = "Herald stopped while sending this message: waiting for WhatsApp to confirm that it arrived."
	unconfirmedNote = "WhatsApp did not confirm this message before Herald stopped: it may or may not have arrived."
	inDoubtSendNote = "WhatsApp did not answer in time: this message may or may not have arrived."
)

// awaitReceipts marks the recipients ids as in doubt and starts the
// confirmation window: once WhatsApp is connected, those still "sending"
// when it ends become unconfirmed. Receipts (inbox.go) move them on
// meanwhile. The wait belongs to the dispatcher, which ends it.
func (r *run) awaitReceipts(ctx context.Context, ids []int64) error {
	r.e.writing.Lock()
	err := r.e.retryBusy("note messages in doubt", func() error {
		return r.e.db.Exec(`UPDATE campaign_recipients SET error = ? WHERE id IN (SELECT value FROM json_each(?)) AND state = ?`,
			inDoubtNote, jsonText(ids), RecipientSending).Error
	})
	r.e.writing.Unlock()
	if err != nil {
		return fmt.Errorf("note messages in doubt: %w", err)
	}
	r.e.log.Info("campaign: waiting for receipts of messages in doubt", "campaign", r.id, "count", len(ids),
		"window", r.e.confirmWindow)
	d := &r.doubt
	d.wake = make(chan struct{}, 1)
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		// Receipts come only while connected: the window starts then.
		select {
		case <-r.e.connected.Wait():
		case <-ctx.Done():
			return
		}
		t := r.e.clock.NewTimer(r.e.confirmWindow)
		defer t.Stop()
		d.mu.Lock()
		d.until = r.e.clock.Now().Add(r.e.confirmWindow)
		d.mu.Unlock()
		d.signal()
		select {
		case <-t.Chan():
		case <-ctx.Done():
			return
		}
		if err := r.e.unconfirm(r.id, ids); err != nil {
			r.e.log.Error("mark messages unconfirmed", "campaign", r.id, "err", err)
			return
		}
		d.signal()
	}()
	return nil
}

// unconfirm marks the recipients ids of campaign id that are still
// "sending" (no receipt came) unconfirmed, and says so in the activity log.
func (e *Engine) unconfirm(id int64, ids []int64) error {
	var n int64
	e.writing.Lock()
	err := e.retryBusy("mark messages unconfirmed", func() error {
		res := e.db.Exec(`UPDATE campaign_recipients SET state = ?, error = ?
			WHERE id IN (SELECT value FROM json_each(?)) AND state = ?`,
			RecipientUnconfirmed, unconfirmedNote, jsonText(ids), RecipientSending)
		n = res.RowsAffected
		return res.Error
	})
	e.writing.Unlock()
	if err != nil {
		return err
	}
	if n > 0 {
		e.record(id, "unconfirmed", fmt.Sprintf("Campaign “%s”: WhatsApp did not confirm %d %s Herald was sending when it stopped; "+
			"they may or may not have arrived. Send them again from the campaign if you wish.", e.nameOf(id), n, plural(n)))
	}
	e.progress.touch(id)
	return nil
}

// ResendUnconfirmed puts unconfirmed messages of campaign id back in the
// queue, each with a new message ID, and sends them through every check
// again (a contact who opted out since, or lacks a field the message
// needs, is skipped). The user accepts that a message which did arrive
// arrives twice. recipientIDs are Recipient.ID values; none means every
// unconfirmed message of the campaign (of all its runs, for a repeating
// one). A completed campaign sends again; a paused one when resumed; a
// cancelled or failed one refuses.
func (s *Service) ResendUnconfirmed(id int64, recipientIDs []int64) (Campaign, error) {
	e := s.e
	c, err := e.row(id)
	if err != nil {
		return Campaign{}, err
	}
	where, args, err := e.runs(id)
	if err != nil {
		return Campaign{}, err
	}
	where += " AND state = ?"
	args = append(args, RecipientUnconfirmed)
	if len(recipientIDs) > 0 {
		where += " AND id IN (SELECT value FROM json_each(?))"
		args = append(args, jsonText(recipientIDs))
	}
	var rows []struct {
		ID         int64
		CampaignID int64
		ContactID  int64
		MessageID  string
	}
	if err := e.db.Raw(`SELECT id, campaign_id, contact_id, coalesce(message_id, '') AS message_id
		FROM campaign_recipients WHERE `+where+` ORDER BY id`, args...).Scan(&rows).Error; err != nil {
		return Campaign{}, fmt.Errorf("read the unconfirmed messages: %w", err)
	}
	if len(rows) == 0 {
		return Campaign{}, apperr.Conflict("Campaign “%s” has no unconfirmed messages to send again.", c.Name)
	}
	runs := map[int64]row{}
	for _, r := range rows {
		if _, ok := runs[r.CampaignID]; ok {
			continue
		}
		run, err := e.row(r.CampaignID)
		if err != nil {
			return Campaign{}, err
		}
		if run.State == StateCancelled || run.State == StateFailed {
			return Campaign{}, apperr.Conflict("Campaign “%s” is %s: its unconfirmed messages cannot be sent again from it. Duplicate it to send it anew.",
				run.Name, run.State)
		}
		runs[run.ID] = run
	}
	type again struct {
		ID        int64  `json:"id"`
		MessageID string `json:"messageId"`
	}
	batch := make([]again, len(rows))
	for i, r := range rows {
		batch[i] = again{ID: r.ID, MessageID: nextMessageID(runs[r.CampaignID].MessageKey, r.ContactID, r.MessageID)}
	}
	var n int64
	now := e.clock.Now().UTC()
	e.writing.Lock()
	err = e.retryBusy("send unconfirmed messages again", func() error {
		return e.db.Transaction(func(tx *gorm.DB) error {
			res := tx.Exec(`UPDATE campaign_recipients SET state = ?, message_id = j.message_id, error = '', attempts = 0,
					next_attempt_at = NULL
				FROM (SELECT value->>'id' AS id, value->>'messageId' AS message_id FROM json_each(?)) AS j
				WHERE campaign_recipients.id = j.id AND campaign_recipients.state = ?`,
				RecipientQueued, jsonText(batch), RecipientUnconfirmed)
			if res.Error != nil {
				return res.Error
			}
			n = res.RowsAffected
			for runID := range runs {
				if err := tx.Exec("UPDATE campaigns SET state = ?, note = '', finished_at = NULL, updated_at = ? WHERE id = ? AND state = ?",
					StateRunning, now, runID, StateCompleted).Error; err != nil {
					return err
				}
			}
			return nil
		})
	})
	e.writing.Unlock()
	if err != nil {
		return Campaign{}, fmt.Errorf("send unconfirmed messages again: %w", err)
	}
	for runID := range runs {
		var st State
		if err := e.db.Raw("SELECT state FROM campaigns WHERE id = ?", runID).Scan(&st).Error; err == nil && st.active() {
			e.relaunch(runID)
		}
		e.progress.touch(runID)
	}
	e.record(id, "resent", fmt.Sprintf("Sending %d unconfirmed %s of “%s” again, each with a new message ID: one that did arrive the first time arrives twice",
		n, plural(n), c.Name))
	e.progress.touch(id)
	return e.get(id)
}

// nextMessageID is the ID of a message sent again by the user: the
// campaign's key and the contact's id, then -r1, -r2 … one more than the
// message had. A new ID, because the first may have arrived: a driver that
// recognised it would drop the new send as a repeat.
func nextMessageID(key string, contactID int64, old string) string {
	base := key + "-" + strconv.FormatInt(contactID, 10)
	n := 1
	if rest, ok := strings.CutPrefix(old, base+"-r"); ok {
		if k, err := strconv.Atoi(rest); err == nil && k > 0 {
			n = k + 1
		}
	}
	return base + "-r" + strconv.Itoa(n)
}

// plural is "message" or "messages" for n.
func plural(n int64) string {
	if n == 1 {
		return "message"
	}
	return "messages"
}
