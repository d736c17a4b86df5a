package campaigns

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"herald/backend/contacts"
	"herald/backend/contacts/contactstest"
	"herald/backend/store"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

// Campaign benchmarks: `make bench-campaigns`, i.e.
//
//	go test -run '^$' -bench Campaign -benchtime 1x ./backend/campaigns/
//
// Each iteration is a whole campaign, so -benchtime 1x is the natural run.

const benchBody = "Hi {{first_name|there}}, your order {{custom.order}} is ready for pick-up at our {{company|Main Street}} shop. " +
	"{Reply STOP to opt out.|Reply STOP to stop these messages.}"

// addContactsFast imports n contacts as a file would bring them (custom
// fields, a company for some), far faster than ContactService.Create.
// Names are "Person<i> Bench".
func (w *world) addContactsFast(n int) {
	w.t.Helper()
	contactstest.Import(w.t, w.contacts, []string{"phone", "name", "company", "custom:order"}, n, func(i int) []string {
		company := ""
		if i%3 == 0 {
			company = "Acme"
		}
		return []string{fmt.Sprintf("+1202%07d", 2_000_000+i), fmt.Sprintf("Person%d Bench", i), company, fmt.Sprintf("A-%06d", i)}
	})
}

// benchEngine starts an engine as Herald runs it (wall clock, progress
// events every 250 ms) on sim, pumping the simulator's events into it as
// the connection monitor does. receipts counts the receipts pumped.
func (w *world) benchEngine(sim *simulator.Simulator, receipts *atomic.Int64) *instance {
	w.t.Helper()
	svc, e, err := New(Deps{DB: w.db, Driver: sim, Activity: w.act, Emitter: w.rec, Log: w.log,
		Templates: w.templates, Contacts: w.book, Audiences: w.book,
		Location: time.UTC, Files: userfiles.Desktop(filepath.Join(w.dir, "exports"))})
	if err != nil {
		w.t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev := range sim.Events() {
			if ev.Kind == whatsapp.EventReceipt && receipts != nil {
				receipts.Add(1)
			}
			e.Observe(ev)
		}
	}()
	return w.running(svc, e, sim, &wg)
}

