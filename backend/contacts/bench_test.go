package contacts

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
	"herald/backend/web"
)

// benchRows is the size of the benchmark file: HERALD_BENCH_ROWS, default
// the million.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("HERALD_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// writeBenchCSV writes n synthetic contacts in the layout of
// shared/testdata/gen_contacts.go: US numbers in national and international
// forms, two tags each.
func writeBenchCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := rand.New(rand.NewSource(1))
	first := []string{"Ana", "Ben", "Chen", "Daniel", "Eve", "Fatima", "Gustavo", "Hana", "Ivan", "José", "Kofi", "Lena", "Mehmet", "Nadia", "Olu", "Priya"}
	last := []string{"Souza", "Carter", "Wei", "Ross", "Martin", "Noor", "Lima", "Sato", "Petrov", "Álvarez", "Mensah", "Fischer", "Yılmaz", "Haddad", "Adeyemi", "Sharma"}
	areas := []int{212, 305, 312, 415, 512, 617, 646, 702, 713, 818}
	tags := []string{"customer", "lead", "supplier", "vip", "wholesale", "newsletter"}
	out := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(out)
	w.Write([]string{"name", "phone", "email", "company", "tags"})
	for i := range n {
		fn, ln := first[r.Intn(len(first))], last[r.Intn(len(last))]
		area := areas[i%len(areas)]
		phone := fmt.Sprintf("(%d) %03d-%04d", area, 200+(i/10000)%800, i%10000)
		if i%4 == 0 {
			phone = fmt.Sprintf("+1 %d %03d %04d", area, 200+(i/10000)%800, i%10000)
		}
		w.Write([]string{fmt.Sprintf("%s %s %d", fn, ln, i), phone, fmt.Sprintf("%s.%s%d@example.com", fn, ln, i),
			ln + " Ltd", tags[r.Intn(len(tags))] + "," + tags[r.Intn(len(tags))]})
	}
	w.Flush()
	if err := out.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// bareInsert is the baseline: the same rows, read the same streaming way,
