package inbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/contacts/contactstest"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
	"herald/backend/web"
)

// benchSize is the number of contacts and of messages: HERALD_BENCH_ROWS,
// default the million of each.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("HERALD_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// benchPhone is contact i's number: unique for i below 1,000,000.
func benchPhone(i int) string {
	areas := []int{212, 305, 312, 415, 512, 617, 646, 702, 713, 818}
	return fmt.Sprintf("+1%d%03d%04d", areas[i%len(areas)], 200+(i/10000)%800, i%10000)
}

// seedMessages writes n messages, half incoming, in conversations of four
// (a quarter of the numbers wrote; one conversation in 25 is a number that
// is no contact), in one transaction, as arriving one by one would leave
// them: the conversations' last messages and unread counts included.
func seedMessages(b *testing.B, svc *Service, contactsN, n int) {
	words := strings.Fields(`order delivery price thanks hello when where open tomorrow today please invoice size colour blue red green
		discount sale shop parcel address change cancel refund week weekend morning evening store online payment card cash
		question answer available stock coupon code friday monday great perfect sorry late early number ticket booking table`)
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		k := 4 + rng.IntN(8)
		out := make([]string, k)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(out, " ")
	}
	tx := svc.e.db.Begin()
	convs := n / 4
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := range convs {
		phone := benchPhone((k * 4) % contactsN)
		if k%25 == 0 {
			phone = fmt.Sprintf("+4420%08d", k)
		}
		at := start.Add(time.Duration(k) * time.Minute)
		var last string
		var lastIn bool
		var conv int64
		if err := tx.Raw(`INSERT INTO inbox_conversations (phone, last_at, last_text, last_from_them, unread) VALUES (?, ?, '', 0, ?)
			RETURNING id`, phone, at, k%5 == 0).Scan(&conv).Error; err != nil {
			b.Fatal(err)
		}
		for m := range 4 {
			dir, state := "out", StateRead
			if (m+k)%2 == 0 {
				dir, state = "in", StateReceived
			}
			var campaign *int64
			if m == 0 && dir == "in" && k%10 == 0 {
				c := int64(1 + (k/10)%20)
				campaign = &c
			}
			last, lastIn = text(), dir == "in"
			if k == convs/2 && m == 1 {
				last = "the quetzal parcel"
			}
			msg := messageRow{ConversationID: conv, Direction: dir, Text: last, At: at.Add(time.Duration(m-4) * time.Second),
				MessageID: fmt.Sprintf("m-%d-%d", k, m), State: state, CampaignID: campaign}
			if err := insertMessage(tx, &msg); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Exec("UPDATE inbox_conversations SET last_text = ?, last_from_them = ? WHERE id = ?", last, lastIn, conv).Error; err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit().Error; err != nil {
		b.Fatal(err)
	}
	svc.e.db.Exec("ANALYZE")
}

// BenchmarkInbox lists, filters and searches the conversations of
// benchSize messages from benchSize contacts, and opens one, through the
// RPC of `herald serve`, and reports each call's median, with its ratio
// to the bare indexed query of a page of conversations.
func BenchmarkInbox(b *testing.B) {
	n := benchSize()
	dir := b.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close(db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	book, err := contacts.NewService(db, activity.NewLog(db, &events.Recorder{}, log), &events.Recorder{}, log, fixedCountry("US"),
		userfiles.Desktop(dir))
	if err != nil {
		b.Fatal(err)
	}
	contactstest.Import(b, book, []string{"phone", "name"}, n, func(i int) []string {
		return []string{benchPhone(i), fmt.Sprintf("Customer %d", i)}
	})
	// One contact in a hundred opted out, a quarter of them with a
	// conversation.
	var phones []string
	for i := 4; i < n; i += 100 {
		phones = append(phones, benchPhone(i))
	}
	holders, err := contacts.NewAPI(book).ByPhones(phones)
	if err != nil {
		b.Fatal(err)
	}
	optedOut := make([]int64, 0, len(holders))
	for _, h := range holders {
		optedOut = append(optedOut, h.ID)
	}
	if k, err := book.SetOptedOut(optedOut, true, "Replied STOP"); err != nil || k != int64(len(optedOut)) {
		b.Fatalf("opted out %d of %d: %v", k, len(optedOut), err)
	}
	svc, e := New(Deps{DB: db, Driver: &fakeDriver{}, Contacts: contacts.NewAPI(book),
		Campaigns: &fakeCampaigns{sent: map[string][]campaigns.SentMessage{}}, Emitter: &events.Recorder{}, Log: log})
	defer e.Stop()
	seedMessages(b, svc, n, n)

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv, err := web.New(ln.Addr(), web.Options{Token: "t", Services: []web.Service{{Name: "InboxService", Impl: svc}}, Log: log})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv)
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	defer hs.Close()

	median := func(f func()) (med, worst float64) {
		var times []float64
		for range 7 {
			start := time.Now()
			f()
			times = append(times, float64(time.Since(start).Microseconds())/1000)
		}
		slices.Sort(times)
		return times[len(times)/2], times[len(times)-1]
	}
	sqlDB, _ := db.DB()
	bare, _ := median(func() {
		rows, err := sqlDB.Query("SELECT id, phone, last_at, last_text FROM inbox_conversations ORDER BY last_at DESC, id DESC LIMIT 50")
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
	})
	b.Logf("%-22s %8.2f ms median", "bare-indexed-page", bare)
	b.ReportMetric(bare, "bare-ms")

	call := func(method string, args ...any) (total int64) {
		body, _ := json.Marshal(args)
		req, _ := http.NewRequest(http.MethodPost, hs.URL+"/rpc/InboxService/"+method, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer t")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		var out struct {
			Result struct{ Total int64 }
			Error  string
		}
		json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode != 200 {
			b.Fatalf("%s: %d %s", method, res.StatusCode, out.Error)
		}
		return out.Result.Total
	}
	// A conversation in the middle of the list, by its contact.
	first, err := svc.Conversations(Query{Offset: n / 8, Limit: 1})
	if err != nil || len(first.Items) == 0 {
		b.Fatalf("a conversation to open: %v", err)
	}
	open := first.Items[0].ContactID
	cases := []struct {
		name   string
		method string
		args   []any
	}{
		{"conversations", "Conversations", []any{Query{Limit: 50}}},
		{"conversations-deep", "Conversations", []any{Query{Limit: 50, Offset: n / 16}}},
		{"unread", "Conversations", []any{Query{Unread: true, Limit: 50}}},
		{"needs-answer", "Conversations", []any{Query{NeedsAnswer: true, Limit: 50}}},
		{"campaign", "Conversations", []any{Query{CampaignID: 7, Limit: 50}}},
		{"opted-out", "Conversations", []any{Query{OptedOut: true, Limit: 50}}},
		{"opted-out-deep", "Conversations", []any{Query{OptedOut: true, Limit: 50, Offset: 5000}}},
		{"search-common", "Conversations", []any{Query{Search: "parcel", Limit: 50}}},
		{"search-two-words", "Conversations", []any{Query{Search: "refund friday", Limit: 50}}},
		{"search-rare", "Conversations", []any{Query{Search: "quetzal", Limit: 50}}},
		{"search-prefix", "Conversations", []any{Query{Search: "deliv", Limit: 50}}},
		{"search-unread", "Conversations", []any{Query{Search: "parcel", Unread: true, Limit: 50}}},
		{"search-deep", "Conversations", []any{Query{Search: "parcel", Limit: 50, Offset: 500}}},
		{"messages-first-page", "Messages", []any{open, MessageQuery{Limit: 50}}},
		{"unread-count", "Unread", nil},
	}
	b.ResetTimer()
	var worst float64
	for _, c := range cases {
		var total int64
		med, most := median(func() { total = call(c.method, c.args...) })
		worst = max(worst, med)
		b.Logf("%-22s %8.2f ms median (max %6.2f, %5.1f× bare)  total %d", c.name, med, most, med/bare, total)
		b.ReportMetric(med, c.name+"-ms")
	}
	b.ReportMetric(worst, "worst-median-ms")
}
