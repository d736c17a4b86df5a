package dashboard

import (
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
)

// world is a fresh database and what the dashboard reads besides it.
type world struct {
	t        testing.TB
	db       *gorm.DB
	log      *activity.Log
	contacts *contacts.Service
}

func newWorld(t testing.TB) *world {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(db) })
	w := &world{t: t, db: db}
	rec, log := &events.Recorder{}, slog.New(slog.NewTextHandler(io.Discard, nil))
	w.log = activity.NewLog(db, rec, log)
	w.contacts, err = contacts.NewService(db, w.log, rec, log, usCountry{}, userfiles.Desktop(filepath.Join(dir, "exports")))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// usCountry is the settings the contact book reads: numbers are American.
type usCountry struct{}

func (usCountry) Get(string) (string, error) { return "US", nil }

func (w *world) service(loc *time.Location, now time.Time, status whatsapp.Status) *Service {
	return NewService(Deps{DB: w.db, Contacts: contacts.NewAPI(w.contacts), Location: loc, Now: func() time.Time { return now },
		WhatsApp: func() (whatsapp.Status, error) { return status, nil }, Activity: activity.NewService(w.db)})
}

func (w *world) exec(sql string, args ...any) {
	w.t.Helper()
	if err := w.db.Exec(sql, args...).Error; err != nil {
		w.t.Fatalf("%s: %v", sql, err)
	}
}

func (w *world) summary(s *Service) Summary {
	w.t.Helper()
	sum, err := s.Summary()
	if err != nil {
		w.t.Fatal(err)
	}
	return sum
}

var created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (w *world) contact(i int, optedOut bool) {
	w.t.Helper()
	if _, err := w.contacts.Create(contacts.Contact{Phone: fmt.Sprintf("+1202555%04d", i), Name: fmt.Sprintf("Person %d", i),
		OptedOut: optedOut}); err != nil {
		w.t.Fatal(err)
	}
}