// through one prepared INSERT in one transaction into a table with a unique
// index on phone, in a database opened the way Herald opens its own.
func bareInsert(b *testing.B, csvPath, dbPath string) int {
	db, err := store.Open(dbPath, SQLFunctions()...)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close(db)
	sqlDB, _ := db.DB()
	if _, err := sqlDB.Exec(`CREATE TABLE bare (id INTEGER PRIMARY KEY, name TEXT, phone TEXT NOT NULL UNIQUE, email TEXT, company TEXT, tags TEXT)`); err != nil {
		b.Fatal(err)
	}
	f, _ := os.Open(csvPath)
	defer f.Close()
	rd := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	rd.ReuseRecord = true
	rd.Read()
	tx, _ := sqlDB.Begin()
	stmt, err := tx.Prepare("INSERT INTO bare (name, phone, email, company, tags) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if _, err := stmt.Exec(rec[0], rec[1], rec[2], rec[3], rec[4]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return n
}

// peakHeap samples the Go heap until stop is called and returns the peak.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkImport imports the benchmark file into an empty contact book and,
// in the same run, the bare prepared-INSERT loop of the same rows, once
// before Herald's import and once after: the machine's speed drifts over a
// minute (one baseline alone has run at 53,000 and at 89,000 rows/s), and
// the mean of the two is the baseline of the import between them.
func BenchmarkImport(b *testing.B) {
	n := benchRows()
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "contacts.csv")
	writeBenchCSV(b, csvPath, n)
	timeBare := func(name string) (int, time.Duration) {
		runtime.GC()
		start := time.Now()
		rows := bareInsert(b, csvPath, filepath.Join(dir, name))
		return rows, time.Since(start)
	}
	for i := range b.N {
		rows, before := timeBare(fmt.Sprintf("bare%d-before.db", i))

		db, err := store.Open(filepath.Join(dir, fmt.Sprintf("herald%d.db", i)), SQLFunctions()...)
		if err != nil {
			b.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		svc, err := NewService(db, activity.NewLog(db, &events.Recorder{}, log), &events.Recorder{}, log, fixedSettings{"defaultCountry": "US"}, userfiles.Desktop(dir))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop := peakHeap()
		start := time.Now()
		res, err := svc.Import(csvPath, ImportOptions{})
		herald := time.Since(start)
		peak := stop()
		if err != nil || res.Created != int64(rows) {
			b.Fatalf("import: %+v, %v", res.Created, err)
		}
		// Done means findable: a search must see the last row.
		if page, err := svc.List(Query{Search: fmt.Sprintf("%d", n-1)}); err != nil || page.Total < 1 {
			b.Fatalf("imported contacts are not searchable: %+v %v", page.Total, err)
		}
		store.Close(db)
		_, after := timeBare(fmt.Sprintf("bare%d-after.db", i))
		bare := (before + after) / 2
		b.Logf("baseline %.0f rows/s before the import, %.0f after; Herald %.0f rows/s",
			float64(rows)/before.Seconds(), float64(rows)/after.Seconds(), float64(rows)/herald.Seconds())
		b.ReportMetric(float64(rows)/bare.Seconds(), "bare-rows/s")
		b.ReportMetric(float64(rows)/herald.Seconds(), "rows/s")
		b.ReportMetric(bare.Seconds()/herald.Seconds(), "speed-vs-bare")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkImportMerge imports the benchmark file (HERALD_MERGE_ROWS rows,
// default 100,000) twice in each iteration: into an empty book, and into
// a book that already has every second number with a name only, with
// "fill only empty fields". It reports the second time over the first,
// and how long undoing the second import takes.
func BenchmarkImportMerge(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("HERALD_MERGE_ROWS")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "contacts.csv")
	writeBenchCSV(b, csvPath, n)
	halfPath := filepath.Join(dir, "half.csv")
	writeEverySecondNumber(b, csvPath, halfPath)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	book := func(name string) (*Service, func()) {
		db, err := store.Open(filepath.Join(dir, name), SQLFunctions()...)
		if err != nil {
			b.Fatal(err)
		}
		svc, err := NewService(db, activity.NewLog(db, &events.Recorder{}, log), &events.Recorder{}, log, fixedSettings{"defaultCountry": "US"}, userfiles.Desktop(dir))
		if err != nil {
			b.Fatal(err)
		}
		return svc, func() { store.Close(db) }
	}
	timed := func(svc *Service) (ImportResult, time.Duration) {
		runtime.GC()
		start := time.Now()
		res, err := svc.Import(csvPath, ImportOptions{Matches: MatchesFill})
		if err != nil {
			b.Fatal(err)
		}
		return res, time.Since(start)
	}
	for i := range b.N {
		empty, closeEmpty := book(fmt.Sprintf("empty%d.db", i))
		res, intoEmpty := timed(empty)
		closeEmpty()
		if res.Created != int64(n) {
			b.Fatalf("into an empty book: %d created of %d", res.Created, n)
		}
		half, closeHalf := book(fmt.Sprintf("half%d.db", i))
		if res, err := half.Import(halfPath, ImportOptions{}); err != nil || res.Created != int64((n+1)/2) {
			b.Fatalf("the book's first half: %+v %v", res.Created, err)
		}
		res, merged := timed(half)
		if res.Created != int64(n/2) || res.Updated != int64((n+1)/2) {
			b.Fatalf("merge: %d created, %d updated", res.Created, res.Updated)
		}
		start := time.Now()
		undo, err := half.UndoImport(res.Run)
		undone := time.Since(start)
		closeHalf()
		if err != nil || undo.Removed != res.Created || undo.Restored != res.Updated {
			b.Fatalf("undo: %+v, %v", undo, err)
		}
		b.Logf("%d rows into an empty book in %v, into a book with half of them in %v; its undo took %v", n,
			intoEmpty.Round(time.Millisecond), merged.Round(time.Millisecond), undone.Round(time.Millisecond))
		b.ReportMetric(float64(n)/intoEmpty.Seconds(), "empty-rows/s")
		b.ReportMetric(float64(n)/merged.Seconds(), "merge-rows/s")
		b.ReportMetric(merged.Seconds()/intoEmpty.Seconds(), "merge-vs-empty")
		b.ReportMetric(undone.Seconds(), "undo-s")
	}
}

// writeEverySecondNumber writes to dst the numbers of every second row of
// the benchmark file src, each with a name of its own and nothing else,
// so that importing src after it fills their other fields.
func writeEverySecondNumber(b *testing.B, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	r, w := csv.NewReader(bufio.NewReader(in)), csv.NewWriter(out)
	if _, err := r.Read(); err != nil {
		b.Fatal(err)
	}
	w.Write([]string{"name", "phone"})
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			w.Write([]string{fmt.Sprintf("Known %d", i), rec[1]})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkList pages and searches a book of benchRows contacts through the
// RPC of `herald serve`, count included, and reports each query's median.
func BenchmarkList(b *testing.B) {
	n := benchRows()
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "contacts.csv")
	writeBenchCSV(b, csvPath, n)
	db, err := store.Open(filepath.Join(dir, "herald.db"), SQLFunctions()...)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close(db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := NewService(db, activity.NewLog(db, &events.Recorder{}, log), &events.Recorder{}, log, fixedSettings{"defaultCountry": "US"}, userfiles.Desktop(dir))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.Import(csvPath, ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv, err := web.New(ln.Addr(), web.Options{Token: "t", Services: []web.Service{{Name: "ContactService", Impl: svc}}, Log: log})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv)
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	defer hs.Close()
	yes := true
	queries := []struct {
		name string
		q    Query
	}{
		{"first-page", Query{Limit: 50}},
		{"middle-page", Query{Limit: 50, Offset: n / 2}},
		{"last-page", Query{Limit: 50, Offset: n - 50}},
		{"last-page-desc", Query{Limit: 50, Offset: n - 50, Desc: true}},
		{"sort-phone-middle", Query{Sort: "phone", Limit: 50, Offset: n / 2}},
		{"sort-created-last", Query{Sort: "createdAt", Limit: 50, Offset: n - 50}},
		{"search-common-name", Query{Search: "ana", Limit: 50}},
		{"search-common-name-deep", Query{Search: "ana", Limit: 50, Offset: n / 40}},
		{"search-rare", Query{Search: "fatima noor 99", Limit: 50}},
		{"search-one-letter", Query{Search: "a", Limit: 50}},
		{"search-email", Query{Search: "lena.fischer", Limit: 50}},
		{"search-phone", Query{Search: "(212) 2", Limit: 50}},
		{"search-phone-intl", Query{Search: "+1 415 300", Limit: 50}},
		{"tag", Query{Tags: []string{"vip"}, Limit: 50}},
		{"tag-deep", Query{Tags: []string{"vip"}, Limit: 50, Offset: n / 5}},
		{"two-tags", Query{Tags: []string{"vip", "lead"}, Limit: 50}},
		{"tag-and-search", Query{Tags: []string{"vip"}, Search: "ana", Limit: 50}},
		{"opted-out", Query{OptedOut: &yes, Limit: 50}},
		// Deep pages of broad filters whose matches are spread thin over
		// the order shown: the walk of the index behind them reads ~16
		// rows per row it skips (BENCHMARKS.md).
		{"spread-search-deep", Query{Search: "fischer", Limit: 50, Offset: n / 40}},
		{"spread-search-deep-phone", Query{Search: "fischer", Sort: "phone", Limit: 50, Offset: n / 40}},
		{"tag-deep-phone", Query{Tags: []string{"vip"}, Sort: "phone", Limit: 50, Offset: n / 10}},
		{"two-tags-deep", Query{Tags: []string{"vip", "lead"}, Limit: 50, Offset: n / 40}},
	}
	b.ResetTimer()
	var worst float64
	for _, qc := range queries {
		body, _ := json.Marshal([]any{qc.q})
		var times []float64
		var total int64
		for range 7 {
			req, _ := http.NewRequest(http.MethodPost, hs.URL+"/rpc/ContactService/List", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer t")
			start := time.Now()
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var out struct {
				Result Page
				Error  string
			}
			json.NewDecoder(res.Body).Decode(&out)
			res.Body.Close()
			times = append(times, float64(time.Since(start).Microseconds())/1000)
			if res.StatusCode != 200 {
				b.Fatalf("%s: %d %s", qc.name, res.StatusCode, out.Error)
			}
			total = out.Result.Total
		}
		slices.Sort(times)
		med := times[len(times)/2]
		worst = max(worst, med)
		b.Logf("%-24s %8.1f ms median (max %6.1f)  total %d", qc.name, med, times[len(times)-1], total)
		b.ReportMetric(med, qc.name+"-ms")
	}
	b.ReportMetric(worst, "worst-median-ms")
}
