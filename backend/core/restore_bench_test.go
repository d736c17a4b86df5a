package core

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"herald/backend/contacts"
	"herald/backend/contacts/contactstest"
	"herald/backend/store"
)

// BenchmarkRestore_Replace measures the swap of a restore (store.Replace,
// then contacts.Reload) over a book of HERALD_BENCH_ROWS contacts (benchBook,
// 1,000,000 by default) against a plain copy of the same file, with the
// contact list queried again and again meanwhile:
//
//	go test -run '^$' -bench Restore -benchtime 1x ./backend/core/
func BenchmarkRestore_Replace(b *testing.B) {
	n := benchBook()
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
	plain := plainCopy(b, snap, snap+".copy")
	b.ResetTimer()
	for range b.N {
		var swap, whole time.Duration
		lists := timeLists(b, c, func() {
			start := time.Now()
			if err := store.Replace(c.db, snap, nil); err != nil {
				b.Fatal(err)
			}
			swap = time.Since(start)
			if err := contacts.Reload(c.Contacts); err != nil {
				b.Fatal(err)
			}
			whole = time.Since(start)
		})
		b.ReportMetric(swap.Seconds(), "replace-s")
		b.ReportMetric(whole.Seconds(), "with-reload-s")
		b.ReportMetric(whole.Seconds()/plain.Seconds(), "x-plain-copy")
		b.ReportMetric(float64(lists[len(lists)-1].Milliseconds()), "slowest-list-ms")
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "MB")
}
