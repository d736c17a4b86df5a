package core

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"herald/backend/backup"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/templates"
)

// benchBook is HERALD_BENCH_ROWS contacts, default the million,
// of whom one in ten is tagged vip.
func benchBook() int {
	if n, err := strconv.Atoi(os.Getenv("HERALD_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// plainCopy is the baseline: a plain copy of the database file, synced.
func plainCopy(b *testing.B, from, to string) time.Duration {
	b.Helper()
	start := time.Now()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Sync(); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	_ = os.Remove(to)
	return took
}

// BenchmarkBackup backs up a book of 1,000,000 contacts with a campaign of
// 100,000 recipients queued, against a plain copy of the same database
// file made just before and just after, while a contact list query runs
// again and again: its slowest time during the backup is the app's
// responsiveness.
func BenchmarkBackup(b *testing.B) {
	rows := benchBook()
	dir := b.TempDir()
	c, err := New(Options{DataDir: dir, Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	vip := func(i int) string {
		if i%10 == 0 {
			return "vip"
		}
		return "customer"
	}
	if res, err := c.Contacts.Import(contactsFile(b, "book.csv", 0, rows, vip), contacts.ImportOptions{}); err != nil || res.Created != int64(rows) {
		b.Fatalf("import: %d created, %d failed, %v", res.Created, res.Failed, err)
	}
	tmpl, err := c.Templates.Create(templates.Template{Name: "Hello", Body: "Hi {{first_name}}"})
	if err != nil {
		b.Fatal(err)
	}
	camp, err := c.Campaigns.Create(campaigns.Input{Name: "VIP", TemplateID: tmpl.ID, Audience: campaigns.Audience{Tags: []string{"vip"}}})
	if err != nil {
		b.Fatal(err)
	}
	// Not connected: the campaign queues its recipients and waits.
	if _, err := c.Campaigns.Start(camp.ID); err != nil {
		b.Fatal(err)
	}
	if got, err := c.Campaigns.Get(camp.ID); err != nil || got.Stats.Total != int64(rows/10) {
		b.Fatalf("campaign %+v, %v", got.Stats, err)
	}
	if err := c.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
		b.Fatal(err)
	}
	dbPath := filepath.Join(dir, DatabaseFile)
	st, err := os.Stat(dbPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		before := plainCopy(b, dbPath, filepath.Join(dir, "copy-before.db"))

		var made backup.Backup
		var took time.Duration
		lists := timeLists(b, c, func() {
			start := time.Now()
			var err error
			if made, err = c.Backup.BackupNow(); err != nil {
				b.Fatal(err)
			}
			took = time.Since(start)
		})
		// The same number of queries with no backup running: what the
		// machine's own load does to them.
		var quiet []time.Duration
		for range lists {
			took, err := timeList(c)
			if err != nil {
				b.Fatal(err)
			}
			quiet = append(quiet, took)
		}
		slices.Sort(quiet)
		after := plainCopy(b, dbPath, filepath.Join(dir, "copy-after.db"))

		baseline := (before + after) / 2
		b.ReportMetric(took.Seconds(), "backup_s")
		b.ReportMetric(baseline.Seconds(), "copy_s")
		b.ReportMetric(took.Seconds()/baseline.Seconds(), "backup/copy")
		b.ReportMetric(float64(lists[len(lists)/2].Microseconds())/1000, "list_p50_ms")
		b.ReportMetric(float64(lists[len(lists)*99/100].Microseconds())/1000, "list_p99_ms")
		b.ReportMetric(float64(lists[len(lists)-1].Microseconds())/1000, "list_max_ms")
		b.ReportMetric(float64(quiet[len(quiet)*99/100].Microseconds())/1000, "quiet_p99_ms")
		b.ReportMetric(float64(quiet[len(quiet)-1].Microseconds())/1000, "quiet_max_ms")
		b.Logf("database %s, backup %s; %d list queries during the backup; copies %s and %s",
			mb(st.Size()), mb(made.Size), len(lists), before.Round(time.Millisecond), after.Round(time.Millisecond))
		if err := os.Remove(made.Path); err != nil {
			b.Fatal(err)
		}
	}
}

// timeList times one first page of the contact list, as the Contacts page
// asks for it.
func timeList(c *Core) (time.Duration, error) {
	start := time.Now()
	_, err := c.Contacts.List(contacts.Query{Limit: 50})
	return time.Since(start), err
}

// timeLists times list queries, one after another, for as long as during
// runs, and returns their times in order.
func timeLists(b *testing.B, c *Core, during func()) []time.Duration {
	stop := make(chan struct{})
	done := make(chan []time.Duration)
	errs := make(chan error, 1)
	go func() {
		var times []time.Duration
		for {
			select {
			case <-stop:
				done <- times
				return
			default:
			}
			took, err := timeList(c)
			if err != nil {
				errs <- err
				done <- nil
				return
			}
			times = append(times, took)
		}
	}()
	during()
	close(stop)
	times := <-done
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	if len(times) == 0 {
		b.Fatal("no list query ran during the backup")
	}
	slices.Sort(times)
	return times
}

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }
