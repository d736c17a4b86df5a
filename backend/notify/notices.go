package notify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/campaigns"
)

// followed are the activity a notice may tell of: the campaigns' ends and
// stops, and the backups' failures.
func followed() []struct {
	kind    string
	actions []string
} {
	return []struct {
		kind    string
		actions []string
	}{
		{"campaigns", []string{"completed", "paused", "failed", "waiting"}},
		{"backups", []string{"failed"}},
	}
}

// unread returns up to about limit entries the notices follow after entry
// after and up to upTo, oldest first, and the id up to which they are all
// the followed entries: upTo, or less when one kind had more than limit.
func (e *Engine) unread(after, upTo int64, limit int) ([]activity.Entry, int64, error) {
	var out []activity.Entry
	for _, f := range followed() {
		got, err := e.activity.After(after, upTo, f.kind, f.actions, limit)
		if err != nil {
			return nil, 0, err
		}
		if len(got) == limit {
			// This kind goes on past its batch: the others are read no
			// further, so that no entry is passed over.
			upTo = got[len(got)-1].ID
		}
		out = append(out, got...)
	}
	out = slices.DeleteFunc(out, func(en activity.Entry) bool { return en.ID > upTo })
	slices.SortFunc(out, func(a, b activity.Entry) int { return cmp.Compare(a.ID, b.ID) })
	return out, upTo, nil
}

// Desktop is a notification for the window: its id says what a click
// opens ("campaign:<id>", "settings:backup").
type Desktop struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// desktopFresh is how old an entry may be and still make a desktop
// notification: one read again after a restart is old news.
const desktopFresh = 10 * time.Minute

// follow reads the followed activity after the notices' place in the
// log and queues the notices it calls for, moving the place on in the
// same transaction as each entry's notice.
func (e *Engine) follow() error {
	for e.ctx.Err() == nil {
		cfg, err := e.config()
		if err != nil {
			return err
		}
		var cursor int64
		if err := e.db.Raw("SELECT activity_cursor FROM notice_config WHERE id = 1").Scan(&cursor).Error; err != nil {
			return fmt.Errorf("read the notices' place in the activity log: %w", err)
		}
		last, err := e.activity.Last()
		if err != nil {
			return err
		}
		// The entries no notice follows (replies, imports …) are read once:
		// the place past them is kept in memory only, since writing it at
		// each entry would compete with the services that record them. A
		// log shorter than that place was put back by a restore.
		if e.scanned > last {
			e.scanned = 0
		}
		cursor = max(cursor, e.scanned)
		const batch = 100
		entries, upTo, err := e.unread(cursor, last, batch)
		if err != nil {
			return err
		}
		for _, entry := range entries {
			n, desktop := e.noticeOf(entry, cfg)
			err := e.db.Transaction(func(tx *gorm.DB) error {
				if n != nil {
					if err := e.enqueue(tx, *n); err != nil {
						return err
					}
				}
				return tx.Exec("UPDATE notice_config SET activity_cursor = ? WHERE id = 1 AND activity_cursor < ?", entry.ID, entry.ID).Error
			})
			if err != nil {
				return fmt.Errorf("queue the notice of activity %d: %w", entry.ID, err)
			}
			if desktop != nil && cfg.Desktop && e.clock.Since(entry.At) < desktopFresh {
				e.emitter.Emit(TopicDesktop, *desktop)
			}
		}
		if upTo == last {
			// Every entry up to last is read: the place moves past those no
			// notice follows (replies, imports …) too, so that the next read
			// starts after them.
			e.scanned = last
			return nil
		}
	}
	return nil
}

