package core

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"herald/backend/contacts"
	"herald/backend/contacts/contactstest"
	"herald/backend/store"
)

// BenchmarkRestore_Replace measures the swap of a restore (store.Replace,
// then contacts.Reload) over a book of RESTORE_BENCH_CONTACTS contacts
// (1,000,000 unless set) against a plain copy of the same file, and the
// slowest contact list query made meanwhile:
//
//	go test -run '^$' -bench Restore -benchtime 1x ./backend/core/
func BenchmarkRestore_Replace(b *testing.B) {
	n := 1000000
	if v, err := strconv.Atoi(os.Getenv("RESTORE_BENCH_CONTACTS")); err == nil && v > 0 {
		n = v
	}
	c, err := New(Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	contactstest.Import(b, c.Contacts, []string{"name", "phone", "email"}, n, func(i int) []string {
		return []string{fmt.Sprintf("Person %d Name", i), fmt.Sprintf("+44%d", 7400000000+i), fmt.Sprintf("p%d@example.com", i)}
	})
	snap := filepath.Join(b.TempDir(), "snapshot.db")
	if err := c.db.Exec("VACUUM INTO ?", snap).Error; err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(snap)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := copyFile(snap, snap+".copy"); err != nil {
		b.Fatal(err)
	}
	plain := time.Since(start)
	b.ResetTimer()
	for range b.N {
		var slowest atomic.Int64
		done := make(chan struct{})
		listed := make(chan struct{})
		go func() {
			defer close(listed)
			for {
				select {
				case <-done:
					return
				default:
				}
				t0 := time.Now()
				if _, err := c.Contacts.List(contacts.Query{Search: "person 4242", Limit: 50}); err != nil {
					b.Error(err)
					return
				}
				if d := int64(time.Since(t0)); d > slowest.Load() {
					slowest.Store(d)
				}
			}
		}()
		start := time.Now()
		if err := store.Replace(c.db, snap, nil); err != nil {
			b.Fatal(err)
		}
		swap := time.Since(start)
		if err := contacts.Reload(c.Contacts); err != nil {
			b.Fatal(err)
		}
		whole := time.Since(start)
		close(done)
		<-listed
		b.ReportMetric(swap.Seconds(), "replace-s")
		b.ReportMetric(whole.Seconds(), "with-reload-s")
		b.ReportMetric(whole.Seconds()/plain.Seconds(), "x-plain-copy")
		b.ReportMetric(float64(slowest.Load())/1e6, "slowest-list-ms")
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "MB")
}
