//go:build e2e

package browser

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the driver Herald's store uses
)

// A campaign on the linked phone that Herald was sending when it stopped
// ends with messages WhatsApp never confirmed. The page says what that
// means, lists them, and sends them again only once the user accepts that
// one which did arrive arrives twice.
func TestCampaigns_UnconfirmedMessagesAreExplainedAndSentAgainOnRequest(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 3 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3100+i)})
	}
	id := addCampaign(t, h, "Doubtful", addTemplate(t, h, "Doubt", "Hello {{first_name}}"), noLimits, true)
	campaignUntil(t, h, id, "completed", func(c campaignJSON) bool { return c.State == "completed" })
	leaveUnconfirmed(t, h, id, 2)

	ctx := openCampaigns(t, h)
	click(t, ctx, fmt.Sprintf("#campaign-row-%d .campaign-open", id))
	waitCampaignState(t, ctx, "completed")
	waitFor(t, ctx, "the unconfirmed messages explained", `!document.querySelector('#campaign-unconfirmed').hidden && document.querySelector('#campaign-unconfirmed').dataset.count === '2'`)
	if text := eval[string](t, ctx, `document.querySelector('#campaign-unconfirmed').innerText`); !strings.Contains(text, "may or may not have arrived") || !strings.Contains(text, "2 messages") {
		t.Errorf("the explanation reads %q", text)
	}
	click(t, ctx, "#campaign-unconfirmed-show")
	waitFor(t, ctx, "only the unconfirmed listed", `document.querySelector('#campaign-recipients-state').value === 'unconfirmed' &&
		[...document.querySelectorAll('#campaign-recipients tbody .recipient-state')].length === 2 &&
		[...document.querySelectorAll('#campaign-recipients tbody .recipient-state')].every(b => b.dataset.state === 'unconfirmed')`)

	screenshot(t, ctx, "browser-campaigns-unconfirmed")
	click(t, ctx, "#campaign-resend")
	waitModal(t, ctx, "confirm-modal", true)
	screenshot(t, ctx, "browser-campaigns-send-again")
	if text := eval[string](t, ctx, `document.querySelector('#confirm-modal').innerText`); !strings.Contains(text, "twice") {
		t.Errorf("the confirmation does not say a message may arrive twice: %q", text)
	}
	click(t, ctx, "#confirm-ok")
	waitModal(t, ctx, "confirm-modal", false)
	waitFor(t, ctx, "nothing left unconfirmed", `document.querySelector('#campaign-unconfirmed').hidden && document.querySelector('#campaign-detail').dataset.state === 'completed'`)
	sameDocument(t, ctx)

	var page struct {
		Items []struct {
			State     string `json:"state"`
			MessageID string `json:"messageId"`
		} `json:"items"`
	}
	if err := json.Unmarshal(h.Call(t, "CampaignService", "Recipients", id, map[string]any{"limit": 10}), &page); err != nil {
		t.Fatal(err)
	}
	again := 0
	for _, r := range page.Items {
		if r.State == "unconfirmed" || r.State == "queued" || r.State == "sending" {
			t.Errorf("a recipient is still %s", r.State)
		}
		if strings.HasSuffix(r.MessageID, "-r1") {
			again++
		}
	}
	if again != 2 {
		t.Errorf("%d messages went again with a new ID, want 2: %+v", again, page.Items)
	}
}

type campaignJSON struct {
	State string `json:"state"`
	Stats struct {
		Unconfirmed int `json:"unconfirmed"`
	} `json:"stats"`
}

// campaignUntil polls campaign id over the RPC until ok holds.
func campaignUntil(t *testing.T, h *heraldServer, id int64, what string, ok func(campaignJSON) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var c campaignJSON
		if err := json.Unmarshal(h.Call(t, "CampaignService", "Get", id), &c); err != nil {
			t.Fatal(err)
		}
		if ok(c) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("campaign %d is not %s: %+v", id, what, c)
		}
		time.Sleep(50 * time.Millisecond) // polling the backend, not waiting for the page
	}
}

// leaveUnconfirmed makes n recipients of campaign id what a crash on the
// linked phone leaves once the wait for their receipts is over: unconfirmed
// messages whose IDs the server never saw (so that no receipt of the
// campaign's own sends moves them on). It writes the database of the
// running server, as nothing else short of a crash can.
func leaveUnconfirmed(t *testing.T, h *heraldServer, id int64, n int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(h.DataDir, "herald.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE campaign_recipients SET state = 'unconfirmed', message_id = message_id || '-lost',
			error = 'WhatsApp did not confirm this message before Herald stopped: it may or may not have arrived.',
			sent_at = NULL, delivered_at = NULL, read_at = NULL
		WHERE id IN (SELECT id FROM campaign_recipients WHERE campaign_id = ? ORDER BY id LIMIT ?)`, id, n)
	if err != nil {
		t.Fatalf("leave messages unconfirmed: %v", err)
	}
	if got, _ := res.RowsAffected(); got != int64(n) {
		t.Fatalf("%d recipients made unconfirmed, want %d", got, n)
	}
	campaignUntil(t, h, id, fmt.Sprintf("showing %d unconfirmed", n), func(c campaignJSON) bool { return c.Stats.Unconfirmed == n })
}
