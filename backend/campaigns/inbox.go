package campaigns

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"herald/backend/activity"
	"herald/backend/whatsapp"
)

// DefaultOptOutWords are the replies that opt a contact out unless the
// user configures others: the usual keywords in our users' languages. A
// new list each call, so that no caller can change another's.
func DefaultOptOutWords() []string {
	return []string{"STOP", "UNSUBSCRIBE", "STOP ALL", "STOPALL", "CANCEL", "END", "QUIT", "OPT OUT",
		"BAJA", "PARAR", "SAIR", "ARRET", "ARRÊT", "STOPP", "ABMELDEN"}
}

// inbox applies receipts and replies. The connection monitor hands them
// over without waiting; one goroutine writes them in batches, so a burst
// of receipts costs one transaction per batch rather than one each.
type inbox struct {
	e       *Engine
	mu      sync.Mutex
	pending []whatsapp.Event
	wake    chan struct{}
}

func newInbox(e *Engine) *inbox {
	return &inbox{e: e, wake: make(chan struct{}, 1)}
}

func (in *inbox) add(ev whatsapp.Event) {
	in.mu.Lock()
	in.pending = append(in.pending, ev)
	in.mu.Unlock()
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

func (in *inbox) loop() {
	defer in.e.wg.Done()
	for {
		select {
		case <-in.e.ctx.Done():
			return
		case <-in.wake:
			in.flush()
		}
	}
}

// flush applies everything pending now.
func (in *inbox) flush() {
	for {
		in.mu.Lock()
		batch := in.pending
		in.pending = nil
		in.mu.Unlock()
		if len(batch) == 0 {
			return
		}
		var receipts []whatsapp.Receipt
		for _, ev := range batch {
			switch ev.Kind {
			case whatsapp.EventReceipt:
				// "Sent" is what Send returned, and the dispatcher has
				// recorded it; a crash before that resends the message.
				if ev.Receipt.Status != whatsapp.ReceiptSent {
					receipts = append(receipts, ev.Receipt)
				}
			case whatsapp.EventIncoming:
				in.e.reply(ev.Incoming)
			}
		}
		for len(receipts) > 0 {
			n := min(len(receipts), 500)
			if err := in.e.applyReceipts(receipts[:n]); err != nil {
				in.e.log.Error("apply receipts", "err", err)
			}
			receipts = receipts[n:]
		}
	}
}

// receiptRow is the merged news about one message in a batch.
type receiptRow struct {
	ID        string  `json:"id"`
	Sent      *string `json:"sent"`
	Delivered *string `json:"delivered"`
	Read      *string `json:"read"`
	Failed    *string `json:"failed"`
}

// applyReceipts moves recipients on by their receipts, in one statement.
// A state never moves back: a late "delivered" after "read" changes
// nothing, and a receipt for a message not yet marked sent still counts,
// as does one for a message in doubt after a stop, or already marked
// unconfirmed: it proves the message went.
func (e *Engine) applyReceipts(rs []whatsapp.Receipt) error {
	byID := map[string]*receiptRow{}
	var order []string
	for _, r := range rs {
		m, ok := byID[r.MessageID]
		if !ok {
			m = &receiptRow{ID: r.MessageID}
			byID[r.MessageID] = m
			order = append(order, r.MessageID)
		}
		at := ptr(dbTime(r.At))
		switch r.Status {
		case whatsapp.ReceiptSent:
			m.Sent = at
		case whatsapp.ReceiptDelivered:
			m.Delivered = at
		case whatsapp.ReceiptRead:
			m.Read = at
		case whatsapp.ReceiptFailed:
			reason := r.Reason
			if reason == "" {
				reason = "WhatsApp could not deliver it"
			}
			m.Failed = ptr(capitalise(reason) + ".")
		}
	}
	rows := make([]*receiptRow, 0, len(order))
	for _, id := range order {
		rows = append(rows, byID[id])
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("encode receipts: %w", err)
	}
	var touched []int64
	e.writing.Lock()
	defer e.writing.Unlock()
	err = e.retryBusy("record receipts", func() error {
		touched = touched[:0]
		return e.db.Raw(`UPDATE campaign_recipients SET
			state = CASE
				WHEN j.failed IS NOT NULL AND state IN ('sending', 'sent', 'unconfirmed') THEN 'failed'
				WHEN j.read IS NOT NULL AND state IN ('sending', 'sent', 'delivered', 'unconfirmed') THEN 'read'
				WHEN j.delivered IS NOT NULL AND state IN ('sending', 'sent', 'unconfirmed') THEN 'delivered'
				WHEN j.sent IS NOT NULL AND state = 'sending' THEN 'sent'
				ELSE state END,
			error = CASE
				WHEN j.failed IS NOT NULL AND state IN ('sending', 'sent', 'unconfirmed') THEN j.failed
				WHEN (j.read IS NOT NULL OR j.delivered IS NOT NULL) AND state IN ('sending', 'unconfirmed') THEN ''
				ELSE error END,
			sent_at = coalesce(sent_at, j.sent, j.delivered, j.read),
			delivered_at = coalesce(delivered_at, j.delivered, j.read),
			read_at = coalesce(read_at, j.read)
		FROM (SELECT value->>'id' AS id, value->>'sent' AS sent, value->>'delivered' AS delivered,
				value->>'read' AS read, value->>'failed' AS failed FROM json_each(?)) AS j
		WHERE campaign_recipients.message_id = j.id
		RETURNING campaign_id`, string(data)).Scan(&touched).Error
	})
	if err != nil {
		return fmt.Errorf("record receipts: %w", err)
	}
	seen := map[int64]bool{}
	for _, id := range touched {
		if !seen[id] {
			seen[id] = true
			e.progress.touch(id)
		}
	}
	return nil
}

// reply attaches a message from a contact to the campaign message it
// answers (the one it quotes, else the last one sent to that number), and
// opts the contact out when it says STOP or another opt-out word.
//
// A reply that quotes a message proves that message arrived: one not yet
// known delivered (sending, in doubt after a stop, sent, or unconfirmed)
// is marked delivered. A reply that quotes nothing proves nothing about a
// message in doubt (the contact may have written before it arrived, or
// about an earlier one): it is attached to the last message known to have
// gone, and the one in doubt still waits for its receipt.
func (e *Engine) reply(in whatsapp.Incoming) {
	target, err := e.replyTarget(in)
	if err != nil {
		e.log.Error("match a reply", "err", err)
		return
	}
	at := in.At
	if at.IsZero() {
		at = e.clock.Now()
	}
	if target.ID != 0 {
		quoted := in.InReplyTo != ""
		err := e.db.Exec(`UPDATE campaign_recipients SET replied_at = coalesce(replied_at, ?), reply = ?,
				state = CASE WHEN ? AND state IN ('sending', 'sent', 'unconfirmed') THEN 'delivered' ELSE state END,
				error = CASE WHEN ? AND state IN ('sending', 'unconfirmed') THEN '' ELSE error END,
				sent_at = CASE WHEN ? AND state IN ('sending', 'sent', 'unconfirmed') THEN coalesce(sent_at, ?) ELSE sent_at END,
				delivered_at = CASE WHEN ? AND state IN ('sending', 'sent', 'unconfirmed') THEN coalesce(delivered_at, ?) ELSE delivered_at END
			WHERE id = ?`,
			dbTime(at), truncate(in.Text, 1000), quoted, quoted, quoted, dbTime(at), quoted, dbTime(at), target.ID).Error
		if err != nil {
			e.log.Error("record a reply", "err", err)
			return
		}
		e.progress.touch(target.CampaignID)
		_, _ = e.activity.RecordRef("campaigns", "replied",
			fmt.Sprintf("%s replied to “%s”: %s", in.From, e.nameOf(target.CampaignID), truncate(in.Text, 120)),
			fmt.Sprintf(`{"campaignId":%d,"contactId":%d}`, target.CampaignID, target.ContactID), activity.CampaignRef(target.CampaignID))
	}
	if word, ok := MatchWord(in.Text, e.optOutWords()); ok {
		contact := target.ContactID
		if contact == 0 {
			var err error
			if contact, err = e.contacts.FindPhone(in.From); err != nil {
				e.log.Error("find who opted out", "err", err)
				return
			}
		}
		if contact == 0 {
			return
		}
		reason := fmt.Sprintf("Replied “%s” on %s", word, at.UTC().Format("2 Jan 2006"))
		if target.CampaignID != 0 {
			reason = fmt.Sprintf("Replied “%s” to campaign “%s”", word, e.nameOf(target.CampaignID))
		}
		if _, err := e.contacts.OptOut([]int64{contact}, reason); err != nil {
			e.log.Error("opt out after a reply", "err", err)
		}
	}
}

// replyTarget is the campaign message an incoming message answers.
type replyTarget struct {
	ID         int64
	CampaignID int64
	ContactID  int64
}

// replyTarget finds the campaign message in answers: the one it quotes,
// else the last one sent to its number; zero when none.
func (e *Engine) replyTarget(in whatsapp.Incoming) (replyTarget, error) {
	var target replyTarget
	q := e.db.Raw(`SELECT id, campaign_id, contact_id FROM campaign_recipients WHERE message_id = ?`, in.InReplyTo)
	if in.InReplyTo == "" {
		q = e.db.Raw(`SELECT id, campaign_id, contact_id FROM campaign_recipients
			WHERE phone = ? AND sent_at IS NOT NULL ORDER BY id DESC LIMIT 1`, in.From)
	}
	if err := q.Scan(&target).Error; err != nil {
		return replyTarget{}, fmt.Errorf("match a reply from %s: %w", in.From, err)
	}
	return target, nil
}

// MatchWord reports whether a reply says one of words, and which: the
// whole message, or its first words, is that word (ignoring case, accents
// kept, punctuation and emoji around it dropped). It decides opt-outs, and
// the inbox's reply keywords.
func MatchWord(text string, words []string) (string, bool) {
	clean := strings.ToUpper(strings.Join(strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " "))
	if clean == "" {
		return "", false
	}
	for _, w := range words {
		w = strings.ToUpper(strings.Join(strings.Fields(w), " "))
		if w == "" {
			continue
		}
		if clean == w || strings.HasPrefix(clean, w+" ") {
			return w, true
		}
	}
	return "", false
}

// ParseOptOutWords reads the setting: words or phrases separated by commas.
func ParseOptOutWords(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// progress announces changed campaigns at most every `every`, so a
// campaign sending thousands of messages a second costs a few events.
type progress struct {
	e     *Engine
	every time.Duration
	mu    sync.Mutex
	dirty map[int64]bool
}

func newProgress(e *Engine, every time.Duration) *progress {
	return &progress{e: e, every: every, dirty: map[int64]bool{}}
}

func (p *progress) touch(id int64) {
	p.mu.Lock()
	p.dirty[id] = true
	p.mu.Unlock()
}

// loop runs on the wall clock, not the engine's: it only paces the UI.
// Counting a big campaign's recipients takes a while, so the pause between
// rounds is at least ten times the last round: progress never costs more
// than a tenth of the time.
func (p *progress) loop() {
	defer p.e.wg.Done()
	wait := p.every
	for {
		t := time.NewTimer(wait)
		select {
		case <-p.e.ctx.Done():
			t.Stop()
			p.emit()
			return
		case <-t.C:
			start := time.Now()
			p.emit()
			wait = max(p.every, 10*time.Since(start))
		}
	}
}

func (p *progress) emit() {
	p.mu.Lock()
	ids := make([]int64, 0, len(p.dirty))
	for id := range p.dirty {
		ids = append(ids, id)
	}
	clear(p.dirty)
	p.mu.Unlock()
	for _, id := range ids {
		c, err := p.e.get(id)
		if err != nil {
			continue // deleted meanwhile
		}
		p.e.emitter.Emit(TopicProgress, c)
		if c.ParentID != nil {
			// A run changes its repeating parent's totals too.
			if parent, err := p.e.get(*c.ParentID); err == nil {
				p.e.emitter.Emit(TopicProgress, parent)
			}
		}
	}
}
