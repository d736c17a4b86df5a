//go:build e2e

package crash

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"herald/backend/whatsapp/simulator"
	"herald/test/serve"
)

// answerKills is how many answers are sent with a kill on their way, one
// conversation each.
const answerKills = 8

// inboxMessage is an answer as InboxService.Messages lists it.
type inboxMessage struct {
	ID        int64  `json:"id"`
	Direction string `json:"direction"`
	Text      string `json:"text"`
	State     string `json:"state"`
	Error     string `json:"error"`
}

// seedConversations gives the stopped Herald of data one conversation per
// phone, as a message from each would have: the simulator's own replies
// come tens of seconds after a campaign message is read, too slow for a
// test. It returns their ids.
func seedConversations(t *testing.T, data string, phones []string) []int64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "herald.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := make([]int64, len(phones))
	for i, phone := range phones {
		if err := db.QueryRow(`INSERT INTO inbox_conversations (phone, last_at, last_text, last_from_them, unread)
			VALUES (?, ?, 'Is my order ready?', 1, 1) RETURNING id`, phone, time.Now().UTC()).Scan(&ids[i]); err != nil {
			t.Fatalf("seed a conversation: %v", err)
		}
	}
	return ids
}

// Answers sent with a kill of `herald serve` on their way: before the
// answer is committed, while the server has it in flight, or the instant it
// took it. After each restart the answer is settled (sent, or sent again
// with its ID when the server never took it), and the simulator's journal
// holds each at most once, and exactly once when Herald says it went.
func TestInboxAnswersSurviveKillsWithoutGoingTwice(t *testing.T) {
	rng := crashRand(t)
	data := t.TempDir()
	h := startServer(t, data)
	h.Connect(t, map[string]any{"latencyMinMs": 20, "latencyMaxMs": 120, "failRate": 0, "notOnWhatsAppRate": 0,
		"replyRate": 0, "disconnectRate": 0, "rateLimitPerSec": 0, "autoScanSec": 0})
	h.Stop(t)
	phones := make([]string, answerKills)
	for i := range phones {
		phones[i] = fmt.Sprintf("+1202555%04d", 9000+i)
	}
	convs := seedConversations(t, data, phones)
	connected := func(h *serve.Server) {
		serve.WaitUntil(t, "WhatsApp connected again", 20*time.Second, func() (bool, error) {
			var st struct {
				State string `json:"state"`
			}
			err := h.Call("WhatsAppService", "Status", &st)
			return st.State == "connected", err
		})
	}
	left := 0 // kills that left an answer "sending"
	for k, conv := range convs {
		h = startServer(t, data)
		connected(h)
		done := make(chan struct{})
		go func() {
			defer close(done)
			var m inboxMessage
			_ = h.Call("InboxService", "Send", &m, -conv, fmt.Sprintf("Answer %d: yes, it is ready.", k))
		}()
		how := "after a random pause"
		if k%2 == 1 {
			how = "the instant the server took it"
			if err := awaitAppend(data, 5*time.Second, 0); err != nil {
				t.Fatalf("answer %d: %v", k, err)
			}
		} else {
			time.Sleep(time.Duration(rng.Int64N(int64(150 * time.Millisecond)))) // where the kill lands is the test's random choice
		}
		h.Kill(t)
		<-done
		state, taken := answerAtKill(t, data, conv)
		if state == "sending" {
			left++
		}
		t.Logf("kill %d %s: the answer is %q in the database, taken by the server: %v", k, how, state, taken)
	}
	if left == 0 {
		t.Error("no kill landed between an answer's commit and its outcome")
	}
	h = startServer(t, data)
	connected(h)
	answers := map[string]inboxMessage{}
	for k, conv := range convs {
		serve.WaitUntil(t, fmt.Sprintf("answer %d settled", k), 20*time.Second, func() (bool, error) {
			var page struct {
				Items []inboxMessage `json:"items"`
			}
			if err := h.Call("InboxService", "Messages", &page, -conv, map[string]any{"limit": 10}); err != nil {
				return false, err
			}
			for _, m := range page.Items {
				if m.Direction == "out" && m.State == "sending" {
					return false, nil
				}
			}
			if len(page.Items) > 0 {
				answers[phones[k]] = page.Items[len(page.Items)-1]
			}
			return true, nil
		})
	}
	h.Stop(t)
	journal, err := simulator.ReadJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	byPhone := map[string]simulator.JournalEntry{}
	for _, e := range journalOnce(t, journal) {
		byPhone[e.To] = e
	}
	went := 0
	for _, phone := range phones {
		a, recorded := answers[phone]
		e, taken := byPhone[phone]
		switch {
		case !recorded && taken:
			t.Errorf("the server took %s to %s, which Herald has no record of", e.ID, phone)
		case !recorded:
			// The kill came before the answer was committed: nothing went.
		case a.State == "sent" || a.State == "delivered" || a.State == "read":
			went++
			if !taken || e.Text != a.Text {
				t.Errorf("the answer to %s is %s but the server holds %+v", phone, a.State, e)
			}
		case a.State == "failed":
			if taken {
				t.Errorf("the answer to %s failed (%s) but the server took it", phone, a.Error)
			}
		default:
			t.Errorf("the answer to %s is left %s (%s)", phone, a.State, a.Error)
		}
	}
	if went == 0 {
		t.Error("no answer went: no kill landed after the commit")
	}
	t.Logf("%d answers, %d went once, %d messages in the journal", len(phones), went, len(journal))
}

// answerAtKill reads the killed Herald's database, read-only: the state of
// conversation conv's answer ("" when none was committed), and whether the
// server's journal holds it.
func answerAtKill(t *testing.T, data string, conv int64) (string, bool) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "herald.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var state, id string
	err = db.QueryRow("SELECT state, message_id FROM inbox_messages WHERE conversation_id = ? AND direction = 'out'", conv).Scan(&state, &id)
	if err == sql.ErrNoRows {
		return "", false
	}
	if err != nil {
		t.Fatalf("read the database after a kill: %v", err)
	}
	journal, err := simulator.ReadJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range journal {
		if e.ID == id {
			return state, true
		}
	}
	return state, false
}
