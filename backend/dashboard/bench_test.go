package dashboard

import (
	"fmt"
	"testing"
	"time"

	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/contacts/contactstest"
	"herald/backend/whatsapp"
)

// BenchmarkSummary reads the dashboard of a large install: a million
// contacts and 300,000 messages sent over the thirty days, most delivered
// and many read.
func BenchmarkSummary(b *testing.B) {
	w := newWorld(b)
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)
	contactstest.Import(b, w.contacts, []string{"phone", "name", "opted_out"}, 1_000_000, func(i int) []string {
		optedOut := ""
		if i%50 == 0 {
			optedOut = "yes"
		}
		return []string{fmt.Sprintf("+1202%07d", 2_000_000+i), fmt.Sprintf("Person %d", i), optedOut}
	})
	for range 20 {
		w.exec(`INSERT INTO campaigns (name, template_id, state, message_key, next_run_at, created_at, updated_at)
			VALUES ('C', 1, ?, 'k', ?, ?, ?)`, campaigns.StateScheduled, now.Add(time.Hour), created, created)
	}
	// 300,000 messages, one every 8.64 s back from now; delivered a few
	// seconds later (9 in 10), read a few hours later (6 in 10).
	if err := w.db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000),
		t(i, at) AS (SELECT i, unixepoch(?) - i * 8.64 FROM n)
		INSERT INTO campaign_recipients (campaign_id, contact_id, phone, state, message_id, sent_at, delivered_at, read_at)
		SELECT 1 + i % 20, i, '+1' || (2000000000 + i), 'sent', 'm' || i,
			strftime('%Y-%m-%d %H:%M:%f+00:00', at, 'unixepoch'),
			CASE WHEN i % 10 <> 0 THEN strftime('%Y-%m-%d %H:%M:%f+00:00', at + 3 + i % 7, 'unixepoch') END,
			CASE WHEN i % 10 < 6 THEN strftime('%Y-%m-%d %H:%M:%f+00:00', at + 3600 * (1 + i % 5), 'unixepoch') END
		FROM t`, now.Format(time.RFC3339)).Error; err != nil {
		b.Fatal(err)
	}
	w.exec("ANALYZE")
	s := NewService(Deps{DB: w.db, Contacts: contacts.NewAPI(w.contacts), Location: time.UTC, Now: func() time.Time { return now },
		WhatsApp: func() (whatsapp.Status, error) { return whatsapp.Status{}, nil }})
	b.ResetTimer()
	for range b.N {
		sum, err := s.Summary()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Contacts.Total != 1000000 || sum.Messages.Sent == 0 {
			b.Fatalf("summary %+v", sum.Contacts)
		}
	}
}
