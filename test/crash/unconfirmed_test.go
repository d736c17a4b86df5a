//go:build e2e

package crash

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"herald/backend/core"
	"herald/backend/whatsapp/simulator"
	"herald/test/serve"
)

// The same kills against a simulator that, like the linked phone
// (whatsmeow), cannot say after a restart whether it took a message, and
// would deliver an ID it took before the restart a second time. Herald
// must never send such a message again by itself: it waits for a receipt,
// then marks it unconfirmed.
const (
	phoneRecipients = 300
	// At least phoneKills kills; more, up to phoneMaxKills, until one has
	// caught a message the server took but Herald had not recorded.
	phoneKills    = 10
	phoneMaxKills = 16
	// phoneWindow replaces the ten minutes a message in doubt waits for its
	// receipt. A receipt the server owes comes within milliseconds of the
	// reconnection here; a second leaves a margin and still lets windows
	// end between kills now and then.
	phoneWindow = "1s"
)

func TestCampaignOnADriverThatCannotTellNeverSendsAMessageTwice(t *testing.T) {
	rng := crashRand(t)
	began := time.Now()
	data := t.TempDir()
	start := func() *serve.Server {
		return serve.Start(t, heraldBin, []string{core.ConfirmWindowEnv + "=" + phoneWindow}, "--data", data)
	}
	h := start()
	h.Connect(t, map[string]any{
		"latencyMinMs": 2, "latencyMaxMs": 15, "failRate": 0.02, "notOnWhatsAppRate": notOnWhatsApp,
		"replyRate": 0.05, "disconnectRate": 0, "rateLimitPerSec": 0, "autoScanSec": 0, "cannotTell": true,
	})
	importContacts(t, h, phoneRecipients)
	var tmpl struct {
		ID int64 `json:"id"`
	}
	h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{
		"name": "Crash test", "body": "Hi {{first_name}}, your order {{custom.order}} is ready. Reply STOP to opt out."})
	var c campaign
	h.Must(t, "CampaignService", "Create", &c, map[string]any{
		"name": "Crash test", "templateId": tmpl.ID, "audience": map[string]any{"all": true}})
	h.Must(t, "CampaignService", "Start", &c, c.ID)
	t.Logf("campaign %d started with %d recipients (setup took %s)", c.ID, c.Stats.Total, time.Since(began).Round(time.Millisecond))

	expected := int(phoneRecipients*(1-notOnWhatsApp)) - 30
	atRestart := 0
	// takenAtKill are the messages the server had taken when a kill came
	// but Herald had not recorded: its receipt, owed by the server, is
	// what must settle them.
	takenAtKill := map[string]bool{}
	kills := 0
	for k := 1; k <= phoneMaxKills && (k <= phoneKills || len(takenAtKill) == 0); k++ {
		kills = k
		serve.WaitUntil(t, fmt.Sprintf("sending resumes before kill %d", k), 30*time.Second, func() (bool, error) {
			n, err := journalLines(data)
			return n > atRestart, err
		})
		limit := expected - reserve*(phoneMaxKills-k)
		delay := time.Duration(rng.Int64N(int64(maxDelay)))
		for until := time.Now().Add(delay); time.Now().Before(until); time.Sleep(time.Millisecond) {
			if n, err := journalLines(data); err != nil || n >= limit {
				break
			}
		}
		var got campaign
		h.Must(t, "CampaignService", "Get", &got, c.ID)
		if (got.State != "running" && got.State != "waiting") || got.Stats.Queued+got.Stats.Sending == 0 {
			t.Fatalf("kill %d would not land mid-campaign: %s with %+v", k, got.State, got.Stats)
		}
		if k%2 == 0 || k > phoneKills {
			// The instant the server has taken a message, before Herald
			// can have recorded it: one message at a time, that is a
			// fraction of a millisecond, so the wait spins.
			if err := awaitAppend(data, 5*time.Second, 0); err != nil {
				t.Fatalf("before kill %d: %v", k, err)
			}
		}
		h.Kill(t)
		sending, taken := inDoubt(t, data, c.ID)
		for _, id := range taken {
			takenAtKill[id] = true
		}
		journaled, err := journalLines(data)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("kill %2d at %4d ms into its run: %3d journaled; %d sending in the database, %d of them taken by the server",
			k, delay.Milliseconds(), journaled, sending, len(taken))
		atRestart = journaled
		h = start()
	}

	var final campaign
	serve.WaitUntil(t, "the campaign completes", 150*time.Second, func() (bool, error) {
		err := h.Call("CampaignService", "Get", &final, c.ID)
		if err == nil && final.State == "failed" {
			return false, fmt.Errorf("the campaign failed: %s", final.Note)
		}
		return err == nil && final.State == "completed", err
	})
	rows := allRecipients(t, h, c.ID)
	h.Stop(t)
	journal, err := simulator.ReadJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	count := checkNeverTwice(t, journal, rows, final.Stats)

	// Both ways out of doubt ran: a message the server had taken was
	// confirmed by its receipt, and one it had not ended unconfirmed.
	confirmed := 0
	for _, r := range rows {
		if takenAtKill[r.MessageID] && (r.State == "sent" || r.State == "delivered" || r.State == "read") {
			confirmed++
		}
	}
	if confirmed == 0 {
		t.Errorf("none of the %d messages taken but not recorded at a kill was confirmed by its receipt", len(takenAtKill))
	}
	if count["unconfirmed"] == 0 {
		t.Error("no message ended unconfirmed: no kill caught one the server had not taken")
	}
	t.Logf("%d kills; %d recipients: %d sent, %d delivered, %d read, %d unconfirmed, %d skipped, %d failed; "+
		"%d messages in the journal; %d of %d taken at a kill confirmed by their receipt; %s in all",
		kills, final.Stats.Total, count["sent"], count["delivered"], count["read"], count["unconfirmed"], count["skipped"], count["failed"],
		len(journal), confirmed, len(takenAtKill), time.Since(began).Round(time.Millisecond))
}