// pairedSim is a connected simulator in dir on clock.
func pairedSim(tb testing.TB, dir string, cfg simulator.Config, clock clockwork.Clock) *simulator.Simulator {
	tb.Helper()
	sim, err := simulator.New(dir, cfg, clock)
	if err != nil {
		tb.Fatal(err)
	}
	if err := sim.Connect(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if err := sim.SimulateScan(); err != nil {
		tb.Fatal(err)
	}
	if sim.Status().State != whatsapp.StateConnected {
		tb.Fatalf("simulator is %s, not connected", sim.Status().State)
	}
	return sim
}

// fastClock is the wall clock sped up: simulated time runs factor times
// faster, so the simulated phones' delivered (1–5 s) and read (5 s–2 min)
// receipts arrive while a benchmark campaign is still sending, and their
// timers do not pile up for minutes. Its timers are runtime timers for the
// durations divided by factor; a Reset is not scaled.
type fastClock struct {
	wall   clockwork.Clock
	start  time.Time
	factor time.Duration
}

func newFastClock(factor time.Duration) fastClock {
	return fastClock{wall: clockwork.NewRealClock(), start: time.Now(), factor: factor}
}

func (c fastClock) Now() time.Time                  { return c.start.Add(time.Since(c.start) * c.factor) }
func (c fastClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
func (c fastClock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }
func (c fastClock) Sleep(d time.Duration)           { c.wall.Sleep(d / c.factor) }

func (c fastClock) After(d time.Duration) <-chan time.Time { return c.wall.After(d / c.factor) }

func (c fastClock) NewTimer(d time.Duration) clockwork.Timer { return c.wall.NewTimer(d / c.factor) }

func (c fastClock) NewTicker(d time.Duration) clockwork.Ticker { return c.wall.NewTicker(d / c.factor) }

func (c fastClock) AfterFunc(d time.Duration, f func()) clockwork.Timer {
	return c.wall.AfterFunc(d/c.factor, f)
}

// BenchmarkCampaignEnqueue starts an all-contacts campaign over 100,000
// contacts: Start copies the template, queues every recipient (INSERT …
// SELECT) and marks the campaign running in one transaction, then returns
// the campaign with its counts, as the UI receives it. WhatsApp is
// disconnected so the dispatcher only waits.
func BenchmarkCampaignEnqueue(b *testing.B) {
	const n = 100_000
	w := newWorld(b)
	w.addContactsFast(n)
	tmpl := w.template(benchBody)
	sim := pairedSim(b, w.dir, quiet(), clockwork.NewRealClock())
	in := w.benchEngine(sim, nil)
	if err := sim.Disconnect(); err != nil {
		b.Fatal(err)
	}
	in.e.connected.Set(false)
	var worst time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		c, err := in.Create(Input{Name: fmt.Sprintf("Enqueue %d", i), TemplateID: tmpl, Audience: Audience{All: true}})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		got, err := in.Start(c.ID)
		took := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if !got.State.active() || got.Stats.Total != n || got.Stats.Queued != n {
			b.Fatalf("after Start: %s with %+v", got.State, got.Stats)
		}
		worst = max(worst, took)
		// Not measured: the next campaign starts from the same book.
		if _, err := in.Cancel(c.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/start")
	b.ReportMetric(float64(worst.Milliseconds()), "worst_ms")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "recipients/s")
}

// BenchmarkCampaignDispatch sends an all-contacts campaign with no pacing to
// the simulator at zero latency, every state change committed (claims,
// outcomes, and the sent, delivered and read receipts, which the simulated
// phones produce during the run on a clock sped up 100×). In the same run:
//
//   - baseline: a bare loop over a database opened the same way (store.Open),
//     one recipient at a time: claim with UPDATE … RETURNING, Send to a
//     simulator, mark with UPDATE — two commits per message (SQLITE-NOTES
//     "Queue");
//   - simulator: Send in a tight loop, the driver's own ceiling.
//
// msgs/s is from the moment Start returns until the campaign is completed.
func BenchmarkCampaignDispatch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			var dispatch, baseline, ceiling, heap, live, rss, receipts, cpu, baseCPU float64
			for range b.N {
				d := dispatchOnce(b, n)
				dispatch += d.rate
				cpu += d.cpuPerMsg
				heap = max(heap, d.peakHeap)
				live = max(live, d.liveHeap)
				rss = max(rss, d.rssGrowth)
				receipts += d.receipts
				rate, perMsg := baselineLoop(b, n)
				baseline += rate
				baseCPU += perMsg
				ceiling += simulatorLoop(b, n)
			}
			k := float64(b.N)
			b.ReportMetric(dispatch/k, "msgs/s")
			b.ReportMetric(baseline/k, "baseline_msgs/s")
			b.ReportMetric(ceiling/k, "sim_msgs/s")
			b.ReportMetric(dispatch/baseline, "x_baseline")
			b.ReportMetric(dispatch/ceiling, "x_sim")
			b.ReportMetric(heap, "peak_heap_MB")
			b.ReportMetric(live, "live_heap_MB")
			b.ReportMetric(rss, "rss_growth_MB")
			b.ReportMetric(receipts/k, "receipt_events/msg")
			// CPU time per message (all goroutines, user + system) depends
			// less on what else the machine runs than wall-clock rates do.
			b.ReportMetric(cpu/k, "cpu_µs/msg")
			b.ReportMetric(baseCPU/k, "baseline_cpu_µs/msg")
		})
	}
}

type dispatchResult struct {
	rate      float64 // messages a second
	peakHeap  float64 // MB of heap objects (live and not yet swept), highest sample during the run
	liveHeap  float64 // MB of live heap once the campaign completed, engine and simulator still up
	rssGrowth float64 // MB, highest RSS during the run minus RSS before it
	receipts  float64 // receipts applied during the run, per message
	cpuPerMsg float64 // µs of CPU time of the process per message
}

func dispatchOnce(b *testing.B, n int) dispatchResult {
	b.StopTimer()
	w := newWorld(b)
	w.addContactsFast(n)
	tmpl := w.template(benchBody)
	var receipts atomic.Int64
	sim := pairedSim(b, w.dir, quiet(), newFastClock(100))
	in := w.benchEngine(sim, &receipts)
	c, err := in.Create(Input{Name: "Dispatch", TemplateID: tmpl, Audience: Audience{All: true}})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	rss0 := rssMB()
	mem := watchMemory()
	b.StartTimer()
	if _, err := in.Start(c.ID); err != nil {
		b.Fatal(err)
	}
	start, cpu0 := time.Now(), cpuTime()
	received0 := receipts.Load()
	for {
		var state State
		if err := w.db.Raw("SELECT state FROM campaigns WHERE id = ?", c.ID).Scan(&state).Error; err != nil {
			b.Fatal(err)
		}
		if state == StateCompleted {
			break
		}
		if state != StateRunning {
			b.Fatalf("campaign is %s", state)
		}
		time.Sleep(2 * time.Millisecond)
	}
	took, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	received := receipts.Load() - received0
	peakHeap, peakRSS := mem()
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	got, err := in.Get(c.ID)
	if err != nil {
		b.Fatal(err)
	}
	if got.Stats.Total != int64(n) || wentOut(got.Stats) != int64(n) {
		b.Fatalf("stats %+v", got.Stats)
	}
	entries, err := simulator.ReadJournal(w.dir)
	if err != nil || len(entries) != n {
		b.Fatalf("journal has %d entries (%v), want %d", len(entries), err, n)
	}
	in.stop()
	return dispatchResult{rate: float64(n) / took.Seconds(), peakHeap: peakHeap, rssGrowth: peakRSS - rss0,
		liveHeap: float64(live[0].Value.Uint64()) / (1 << 20),
		receipts: float64(received) / float64(n), cpuPerMsg: float64(cpu.Microseconds()) / float64(n)}
}

