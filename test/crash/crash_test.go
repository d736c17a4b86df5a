//go:build e2e

package crash

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the driver Herald's store uses, opened read-only here

	"herald/backend/whatsapp/simulator"
	"herald/test/serve"
)

// The campaign and the crashes. Kills happen at random moments (seeded) once
// sending has resumed after the previous restart; each leaves at least
// reserve messages per kill still to come, so that every kill lands
// mid-campaign however fast or slow the machine is.
const (
	recipients = 600
	// At least minKills kills; more, up to maxKills, until one has caught a
	// message in doubt (see below).
	minKills = 12
	maxKills = 20
	// maxDelay bounds the random wait, after sending has resumed, before a
	// kill: at ~100 messages/s (latency 2–15 ms) a kill comes after ~25
	// messages on average.
	maxDelay = 500 * time.Millisecond
	reserve  = 12
	// notOnWhatsApp is the simulator's share of numbers without WhatsApp.
	notOnWhatsApp = 0.03
)

type stats struct {
	Total       int64 `json:"total"`
	Queued      int64 `json:"queued"`
	Sending     int64 `json:"sending"`
	Sent        int64 `json:"sent"`
	Delivered   int64 `json:"delivered"`
	Read        int64 `json:"read"`
	Failed      int64 `json:"failed"`
	Skipped     int64 `json:"skipped"`
	Cancelled   int64 `json:"cancelled"`
	Unconfirmed int64 `json:"unconfirmed"`
	Replied     int64 `json:"replied"`
}

type campaign struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
	Note  string `json:"note"`
	Stats stats  `json:"stats"`
}

type recipient struct {
	ContactID int64  `json:"contactId"`
	Phone     string `json:"phone"`
	Name      string `json:"name"`
	State     string `json:"state"`
	MessageID string `json:"messageId"`
	Error     string `json:"error"`
	Attempts  int    `json:"attempts"`
}