// inDoubt reads the database of the killed process, read-only: how many of
// campaign id's recipients are sending, and the message IDs of those the
// server had already taken (their ID is in the journal).
func inDoubt(t *testing.T, data string, id int64) (int, []string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "herald.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT message_id FROM campaign_recipients WHERE campaign_id = ? AND state = 'sending'", id)
	if err != nil {
		t.Fatalf("read the database after a kill: %v", err)
	}
	defer rows.Close()
	journal, err := simulator.ReadJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	inJournal := map[string]bool{}
	for _, e := range journal {
		inJournal[e.ID] = true
	}
	sending, taken := 0, []string{}
	for rows.Next() {
		var msgID sql.NullString
		if err := rows.Scan(&msgID); err != nil {
			t.Fatal(err)
		}
		sending++
		if inJournal[msgID.String] {
			taken = append(taken, msgID.String)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sending, taken
}

// checkNeverTwice proves that the server took at most one message per
// recipient, that every recipient ended with an outcome and a reason for
// any that is not a delivery, and that the database agrees with the
// journal. It returns the recipients counted by state.
func checkNeverTwice(t *testing.T, journal []simulator.JournalEntry, rows []recipient, st stats) map[string]int {
	t.Helper()
	if len(rows) != phoneRecipients {
		t.Fatalf("%d recipients listed, want %d", len(rows), phoneRecipients)
	}
	byID := journalOnce(t, journal)
	recipientOf := map[string]recipient{}
	count := map[string]int{}
	unconfirmedTaken := 0
	for _, r := range rows {
		count[r.State]++
		if r.MessageID != "" {
			recipientOf[r.MessageID] = r
		}
		e, inJournal := byID[r.MessageID]
		switch r.State {
		case "sent", "delivered", "read":
			checkWent(t, r, e, inJournal)
		case "unconfirmed":
			// It may or may not have gone: that is what unconfirmed says.
			// (Taken, it is one whose receipt a kill lost after the server
			// had handed it over.)
			if inJournal {
				unconfirmedTaken++
			}
			if r.Error == "" {
				t.Errorf("%s (%s) is unconfirmed without a reason", r.Name, r.Phone)
			}
		case "skipped", "failed":
			if inJournal {
				t.Errorf("%s (%s) is %s (%s) but the server took its message %s", r.Name, r.Phone, r.State, r.Error, r.MessageID)
			}
			if r.Error == "" {
				t.Errorf("%s (%s) is %s without a reason", r.Name, r.Phone, r.State)
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
		switch r.State {
		case "sent", "delivered", "read", "unconfirmed":
		default:
			t.Errorf("journaled message %s to %s belongs to a recipient in state %s (%s)", e.ID, e.To, r.State, r.Error)
		}
	}
	delivered := count["sent"] + count["delivered"] + count["read"]
	if delivered+unconfirmedTaken != len(journal) {
		t.Errorf("%d recipients sent, delivered or read and %d unconfirmed that went; %d messages in the journal",
			delivered, unconfirmedTaken, len(journal))
	}
	if int64(count["skipped"]) != st.Skipped || int64(count["unconfirmed"]) != st.Unconfirmed ||
		int64(delivered) != st.Sent+st.Delivered+st.Read {
		t.Errorf("the campaign's stats %+v do not match its recipients %v", st, count)
	}
	return count
}