// baselineLoop is the bare claim-send-mark loop: msgs/s and CPU µs/msg.
func baselineLoop(b *testing.B, n int) (float64, float64) {
	dir := b.TempDir()
	db, err := store.Open(filepath.Join(dir, "herald.db"), contacts.SQLFunctions()...)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close(db)
	now := dbTime(time.Now())
	for _, q := range []string{
		`INSERT INTO campaigns (name, template_id, state, message_key, created_at, updated_at) VALUES ('B', 1, 'running', 'HBASE', '` + now + `', '` + now + `')`,
	} {
		if err := db.Exec(q).Error; err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Exec(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?)
		INSERT INTO campaign_recipients (campaign_id, contact_id, phone, name)
		SELECT 1, i + 1, printf('+1202%07d', i), printf('Person%d Bench', i) FROM seq`, n).Error; err != nil {
		b.Fatal(err)
	}
	sim := pairedSim(b, dir, quiet(), newFastClock(100))
	drained := drain(sim)
	defer func() { _ = sim.Close(); <-drained }()
	sqlDB, err := db.DB()
	if err != nil {
		b.Fatal(err)
	}
	claim, err := sqlDB.Prepare(`UPDATE campaign_recipients SET state = 'sending', message_id = 'HBASE-' || contact_id
		WHERE id = (SELECT id FROM campaign_recipients WHERE campaign_id = 1 AND state = 'queued' ORDER BY id LIMIT 1)
		RETURNING id, phone, name, message_id`)
	if err != nil {
		b.Fatal(err)
	}
	defer claim.Close()
	mark, err := sqlDB.Prepare(`UPDATE campaign_recipients SET state = 'sent', sent_at = ? WHERE id = ?`)
	if err != nil {
		b.Fatal(err)
	}
	defer mark.Close()
	ctx := context.Background()
	text := make([]byte, 0, 256)
	b.StartTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range n {
		var id int64
		var phone, name, msgID string
		if err := claim.QueryRow().Scan(&id, &phone, &name, &msgID); err != nil {
			b.Fatal(err)
		}
		text = append(append(append(text[:0], "Hi "...), name...), ", your order is ready for pick-up at our Main Street shop."...)
		r, err := sim.Send(ctx, whatsapp.Message{ID: msgID, To: phone, Text: string(text)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := mark.Exec(dbTime(r.At), id); err != nil {
			b.Fatal(err)
		}
	}
	took, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	return float64(n) / took.Seconds(), float64(cpu.Microseconds()) / float64(n)
}

// simulatorLoop is the simulator's ceiling: Send in a tight loop, msgs/s.
func simulatorLoop(b *testing.B, n int) float64 {
	sim := pairedSim(b, b.TempDir(), quiet(), newFastClock(100))
	drained := drain(sim)
	defer func() { _ = sim.Close(); <-drained }()
	msgs := make([]whatsapp.Message, n)
	for i := range msgs {
		msgs[i] = whatsapp.Message{ID: "HSIM-" + strconv.Itoa(i), To: fmt.Sprintf("+1202%07d", i),
			Text: fmt.Sprintf("Hi Person%d, your order A-%06d is ready for pick-up at our Main Street shop. Reply STOP to opt out.", i, i)}
	}
	ctx := context.Background()
	b.StartTimer()
	start := time.Now()
	for _, m := range msgs {
		if _, err := sim.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	took := time.Since(start)
	b.StopTimer()
	return float64(n) / took.Seconds()
}

func drain(sim *simulator.Simulator) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range sim.Events() {
		}
	}()
	return done
}

// watchMemory samples the live Go heap and the process's RSS every 10 ms
// until the returned function is called, which reports the peaks in MB.
func watchMemory() func() (heapMB, rssMB float64) {
	stop := make(chan struct{})
	var peakHeap, peakRSS float64
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		peakHeap = max(peakHeap, float64(sample[0].Value.Uint64())/(1<<20))
		peakRSS = max(peakRSS, rssMB())
	}
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() (float64, float64) {
		close(stop)
		<-done
		read()
		return peakHeap, peakRSS
	}
}
