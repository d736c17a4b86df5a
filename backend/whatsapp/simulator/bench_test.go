package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
)

// BenchmarkSend measures the simulator with zero latency and no rate limit,
// every journal line written, against a bare loop appending the same lines
// to a file the same way (one write per line, O_APPEND). The ratio says how
// much the driver adds on top of the journal itself. The fake clock is never
// advanced, so receipt timers are scheduled (their cost is counted) but none
// fires during the run.
func BenchmarkSend(b *testing.B) {
	dir := b.TempDir()
	sim, err := New(dir, Config{Seed: 1}, fakeclock.New(t0))
	if err != nil {
		b.Fatal(err)
	}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range sim.Events() {
		}
	}()
	ctx := context.Background()
	if err := sim.Connect(ctx); err != nil {
		b.Fatal(err)
	}
	if err := sim.SimulateScan(); err != nil {
		b.Fatal(err)
	}
	msgs := make([]whatsapp.Message, b.N)
	for i := range msgs {
		msgs[i] = whatsapp.Message{ID: fmt.Sprintf("m%09d", i), To: fmt.Sprintf("+4915%09d", i), Text: "Hello, your appointment is tomorrow at 10:00."}
	}
	b.ResetTimer()
	start := time.Now()
	for _, m := range msgs {
		if _, err := sim.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	simElapsed := time.Since(start)
	b.StopTimer()
	if err := sim.Close(); err != nil {
		b.Fatal(err)
	}
	<-drained

	baseElapsed := baselineAppend(b, msgs)
	simRate := float64(b.N) / simElapsed.Seconds()
	baseRate := float64(b.N) / baseElapsed.Seconds()
	b.ReportMetric(simRate, "msgs/s")
	b.ReportMetric(baseRate, "baseline_msgs/s")
	b.ReportMetric(simRate/baseRate, "ratio")
}

// baselineAppend writes the journal lines of msgs with nothing else around.
func baselineAppend(b *testing.B, msgs []whatsapp.Message) time.Duration {
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "baseline.jsonl"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	for _, m := range msgs {
		line, err := json.Marshal(JournalEntry{ID: m.ID, To: m.To, Text: m.Text, At: t0})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Write(append(line, '\n')); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}