// campaign inserts a campaign in state, next running at next (nil: none).
func (w *world) campaign(name string, state campaigns.State, next *time.Time) int64 {
	w.t.Helper()
	var id int64
	err := w.db.Raw(`INSERT INTO campaigns (name, template_id, state, message_key, next_run_at, created_at, updated_at)
		VALUES (?, 1, ?, 'k', ?, ?, ?) RETURNING id`, name, state, next, created, created).Scan(&id).Error
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

// recipient inserts a message of campaign with its times, as the engine
// writes them ("" for none).
func (w *world) recipient(campaign int64, state, sent, delivered, read string) {
	w.t.Helper()
	var contact int64
	w.db.Raw("SELECT coalesce(max(contact_id), 0) + 1 FROM campaign_recipients").Scan(&contact)
	w.exec(`INSERT INTO campaign_recipients (campaign_id, contact_id, phone, state, sent_at, delivered_at, read_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, campaign, contact, fmt.Sprintf("+1303555%04d", contact), state,
		stored(w.t, sent), stored(w.t, delivered), stored(w.t, read))
}

// stored turns an RFC 3339 time into the text the engine stores; nil for "".
func stored(t testing.TB, rfc3339 string) any {
	if rfc3339 == "" {
		return nil
	}
	at, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return dbTime(at)
}

func zone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s: %v", name, err)
	}
	return loc
}

func TestSummary_OfAFreshInstallIsZerosWithThirtyDays(t *testing.T) {
	w := newWorld(t)
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)
	sum := w.summary(w.service(time.UTC, now, whatsapp.Status{State: whatsapp.StateDisconnected}))

	if sum.Contacts != (Contacts{}) || sum.Templates != 0 {
		t.Errorf("contacts %+v, templates %d; want zeros", sum.Contacts, sum.Templates)
	}
	if len(sum.Campaigns) != len(states()) {
		t.Errorf("campaign states %v; want every state", sum.Campaigns)
	}
	for st, n := range sum.Campaigns {
		if n != 0 {
			t.Errorf("%d campaigns %s", n, st)
		}
	}
	m := sum.Messages
	if m.Today != 0 || m.ThisWeek != 0 || m.Sent != 0 || m.DeliveryRate != 0 || m.ReadRate != 0 {
		t.Errorf("messages %+v; want zeros", m)
	}
	if len(m.PerDay) != Days || m.PerDay[0].Date != "2026-02-10" || m.PerDay[Days-1].Date != "2026-03-11" {
		t.Fatalf("%d days from %s to %s; want 30 ending today", len(m.PerDay), m.PerDay[0].Date, m.PerDay[len(m.PerDay)-1].Date)
	}
	for i := 1; i < Days; i++ {
		prev, _ := time.Parse(time.DateOnly, m.PerDay[i-1].Date)
		if next := prev.AddDate(0, 0, 1).Format(time.DateOnly); m.PerDay[i].Date != next {
			t.Errorf("day %d is %s, want %s", i, m.PerDay[i].Date, next)
		}
	}
	if sum.NextScheduled == nil || len(sum.NextScheduled) != 0 || sum.Activity == nil || len(sum.Activity) != 0 {
		t.Errorf("lists %v %v; want empty, not nil", sum.NextScheduled, sum.Activity)
	}
	if sum.WhatsApp.State != whatsapp.StateDisconnected || sum.TimeZone != "UTC" || !sum.GeneratedAt.Equal(now) {
		t.Errorf("whatsapp %+v, zone %s, at %s", sum.WhatsApp, sum.TimeZone, sum.GeneratedAt)
	}
}

func TestSummary_CountsContactsTemplatesCampaignsAndListsWhatIsNext(t *testing.T) {
	w := newWorld(t)
	for i := range 7 {
		w.contact(i, i%3 == 0) // 0, 3, 6 opted out
	}
	w.exec(`INSERT INTO templates (name, body, created_at, updated_at) VALUES ('A', 'Hi', ?, ?), ('B', 'Yo', ?, ?)`,
		created, created, created, created)
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)
	at := func(h int) *time.Time { t := now.Add(time.Duration(h) * time.Hour); return &t }
	w.campaign("Draft", campaigns.StateDraft, nil)
	w.campaign("Running", campaigns.StateRunning, nil)
	w.campaign("Waiting", campaigns.StateWaiting, nil)
	w.campaign("Done 1", campaigns.StateCompleted, nil)
	w.campaign("Done 2", campaigns.StateCompleted, nil)
	// Six scheduled, created out of order; the list shows the five soonest.
	ids := map[string]int64{}
	for _, c := range []struct {
		name string
		in   int
	}{{"In 5h", 5}, {"In 1h", 1}, {"In 48h", 48}, {"In 3h", 3}, {"In 2h", 2}, {"In 4h", 4}} {
		ids[c.name] = w.campaign(c.name, campaigns.StateScheduled, at(c.in))
	}
	// A finished campaign keeps the time it was due; it is not next.
	w.campaign("Cancelled", campaigns.StateCancelled, at(0))
	for i := range 10 {
		if _, err := w.log.Record("contacts", "created", fmt.Sprintf("Entry %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Connection steps after them stay off the card.
	for _, action := range []string{"connecting", "qr"} {
		if _, err := w.log.Record("whatsapp", action, "Step "+action); err != nil {
			t.Fatal(err)
		}
	}
	status := whatsapp.Status{State: whatsapp.StateConnected, Phone: "+14155552671", PushName: "Shop"}

	sum := w.summary(w.service(time.UTC, now, status))

	if sum.Contacts != (Contacts{Total: 7, OptedOut: 3}) {
		t.Errorf("contacts %+v; want 7, 3 opted out", sum.Contacts)
	}
	if sum.Templates != 2 {
		t.Errorf("templates %d; want 2", sum.Templates)
	}
	want := map[campaigns.State]int64{campaigns.StateDraft: 1, campaigns.StateScheduled: 6, campaigns.StateRunning: 1,
		campaigns.StatePaused: 0, campaigns.StateWaiting: 1, campaigns.StateCompleted: 2, campaigns.StateCancelled: 1, campaigns.StateFailed: 0}
	for st, n := range want {
		if sum.Campaigns[st] != n {
			t.Errorf("%d campaigns %s; want %d", sum.Campaigns[st], st, n)
		}
	}
	var names []string
	for _, u := range sum.NextScheduled {
		names = append(names, u.Name)
		if u.ID != ids[u.Name] {
			t.Errorf("%s has id %d; want %d", u.Name, u.ID, ids[u.Name])
		}
	}
	if fmt.Sprint(names) != "[In 1h In 2h In 3h In 4h In 5h]" {
		t.Errorf("next scheduled %v; want the five soonest in order", names)
	}
	if got := sum.NextScheduled[0].NextRunAt; !got.Equal(*at(1)) || got.Location() != time.UTC {
		t.Errorf("first runs at %s; want %s in UTC", got, at(1))
	}
	if len(sum.Activity) != RecentActivity || sum.Activity[0].Summary != "Entry 9" || sum.Activity[7].Summary != "Entry 2" {
		t.Errorf("activity %+v; want entries 9 down to 2", sum.Activity)
	}
	if sum.WhatsApp != status {
		t.Errorf("whatsapp %+v; want %+v", sum.WhatsApp, status)
	}
}

// New York moved to daylight saving time on Sunday 8 March 2026 at 02:00
// (07:00 UTC), so that day has 23 hours and local midnights are at 05:00
// UTC before it and 04:00 UTC after.
func TestSummary_CountsMessagesPerLocalDayAcrossZoneAndDSTBoundaries(t *testing.T) {
	w := newWorld(t)
	ny := zone(t, "America/New_York")
	c := w.campaign("Spring", campaigns.StateCompleted, nil)
	// Wednesday 11 March, 15:00 in New York.
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, ny)

	// a: sent just after local midnight today, delivered, read this afternoon.
	w.recipient(c, "read", "2026-03-11T04:30:00Z", "2026-03-11T04:31:00Z", "2026-03-11T13:00:00Z")
	// b: sent a minute before local midnight (already the 11th in UTC), delivered today.
	w.recipient(c, "delivered", "2026-03-11T03:59:00.25Z", "2026-03-11T04:05:00Z", "")
	// c: sent at Monday's first instant, never arrived.
	w.recipient(c, "failed", "2026-03-09T04:00:00Z", "", "")
	// d: sent half a second before Monday (Sunday night), delivered and read on Monday.
	w.recipient(c, "read", "2026-03-09T03:59:59.5Z", "2026-03-09T05:00:00Z", "2026-03-09T05:10:00Z")
	// e, f: Sunday before (01:30 EST) and after (03:30 EDT) the clocks went forward.
	w.recipient(c, "sent", "2026-03-08T06:30:00Z", "", "")
	w.recipient(c, "sent", "2026-03-08T07:30:00Z", "", "")
	// g: the first instant of the thirty days (00:00 EST on 10 February).
	w.recipient(c, "read", "2026-02-10T05:00:00Z", "2026-02-10T06:00:00Z", "2026-02-10T06:30:00Z")
	// h: a second earlier: outside the thirty days, with what came back.
	w.recipient(c, "read", "2026-02-10T04:59:59Z", "2026-02-10T05:30:00Z", "2026-02-10T05:40:00Z")
	// Not sent yet: not counted.
	w.recipient(c, "queued", "", "", "")

	m := w.summary(w.service(ny, now, whatsapp.Status{})).Messages

	if m.Today != 1 || m.ThisWeek != 3 {
		t.Errorf("today %d, this week %d; want 1 and 3", m.Today, m.ThisWeek)
	}
	if m.Sent != 7 || m.Delivered != 4 || m.Read != 3 {
		t.Errorf("sent %d, delivered %d, read %d; want 7, 4, 3", m.Sent, m.Delivered, m.Read)
	}
	if math.Abs(m.DeliveryRate-4.0/7) > 1e-9 || math.Abs(m.ReadRate-3.0/7) > 1e-9 {
		t.Errorf("rates %v, %v; want 4/7 and 3/7", m.DeliveryRate, m.ReadRate)
	}
	// Deliveries and reads count on the day their message was sent.
	want := map[string]Day{
		"2026-03-11": {Sent: 1, Delivered: 1, Read: 1},
		"2026-03-10": {Sent: 1, Delivered: 1},
		"2026-03-09": {Sent: 1},
		"2026-03-08": {Sent: 3, Delivered: 1, Read: 1},
		"2026-02-10": {Sent: 1, Delivered: 1, Read: 1},
	}
	if m.PerDay[0].Date != "2026-02-10" || m.PerDay[26].Date != "2026-03-08" || m.PerDay[29].Date != "2026-03-11" {
		t.Errorf("days run %s, …, %s (26th), …, %s", m.PerDay[0].Date, m.PerDay[26].Date, m.PerDay[29].Date)
	}
	for _, d := range m.PerDay {
		wd := want[d.Date]
		if d.Sent != wd.Sent || d.Delivered != wd.Delivered || d.Read != wd.Read {
			t.Errorf("%s: %d sent, %d delivered, %d read; want %d, %d, %d",
				d.Date, d.Sent, d.Delivered, d.Read, wd.Sent, wd.Delivered, wd.Read)
		}
	}

	// The same messages seen from UTC fall on other days.
	m = w.summary(w.service(time.UTC, now, whatsapp.Status{})).Messages
	// 11 March in UTC: a and b; the week from Monday 9 March: a, b, c, d.
	if m.Today != 2 || m.ThisWeek != 4 {
		t.Errorf("in UTC: today %d, this week %d; want 2 and 4", m.Today, m.ThisWeek)
	}
}

// Kathmandu is UTC+05:45: its midnight is at 18:15 UTC, a quarter hour
// that is not on a whole UTC hour.
func TestSummary_SplitsDaysAtAQuarterHourOffset(t *testing.T) {
	w := newWorld(t)
	ktm := zone(t, "Asia/Kathmandu")
	c := w.campaign("Namaste", campaigns.StateCompleted, nil)
	w.recipient(c, "sent", "2026-03-09T18:14:59Z", "", "")                          // 23:59:59 on the 9th
	w.recipient(c, "delivered", "2026-03-09T18:15:00Z", "2026-03-09T18:29:59Z", "") // 00:00 on the 10th
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, ktm)

	m := w.summary(w.service(ktm, now, whatsapp.Status{})).Messages

	if m.Today != 1 || m.PerDay[28].Sent != 1 || m.PerDay[29].Delivered != 1 || m.PerDay[28].Delivered != 0 {
		t.Errorf("today %d, days %+v %+v; want one sent each side of midnight, the delivery today",
			m.Today, m.PerDay[28], m.PerDay[29])
	}
}

// A message sent yesterday and read today counts as read yesterday, so
// each day says how that day's messages fared; and a receipt stamped after
// the period (a phone whose clock runs ahead) still counts.
func TestSummary_CountsReceiptsOnTheDayTheMessageWasSent(t *testing.T) {
	w := newWorld(t)
	c := w.campaign("Late", campaigns.StateCompleted, nil)
	w.recipient(c, "read", "2026-03-10T22:00:00Z", "2026-03-10T22:00:05Z", "2026-03-11T08:00:00Z")
	w.recipient(c, "delivered", "2026-03-11T10:00:00Z", "2026-03-12T10:00:00Z", "")
	w.recipient(c, "sent", "2026-03-11T10:00:00Z", "", "")
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)

	m := w.summary(w.service(time.UTC, now, whatsapp.Status{})).Messages

	yesterday, today := m.PerDay[Days-2], m.PerDay[Days-1]
	if yesterday != (Day{Date: "2026-03-10", Sent: 1, Delivered: 1, Read: 1}) || today != (Day{Date: "2026-03-11", Sent: 2, Delivered: 1}) {
		t.Errorf("yesterday %+v, today %+v", yesterday, today)
	}
	if math.Abs(m.DeliveryRate-2.0/3) > 1e-9 || math.Abs(m.ReadRate-1.0/3) > 1e-9 {
		t.Errorf("rates %v, %v; want 2/3 and 1/3", m.DeliveryRate, m.ReadRate)
	}
}
