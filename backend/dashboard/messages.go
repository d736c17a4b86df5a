package dashboard

import (
	"fmt"
	"strings"
	"time"
)

// sqliteTime is how the SQLite driver writes a time.Time. Herald stores
// every time in UTC, so bounds in this form compare with stored times as
// text, and a range of them is a range of the sent_at index.
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

func dbTime(t time.Time) string { return t.UTC().Format(sqliteTime) }

// messages counts the messages sent on each of the last Days local days,
// and how many of each day's messages were delivered and read by now.
//
// Each day is a range of the partial index campaign_recipients_sent,
// bounded by local midnights computed here, so days of 23 or 25 hours and
// zones a quarter hour off UTC come out right, and SQLite neither sorts
// nor calls a function per message. Reading whether a message was
// delivered or read costs one table row per message of the period; an
// index on (sent_at, delivered_at, read_at) would save it.
func (s *Service) messages(now time.Time) (Messages, error) {
	local := now.In(s.loc)
	y, m, d := local.Date()
	// bounds[i] is the local midnight starting day i; bounds[Days] ends today.
	bounds := make([]time.Time, Days+1)
	for i := range bounds {
		bounds[i] = time.Date(y, m, d-(Days-1)+i, 0, 0, 0, 0, s.loc)
	}
	parts := make([]string, Days)
	args := make([]any, 0, 3*Days)
	for i := range Days {
		parts[i] = `SELECT ? AS day, count(*) AS sent, count(coalesce(delivered_at, read_at)) AS delivered, count(read_at) AS read
			FROM campaign_recipients WHERE sent_at >= ? AND sent_at < ?`
		args = append(args, i, dbTime(bounds[i]), dbTime(bounds[i+1]))
	}
	var rows []struct {
		Day                   int
		Sent, Delivered, Read int64
	}
	if err := s.db.Raw(strings.Join(parts, " UNION ALL "), args...).Scan(&rows).Error; err != nil {
		return Messages{}, fmt.Errorf("count messages: %w", err)
	}
	out := Messages{PerDay: make([]Day, Days)}
	for i := range out.PerDay {
		out.PerDay[i].Date = bounds[i].Format(time.DateOnly)
	}
	for _, r := range rows {
		if r.Day < 0 || r.Day >= Days {
			continue
		}
		day := &out.PerDay[r.Day]
		day.Sent, day.Delivered, day.Read = r.Sent, r.Delivered, r.Read
		out.Sent += r.Sent
		out.Delivered += r.Delivered
		out.Read += r.Read
	}
	out.Today = out.PerDay[Days-1].Sent
	sinceMonday := (int(local.Weekday()) + 6) % 7
	for _, day := range out.PerDay[Days-1-sinceMonday:] {
		out.ThisWeek += day.Sent
	}
	if out.Sent > 0 {
		out.DeliveryRate = float64(out.Delivered) / float64(out.Sent)
		out.ReadRate = float64(out.Read) / float64(out.Sent)
	}
	return out, nil
}
