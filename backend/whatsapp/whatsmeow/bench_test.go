package whatsmeow_test

import (
	"bufio"
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/store"

	"herald/backend/internal/fakeclock"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/whatsmeow"
	"herald/backend/whatsapp/whatsmeow/fakeclient"
)

// BenchmarkDriver_IdleConnected measures what a linked phone costs while
// it sits connected: the driver, whatsapp.db's connections and the client,
// here the fake one (a real client adds its socket and caches). heap-KB is
// the live Go heap one connected driver holds, averaged over the runs;
// rss-KB is the process's resident memory with the first one connected,
// and rss-growth-KB what that first driver added to it.
func BenchmarkDriver_IdleConnected(b *testing.B) {
	var heap, rssBefore, rssAfter int64
	for i := 0; b.Loop(); i++ {
		before := liveHeap()
		if i == 0 {
			rssBefore = rss(b)
		}
		clock := fakeclock.New(t0)
		srv := fakeclient.NewServer(fakeclient.Options{Clock: clock})
		d, err := whatsmeow.Open(b.TempDir(), whatsmeow.Options{Clock: clock,
			NewClient: func(dev *store.Device) whatsmeow.Client { return srv.NewClient(dev) }})
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Connect(context.Background()); err != nil {
			b.Fatal(err)
		}
		until(d, func(e whatsapp.Event) bool { return e.Kind == whatsapp.EventPairing })
		if err := srv.Scan(); err != nil {
			b.Fatal(err)
		}
		until(d, func(e whatsapp.Event) bool {
			return e.Kind == whatsapp.EventState && e.Status.State == whatsapp.StateConnected
		})
		drained := make(chan struct{})
		go func() {
			defer close(drained)
			for range d.Events() {
			}
		}()
		// A campaign's worth of history in whatsapp.db.
		for j := range 200 {
			if _, err := d.Send(context.Background(), text("m"+strconv.Itoa(j), "+4915100000001")); err != nil {
				b.Fatal(err)
			}
		}
		heap += liveHeap() - before
		if i == 0 {
			rssAfter = rss(b)
		}
		if err := d.Close(); err != nil {
			b.Fatal(err)
		}
		<-drained
	}
	b.ReportMetric(float64(heap)/float64(b.N)/1024, "heap-KB")
	if rssAfter > 0 {
		b.ReportMetric(float64(rssAfter), "rss-KB")
		b.ReportMetric(float64(rssAfter-rssBefore), "rss-growth-KB")
	}
}

// until reads d's events up to one that ok accepts.
func until(d *whatsmeow.Driver, ok func(whatsapp.Event) bool) {
	for e := range d.Events() {
		if ok(e) {
			return
		}
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// rss is the process's VmRSS in KB, 0 where /proc does not say.
func rss(b *testing.B) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb
		}
	}
	return 0
}
