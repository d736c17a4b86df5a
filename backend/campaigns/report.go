package campaigns

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"herald/backend/apperr"
	"herald/backend/sheet"
	"herald/backend/templates/engine"
)

// MessagePreview is the message one recipient would get, or why they
// would be skipped.
type MessagePreview struct {
	ContactID int64  `json:"contactId"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	Text      string `json:"text"`
	// Problem says why this contact would be skipped ("" when not).
	Problem string `json:"problem"`
}

// Plan is the wizard's review: who receives the campaign, what the first
// of them would read, and how long sending takes at the chosen pace.
type Plan struct {
	Audience AudienceCount    `json:"audience"`
	Messages []MessagePreview `json:"messages"`
	// Estimate is when the messages would go out, counting the pace, the
	// sending hours and days and the daily cap; nil while the pace or the
	// schedule has a problem.
	Estimate *Estimate `json:"estimate"`
	// Skipped counts the recipients who would be skipped for want of a
	// value the message needs, and why.
	Skipped Skipped `json:"skipped"`
	// Problems are what stops the campaign from being created as given.
	Problems []string `json:"problems"`
	// Warnings are what may get a real number banned (many recipients who
	// never wrote, a pace faster than the safe one); they stop nothing.
	// None in practice mode.
	Warnings []string `json:"warnings"`
}

// Preview checks a campaign before it is saved and plans it: the
// audience's counts, the first n rendered messages, and an estimate.
func (s *Service) Preview(in Input, n int) (Plan, error) {
	e := s.e
	plan := Plan{Messages: []MessagePreview{}, Problems: []string{}, Warnings: []string{}, Skipped: Skipped{Reasons: []SkipReason{}}}
	if _, err := e.prepare(in); err != nil {
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			return plan, err
		}
		plan.Problems = append(plan.Problems, ae.Msg)
	}
	count, err := e.countAudience(in.Audience, in.ID)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return plan, nil // prepare has said it
		}
		return plan, err
	}
	plan.Audience = count
	if plan.Warnings, err = e.warnings(in, count); err != nil {
		return plan, err
	}
	// Read in the zone the saved campaign will have, so that the review
	// and the campaign's pages estimate alike.
	sched := in.Schedule
	sched.TimeZone = e.zoneOf(sched)
	loc, err := sched.location(e.loc)
	if err != nil {
		return plan, nil
	}
	now := e.clock.Now()
	start := now
	if next, err := sched.nextRun(now, e.loc); err == nil && next.After(now) {
		start = next
	}
	sel, err := e.selection(e.db, in.Audience, in.ID)
	if err != nil {
		return plan, nil // countAudience has said it
	}
	var tmpl *engine.Template
	if t, err := e.templates.Get(in.TemplateID); err == nil && t.Usable {
		tmpl, _ = engine.Compile(t.Body, engine.Options{})
	}
	if tmpl != nil {
		if plan.Skipped, err = e.skipped(sel, tmpl); err != nil {
			return plan, err
		}
	}
	plan.Skipped.addRecent(count, in.Audience.SkipRecentDays)
	if in.Pace.validate() == nil {
		// Skipped recipients take no time: nothing is sent to them.
		est := in.Pace.plan(count.Recipients-plan.Skipped.Total, now, start, loc, capDay{})
		plan.Estimate = &est
	}
	if tmpl == nil {
		return plan, nil
	}
	n = min(max(n, 1), 50)
	first, err := e.audiences.FirstReachable(sel, n)
	if err != nil {
		return plan, fmt.Errorf("preview messages: %w", err)
	}
	for _, r := range first {
		p := MessagePreview{ContactID: r.ID, Name: r.Name, Phone: r.Phone}
		text, err := tmpl.Render(engine.Context{Contact: renderContact(r, r.Phone), Now: start, Location: loc, Seed: engine.Seed(0, r.ID)})
		if err != nil {
			p.Problem = capitalise(err.Error()) + ": this contact would be skipped."
		}
		p.Text = text
		plan.Messages = append(plan.Messages, p)
	}
	return plan, nil
}

// Rates are shares from 0 to 1 of the messages that went out (delivery,
// read, reply) or of all recipients (failure).
type Rates struct {
	Delivery float64 `json:"delivery"`
	Read     float64 `json:"read"`
	Reply    float64 `json:"reply"`
	Failure  float64 `json:"failure"`
}

func ratesOf(st Stats) Rates {
	var r Rates
	out := st.Sent + st.Delivered + st.Read
	if out > 0 {
		r.Delivery = float64(st.Delivered+st.Read) / float64(out)
		r.Read = float64(st.Read) / float64(out)
		r.Reply = float64(st.Replied) / float64(out)
	}
	if st.Total > 0 {
		r.Failure = float64(st.Failed) / float64(st.Total)
	}
	return r
}

// Bucket counts what had happened by the end of one slice of time: the
// timeline is cumulative, so its last bucket holds the totals.
type Bucket struct {
	At        time.Time `json:"at"`
	Sent      int64     `json:"sent"`
	Delivered int64     `json:"delivered"`
	Read      int64     `json:"read"`
	Replied   int64     `json:"replied"`
}

// Report is a campaign's totals, rates and sends over time.
type Report struct {
	Campaign Campaign `json:"campaign"`
	Rates    Rates    `json:"rates"`
	// BucketSec is the width of each timeline bucket.
	BucketSec int64    `json:"bucketSec"`
	Timeline  []Bucket `json:"timeline"`
	// PerMinute is the recent sending speed (0 when unknown). How long the
	// rest takes is the campaign's Estimate.
	PerMinute float64 `json:"perMinute"`
	// DurationSec is how long a finished campaign took from its start to
	// its end, and AvgPerMinute the messages that went out a minute over
	// that time; both 0 until it has finished.
	DurationSec  int64   `json:"durationSec"`
	AvgPerMinute float64 `json:"avgPerMinute"`
	// Keywords are the reply keywords its recipients answered with.
	Keywords []KeywordCount `json:"keywords"`
}

// KeywordCount is how many contacts replied to a campaign with one reply
// keyword, and how many of them it tagged (one who had the tag already is
// not); Tag is the keyword's tag now, "" when it is a keyword no more.
type KeywordCount struct {
	Keyword string `json:"keyword"`
	Tag     string `json:"tag"`
	Replies int64  `json:"replies"`
	Tagged  int64  `json:"tagged"`
}

// finishedPace fills in how long finished campaign c took and how fast it
// sent on average.
func (rep *Report) finishedPace(c Campaign) {
	if !c.State.finished() || c.StartedAt == nil || c.FinishedAt == nil {
		return
	}
	took := c.FinishedAt.Sub(*c.StartedAt)
	if took <= 0 {
		return
	}
	rep.DurationSec = int64(took.Round(time.Second) / time.Second)
	out := c.Stats.Sent + c.Stats.Delivered + c.Stats.Read
	rep.AvgPerMinute = float64(out) / took.Minutes()
}

// Report returns a campaign's report. The timeline has at most about 60
// buckets, sized to the campaign's span.
func (s *Service) Report(id int64) (Report, error) {
	e := s.e
	c, err := e.get(id)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Campaign: c, Rates: ratesOf(c.Stats), Timeline: []Bucket{}, Keywords: []KeywordCount{}}
	rep.finishedPace(c)
	if e.keywords != nil {
		ids, err := e.runIDs(id)
		if err != nil {
			return Report{}, err
		}
		if rep.Keywords, err = e.keywords(ids); err != nil {
			return Report{}, err
		}
	}
	var span struct {
		First *string
		Last  *string
	}
	runs, args, err := e.runs(id)
	if err != nil {
		return Report{}, err
	}
	if err := e.db.Raw(`SELECT min(sent_at) AS first, max(coalesce(replied_at, read_at, delivered_at, sent_at)) AS last
		FROM campaign_recipients WHERE `+runs+` AND sent_at IS NOT NULL`, args...).Scan(&span).Error; err != nil {
		return Report{}, fmt.Errorf("report campaign %d: %w", id, err)
	}
	if span.First == nil || span.Last == nil {
		return rep, nil
	}
	first, err1 := parseDBTime(*span.First)
	last, err2 := parseDBTime(*span.Last)
	if err1 != nil || err2 != nil {
		return rep, nil
	}
	width := bucketWidth(last.Sub(first))
	rep.BucketSec = int64(width / time.Second)
	start := first.Truncate(width)
	n := int(last.Sub(start)/width) + 1
	rep.Timeline = make([]Bucket, n)
	for i := range rep.Timeline {
		rep.Timeline[i].At = start.Add(time.Duration(i) * width)
	}
	for _, col := range []struct {
		name string
		add  func(b *Bucket, n int64)
	}{
		{"sent_at", func(b *Bucket, n int64) { b.Sent += n }},
		{"delivered_at", func(b *Bucket, n int64) { b.Delivered += n }},
		{"read_at", func(b *Bucket, n int64) { b.Read += n }},
		{"replied_at", func(b *Bucket, n int64) { b.Replied += n }},
	} {
		var rows []struct {
			B int64
			N int64
		}
		// unixepoch() reads the driver's time format (it ignores what
		// follows the seconds' fraction only when it is an offset).
		err := e.db.Raw(`SELECT (unixepoch(substr(`+col.name+`, 1, 19)) - ?) / ? AS b, count(*) AS n
			FROM campaign_recipients WHERE `+runs+` AND `+col.name+` IS NOT NULL GROUP BY b`,
			append([]any{start.Unix(), rep.BucketSec}, args...)...).Scan(&rows).Error
		if err != nil {
			return Report{}, fmt.Errorf("report campaign %d: %w", id, err)
		}
		for _, r := range rows {
			if r.B >= 0 && int(r.B) < n {
				col.add(&rep.Timeline[r.B], r.N)
			}
		}
	}
	for i := 1; i < n; i++ {
		b, prev := &rep.Timeline[i], rep.Timeline[i-1]
		b.Sent += prev.Sent
		b.Delivered += prev.Delivered
		b.Read += prev.Read
		b.Replied += prev.Replied
	}
	if c.State.active() {
		rep.PerMinute = e.speed(id)
	}
	return rep, nil
}

// speed is the sending rate over the last five minutes of sending.
func (e *Engine) speed(id int64) float64 {
	since := e.clock.Now().Add(-5 * time.Minute)
	var n int64
	var first *string
	row := e.db.Raw(`SELECT count(*), min(sent_at) FROM campaign_recipients WHERE campaign_id = ? AND sent_at >= ?`,
		id, dbTime(since)).Row()
	if row.Scan(&n, &first) != nil || n < 2 || first == nil {
		return 0
	}
	t0, err := parseDBTime(*first)
	if err != nil {
		return 0
	}
	elapsed := e.clock.Now().Sub(t0)
	if elapsed <= 0 {
		return 0
	}
	return float64(n) / elapsed.Minutes()
}

func bucketWidth(span time.Duration) time.Duration {
	for _, w := range []time.Duration{time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second, time.Minute,
		5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour} {
		if span/w <= 60 {
			return w
		}
	}
	return 24 * time.Hour
}

func parseDBTime(s string) (time.Time, error) {
	for _, layout := range []string{sqliteTime, time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %q", s)
}

// Export writes every recipient of a campaign, with its state and times,
// to path (CSV or Excel by extension; a bare name goes to the exports
// folder), formula-safe. It returns the rows written.
func (s *Service) Export(id int64, path string) (int64, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return 0, err
	}
	path, replace, err := e.files.Target(path)
	if err != nil {
		return 0, err
	}
	out, err := sheet.Create(path, 1, replace)
	if errors.Is(err, sheet.ErrFormat) {
		return 0, apperr.Invalid("Export to a .csv or .xlsx file.")
	}
	if err != nil {
		return 0, err
	}
	ctx, done := e.exports.Start(s.ctx())
	defer done()
	n, err := e.writeRecipients(ctx, out, id)
	if err != nil {
		out.Abort()
		if ctx.Err() != nil {
			return 0, apperr.Conflict("The export was cancelled; no file was written.")
		}
		return 0, fmt.Errorf("export campaign %d: %w", id, err)
	}
	if err := out.Commit(); err != nil {
		return 0, err
	}
	e.record(id, "exported", fmt.Sprintf("Exported the %d recipients of “%s” to %s", n, r.Name, filepath.Base(path)))
	return n, nil
}

// CancelExport stops the exports in progress; each writes no file.
func (s *Service) CancelExport() {
	s.e.exports.CancelAll()
}

func (e *Engine) writeRecipients(ctx context.Context, out *sheet.Writer, id int64) (int64, error) {
	// A repeating campaign exports the recipients of all its runs.
	runs, args, err := e.runs(id)
	if err != nil {
		return 0, err
	}
	if err := out.Write([]string{"Name", "Phone", "State", "Message ID", "Error", "Attempts", "Sent", "Delivered", "Read", "Replied", "Reply",
		"Reply keyword"}); err != nil {
		return 0, err
	}
	var n, last int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		var rows []recipientRow
		err := e.db.WithContext(ctx).Raw(`SELECT `+recipientColumns+` FROM campaign_recipients WHERE `+runs+` AND id > ? ORDER BY id LIMIT 1000`,
			append(args, last)...).Scan(&rows).Error
		if err != nil {
			return n, err
		}
		if len(rows) == 0 {
			return n, nil
		}
		for _, row := range rows {
			r := row.recipient()
			cells := []string{r.Name, r.Phone, r.State, r.MessageID, r.Error, fmt.Sprint(r.Attempts),
				stamp(r.SentAt), stamp(r.DeliveredAt), stamp(r.ReadAt), stamp(r.RepliedAt), r.Reply, ""}
			if r.Reply != "" && e.keywordOf != nil {
				cells[len(cells)-1] = e.keywordOf(r.Reply)
			}
			if err := out.Write(cells); err != nil {
				return n, err
			}
			n++
			last = row.ID
		}
	}
}

func stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