func TestCampaignSurvivesRepeatedKillsAndSendsEachMessageExactlyOnce(t *testing.T) {
	rng := crashRand(t)
	began := time.Now()

	data := t.TempDir()
	h := startServer(t, data)
	setUp(t, h, data)

	var tmpl struct {
		ID     int64 `json:"id"`
		Usable bool  `json:"usable"`
	}
	h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{
		"name": "Crash test", "body": "Hi {{first_name}}, your order {{custom.order}} is ready. Reply STOP to opt out."})
	if !tmpl.Usable {
		t.Fatal("the template is not usable")
	}
	var c campaign
	h.Must(t, "CampaignService", "Create", &c, map[string]any{
		"name": "Crash test", "templateId": tmpl.ID, "audience": map[string]any{"all": true}})
	h.Must(t, "CampaignService", "Start", &c, c.ID)
	if c.Stats.Total != recipients {
		t.Fatalf("the campaign queued %d recipients, want %d", c.Stats.Total, recipients)
	}
	t.Logf("campaign %d started with %d recipients (setup took %s)", c.ID, c.Stats.Total, time.Since(began).Round(time.Millisecond))

	// Every journaled message comes from a recipient on WhatsApp; the kills
	// stop while at least reserve messages per kill left are still to go.
	expected := int(recipients*(1-notOnWhatsApp)) - 30
	get := func(s *serve.Server) (campaign, error) {
		var got campaign
		err := s.Call("CampaignService", "Get", &got, c.ID)
		return got, err
	}
	atRestart, doubted, kills := 0, 0, 0
	for k := 1; k <= maxKills && (k <= minKills || doubted == 0); k++ {
		kills = k
		// Sending has resumed in this process: the journal grows.
		serve.WaitUntil(t, fmt.Sprintf("sending resumes before kill %d", k), 30*time.Second, func() (bool, error) {
			n, err := journalLines(data)
			return n > atRestart, err
		})
		// A random moment, cut short if the campaign would run out of
		// messages for the kills still to come.
		limit := expected - reserve*(maxKills-k)
		delay := time.Duration(rng.Int64N(int64(maxDelay)))
		until := time.Now().Add(delay)
		for time.Now().Before(until) {
			n, err := journalLines(data)
			if err != nil {
				t.Fatal(err)
			}
			if n >= limit {
				break
			}
			time.Sleep(time.Millisecond)
		}
		got, err := get(h)
		if err != nil {
			t.Fatalf("before kill %d: %v", k, err)
		}
		if (got.State != "running" && got.State != "waiting") || got.Stats.Queued+got.Stats.Sending == 0 {
			t.Fatalf("kill %d would not land mid-campaign: %s with %+v", k, got.State, got.Stats)
		}
		if k%2 == 0 || k > minKills {
			// Every other kill comes the instant the server has taken a
			// message, before Herald can have recorded it: the window in
			// which a restart could send a message twice.
			if err := awaitAppend(data, 5*time.Second, 50*time.Microsecond); err != nil {
				t.Fatalf("before kill %d: %v", k, err)
			}
		}
		h.Kill(t)
		journaled, err := journalLines(data)
		if err != nil {
			t.Fatal(err)
		}
		inFlight, inDoubt, queued := inFlight(t, data, c.ID)
		doubted += inDoubt
		t.Logf("kill %2d at %4d ms into its run: %3d journaled; in the database %3d queued, %3d sending of which %d already taken by the server",
			k, delay.Milliseconds(), journaled, queued, inFlight, inDoubt)
		atRestart = journaled
		h = startServer(t, data)
	}

	// The last run finishes the campaign; retries wait 5 s, 10 s, … between
	// attempts on the wall clock.
	var final campaign
	serve.WaitUntil(t, "the campaign completes", 150*time.Second, func() (bool, error) {
		got, err := get(h)
		final = got
		if err == nil && got.State == "failed" {
			return false, fmt.Errorf("the campaign failed: %s", got.Note)
		}
		return err == nil && got.State == "completed", err
	})
	rows := allRecipients(t, h, c.ID)
	h.Stop(t)

	journal, err := simulator.ReadJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, journal, rows, final.Stats)
	if doubted == 0 {
		// Without one, the kills never tested the dangerous window.
		t.Errorf("no kill caught a message taken by the server but not yet recorded, in %d kills", kills)
	}
	t.Logf("messages in doubt at a kill (sending in the database, already taken by the server), summed over the kills: %d", doubted)
	t.Logf("%d kills; %d recipients: %d sent, %d delivered, %d read, %d skipped, %d failed; %d messages in the journal; %d retried; %s in all",
		kills, final.Stats.Total, final.Stats.Sent, final.Stats.Delivered, final.Stats.Read, final.Stats.Skipped, final.Stats.Failed,
		len(journal), retried(rows), time.Since(began).Round(time.Millisecond))
}

// setUp tunes the simulator, pairs it and imports the contacts.
func setUp(t *testing.T, h *serve.Server, data string) {
	t.Helper()
	h.Connect(t, map[string]any{
		"latencyMinMs": 2, "latencyMaxMs": 15, "failRate": 0.02, "notOnWhatsAppRate": notOnWhatsApp,
		"replyRate": 0.05, "disconnectRate": 0, "rateLimitPerSec": 0, "autoScanSec": 0,
	})
	importContacts(t, h, recipients)
}