// noticeOf is the mail (nil when none is due or wanted) and the desktop
// notification an activity entry calls for.
func (e *Engine) noticeOf(entry activity.Entry, cfg Config) (*notice, *Desktop) {
	id := entry.Ref.ID
	key := fmt.Sprintf("activity:%d", entry.ID)
	mail := cfg.emailReady()
	switch {
	case entry.Kind == "backups":
		n, desktop := e.backupFailed(entry)
		if !mail || !cfg.Notices.BackupFailed {
			return nil, desktop
		}
		n.key = key
		return n, desktop
	case entry.Action == "completed":
		subject, body, short := e.finished(id, entry)
		desktop := &Desktop{ID: fmt.Sprintf("campaign:%d", id), Title: "Campaign finished", Body: short}
		if !mail || !cfg.Notices.Finished {
			return nil, desktop
		}
		return &notice{key: key, kind: "finished", subject: subject, body: body, campaignID: id, activityID: entry.ID}, desktop
	case entry.Action == "failed" || (entry.Action == "paused" && entry.Detail == campaigns.StoppedDetail):
		subject := "Herald: a campaign stopped"
		if name := e.nameOf(id); name != "" {
			subject = fmt.Sprintf("Herald: campaign “%s” stopped", name)
		}
		body := entry.Summary + ".\n\nOpen Herald to see the campaign and resume it when the problem is solved.\n"
		desktop := &Desktop{ID: fmt.Sprintf("campaign:%d", id), Title: "Campaign stopped", Body: entry.Summary}
		if !mail || !cfg.Notices.Stopped {
			return nil, desktop
		}
		return &notice{key: key, kind: "stopped", subject: subject, body: body, campaignID: id, activityID: entry.ID}, desktop
	case entry.Action == "waiting" && mail && cfg.Notices.Stopped:
		name := e.nameOf(id)
		body := fmt.Sprintf("Campaign “%s” has been waiting for WhatsApp since %s: Herald is not connected to WhatsApp, so nothing is being sent.\n\n"+
			"Sending resumes by itself once WhatsApp connects again. If it does not, open Herald's WhatsApp page: the phone may be off, offline, or unlinked.\n",
			name, entry.At.In(e.location()).Format("Mon 2 Jan 15:04"))
		return &notice{key: key, kind: "waiting", subject: fmt.Sprintf("Herald: campaign “%s” is waiting for WhatsApp", name), body: body,
			held: true, due: entry.At.Add(e.grace), campaignID: id, activityID: entry.ID}, nil
	}
	return nil, nil
}

// finished words a finished campaign's figures: the mail's subject and
// text, and a line for the desktop.
func (e *Engine) finished(id int64, entry activity.Entry) (subject, body, short string) {
	out, err := e.campaigns.Outcome(id)
	if err != nil {
		e.log.Error("notices: read a finished campaign", "campaign", id, "err", err)
		return "Herald: a campaign finished", entry.Summary + ".\n", entry.Summary
	}
	c, st := out.Campaign, out.Campaign.Stats
	sent := st.Sent + st.Delivered + st.Read
	var b strings.Builder
	fmt.Fprintf(&b, "Campaign “%s” finished", c.Name)
	if c.FinishedAt != nil {
		fmt.Fprintf(&b, " on %s", c.FinishedAt.In(e.location()).Format("Mon 2 Jan 2006 at 15:04"))
	}
	b.WriteString(".\n\n")
	for _, line := range []struct {
		label string
		n     int64
	}{
		{"Sent", sent}, {"Delivered", st.Delivered + st.Read}, {"Read", st.Read}, {"Replied", st.Replied},
		{"Failed", st.Failed}, {"Skipped", st.Skipped}, {"Opted out during it", out.OptedOut},
	} {
		fmt.Fprintf(&b, "%-20s %d\n", line.label+":", line.n)
	}
	if st.Unconfirmed > 0 {
		fmt.Fprintf(&b, "%-20s %d (WhatsApp did not confirm them; see the campaign)\n", "Unconfirmed:", st.Unconfirmed)
	}
	if n := c.ExcludedOptedOut + c.ExcludedNotOnWhatsApp; n > 0 {
		fmt.Fprintf(&b, "\nLeft out at the start: %d opted out, %d not on WhatsApp.\n", c.ExcludedOptedOut, c.ExcludedNotOnWhatsApp)
	}
	b.WriteString("\nOpen the campaign in Herald for its full report.\n")
	short = fmt.Sprintf("“%s”: %d sent, %d delivered, %d read, %d replied, %d failed", c.Name, sent, st.Delivered+st.Read, st.Read, st.Replied, st.Failed)
	return fmt.Sprintf("Herald: campaign “%s” finished", c.Name), b.String(), short
}

// nameOf is campaign id's name, "" when it cannot be read.
func (e *Engine) nameOf(id int64) string {
	out, err := e.campaigns.Outcome(id)
	if err != nil {
		return ""
	}
	return out.Campaign.Name
}

// backupFailed words the notice of a backup that failed, from the entry
// the backups recorded (its detail is the cause).
func (e *Engine) backupFailed(entry activity.Entry) (*notice, *Desktop) {
	why := strings.TrimSpace(entry.Detail)
	if why == "" {
		why = "unknown reason"
	}
	n := &notice{kind: "backup", subject: "Herald: a backup failed", activityID: entry.ID,
		body: fmt.Sprintf("Herald could not make a backup on %s:\n\n%s\n\nOpen Herald's Settings, Backup, to see the backups and make one now.\n",
			entry.At.In(e.location()).Format("Mon 2 Jan 2006 at 15:04"), why)}
	return n, &Desktop{ID: "settings:backup", Title: "Backup failed", Body: why}
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// invalid is a plain-words error shown to the user as it is.
func invalid(msg string) error { return apperr.Invalid("%s", msg) }