// inFlight reads the database of the killed process, read-only: how many of
// campaign id's recipients are queued, how many sending, and how many of
// those the server had already taken (their ID is in the journal) — the
// messages a restart must not send again.
func inFlight(t *testing.T, data string, id int64) (sending, inDoubt, queued int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "herald.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND state = 'queued'", id).Scan(&queued); err != nil {
		t.Fatalf("read the database after a kill: %v", err)
	}
	rows, err := db.Query("SELECT message_id FROM campaign_recipients WHERE campaign_id = ? AND state = 'sending'", id)
	if err != nil {
		t.Fatalf("read the database after a kill: %v", err)
	}
	defer rows.Close()
	journal, err := simulator.ReadJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	for _, e := range journal {
		taken[e.ID] = true
	}
	for rows.Next() {
		var msgID sql.NullString
		if err := rows.Scan(&msgID); err != nil {
			t.Fatal(err)
		}
		sending++
		if taken[msgID.String] {
			inDoubt++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sending, inDoubt, queued
}

// allRecipients pages through the campaign's recipients over the RPC.
func allRecipients(t *testing.T, h *serve.Server, id int64) []recipient {
	t.Helper()
	var out []recipient
	for {
		var page struct {
			Items []recipient `json:"items"`
			Total int64       `json:"total"`
		}
		h.Must(t, "CampaignService", "Recipients", &page, id, map[string]any{"offset": len(out), "limit": 1000})
		out = append(out, page.Items...)
		if len(page.Items) == 0 || int64(len(out)) >= page.Total {
			return out
		}
	}
}

// journalOnce indexes the server's journal by message ID, failing the test for an ID the server took twice or a number that got
// two messages.
func journalOnce(t *testing.T, journal []simulator.JournalEntry) map[string]simulator.JournalEntry {
	t.Helper()
	byID := map[string]simulator.JournalEntry{}
	byPhone := map[string]string{}
	for _, e := range journal {
		if prev, ok := byID[e.ID]; ok {
			t.Errorf("message %s taken twice by the server (%s and %s)", e.ID, prev.At, e.At)
		}
		byID[e.ID] = e
		if prev, ok := byPhone[e.To]; ok {
			t.Errorf("%s got two messages: %s and %s", e.To, prev, e.ID)
		}
		byPhone[e.To] = e.ID
	}
	return byID
}

// checkWent holds a recipient the database says went to the server's
// journal: its message e is there, to its number, with the template's text.
func checkWent(t *testing.T, r recipient, e simulator.JournalEntry, inJournal bool) {
	t.Helper()
	if !inJournal {
		t.Errorf("%s (%s) is %s but its message %q is not in the journal", r.Name, r.Phone, r.State, r.MessageID)
		return
	}
	if e.To != r.Phone {
		t.Errorf("message %s went to %s, the recipient is %s", r.MessageID, e.To, r.Phone)
	}
	first, _, _ := strings.Cut(r.Name, " ")
	if want := "Hi " + first + ", your order A-"; !strings.HasPrefix(e.Text, want) {
		t.Errorf("message to %s reads %q, want it to start %q", r.Name, e.Text, want)
	}
}

// checkExactlyOnce proves that the simulated server took one message per
// recipient on WhatsApp and none for anyone else, and that the database says
// the same as the journal.
func checkExactlyOnce(t *testing.T, journal []simulator.JournalEntry, rows []recipient, st stats) {
	t.Helper()
	if len(rows) != recipients {
		t.Fatalf("%d recipients listed, want %d", len(rows), recipients)
	}
	byID := journalOnce(t, journal)
	recipientOf := map[string]recipient{}
	count := map[string]int{}
	for _, r := range rows {
		count[r.State]++
		if r.MessageID != "" {
			recipientOf[r.MessageID] = r
		}
		e, inJournal := byID[r.MessageID]
		switch r.State {
		case "sent", "delivered", "read":
			checkWent(t, r, e, inJournal)
		case "skipped", "failed":
			if r.MessageID != "" && inJournal {
				t.Errorf("%s (%s) is %s (%s) but the server took its message %s", r.Name, r.Phone, r.State, r.Error, r.MessageID)
			}
		default:
			t.Errorf("%s (%s) is left %s", r.Name, r.Phone, r.State)
		}
	}
	for _, e := range journal {
		r, ok := recipientOf[e.ID]
		if !ok {
			t.Errorf("journaled message %s to %s belongs to no recipient", e.ID, e.To)
			continue
		}
		if r.State != "sent" && r.State != "delivered" && r.State != "read" {
			t.Errorf("journaled message %s to %s belongs to a recipient in state %s (%s)", e.ID, e.To, r.State, r.Error)
		}
	}
	delivered := count["sent"] + count["delivered"] + count["read"]
	if delivered != len(journal) {
		t.Errorf("%d recipients sent, delivered or read; %d messages in the journal", delivered, len(journal))
	}
	if int64(count["skipped"]) != st.Skipped || int64(delivered) != st.Sent+st.Delivered+st.Read {
		t.Errorf("the campaign's stats %+v do not match its recipients %v", st, count)
	}
	// The failure paths ran: numbers not on WhatsApp were skipped, and
	// refused sends were retried (the odds against either at these rates
	// and this size are below one in a million).
	if count["skipped"] == 0 {
		t.Error("no recipient was skipped as not on WhatsApp")
	}
	if retried(rows) == 0 {
		t.Error("no send was refused and retried")
	}
}

func retried(rows []recipient) int {
	n := 0
	for _, r := range rows {
		if r.Attempts > 0 {
			n++
		}
	}
	return n
}
