//go:build e2e

package desktop

import (
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Sizes are reported in MiB (2^20 bytes), labelled MB; /proc reports KiB.
const mib = 1 << 20

// coldStarts is fixed rather than b.N: each start costs ~1-2 s, the median
// of a handful is the number wanted, and the Makefile runs -benchtime 1x.
const coldStarts = 5

// memoryIdle is how long the app sits idle after painting before its
// memory is read: settled memory, not the start-up peak, is what a user
// who leaves Herald open all day pays.
const memoryIdle = 5 * time.Second

// BenchmarkDesktopStartup measures cold starts, each on a fresh data dir:
// startup-ms is from just before the process starts until the "ui painted"
// log line's timestamp (so it includes exec, dynamic linking and Go runtime
// start); paint-since-main-ms is that line's own since_start_ms, counted
// from main. Both are medians.
func BenchmarkDesktopStartup(b *testing.B) {
	bin, err := heraldBinary()
	if err != nil {
		b.Fatal(err)
	}
	sess := newSession(b)
	var startup, sinceMain []float64
	for i := range coldStarts {
		a := startApp(b, bin, sess, b.TempDir())
		painted, err := a.WaitForLog("ui painted", paintDeadline)
		if err != nil {
			b.Fatal(err)
		}
		since, err := painted.Int("since_start_ms")
		if err != nil {
			b.Fatal(err)
		}
		ms := float64(painted.Time.Sub(a.Started).Microseconds()) / 1000
		startup, sinceMain = append(startup, ms), append(sinceMain, float64(since))
		b.Logf("start %d: painted %.0f ms after process start, %d ms after main", i+1, ms, since)
		// The next start must not find this one still holding the
		// single-instance lock, so stop and reap it first.
		a.Stop(b)
	}
	b.ReportMetric(median(startup), "startup-ms")
	b.ReportMetric(median(sinceMain), "paint-since-main-ms")
	b.ReportMetric(0, "ns/op") // one op is five starts: meaningless
}

// BenchmarkDesktopMemory reports the resident memory of the app and the
// WebKit processes it spawned, once idle after the first paint.
func BenchmarkDesktopMemory(b *testing.B) {
	bin, err := heraldBinary()
	if err != nil {
		b.Fatal(err)
	}
	sess := newSession(b)
	a := startApp(b, bin, sess, b.TempDir())
	if _, err := a.WaitForLog("ui painted", paintDeadline); err != nil {
		b.Fatal(err)
	}
	time.Sleep(memoryIdle) // the idle period is what is being measured
	tree, err := processTree(a.Pid)
	if err != nil {
		b.Fatal(err)
	}
	var rss, pss int64
	var report strings.Builder
	for _, p := range tree {
		m, err := readMemory(p)
		if err != nil {
			b.Fatalf("memory of %s: %v", p.Comm, err)
		}
		rss, pss = rss+m.RSS, pss+m.PSS
		fmt.Fprintf(&report, "\n  %-16s pid %-7d RSS %6.1f MB  PSS %6.1f MB", m.Comm, m.Pid, kib(m.RSS), kib(m.PSS))
	}
	b.Logf("memory %v after paint, %d processes:%s\n  %-16s %11s RSS %6.1f MB  PSS %6.1f MB",
		memoryIdle, len(tree), report.String(), "total", "", kib(rss), kib(pss))
	b.ReportMetric(kib(rss), "rss-total-MB")
	b.ReportMetric(kib(pss), "pss-total-MB")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkDesktopBinary reports the size of the binary under test and of
// the same binary fully stripped, which shows what -ldflags "-w -s" (or
// its absence) costs.
func BenchmarkDesktopBinary(b *testing.B) {
	bin, err := heraldBinary()
	if err != nil {
		b.Fatal(err)
	}
	size := fileSize(b, bin)
	stripped := filepath.Join(b.TempDir(), "herald.stripped")
	if out, err := exec.Command("strip", "--strip-all", "-o", stripped, bin).CombinedOutput(); err != nil {
		b.Fatalf("strip %s: %v: %s", bin, err, out)
	}
	b.Logf("%s: %d bytes (%s); stripped: %d bytes", bin, size, symbolInfo(bin), fileSize(b, stripped))
	b.ReportMetric(float64(size)/mib, "binary-MB")
	b.ReportMetric(float64(fileSize(b, stripped))/mib, "stripped-binary-MB")
	b.ReportMetric(0, "ns/op")
}

func fileSize(b *testing.B, path string) int64 {
	b.Helper()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatalf("size of %s: %v", path, err)
	}
	return info.Size()
}

// symbolInfo says whether an ELF binary still carries symbols or DWARF.
func symbolInfo(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Sprintf("not readable as ELF: %v", err)
	}
	defer f.Close()
	var kept []string
	for _, s := range f.Sections {
		if s.Name == ".symtab" || strings.HasPrefix(s.Name, ".debug_") || strings.HasPrefix(s.Name, ".zdebug_") {
			kept = append(kept, s.Name)
		}
	}
	if len(kept) == 0 {
		return "no symbol table or DWARF"
	}
	return "has " + strings.Join(kept, ", ")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

func kib(n int64) float64 { return float64(n) * 1024 / mib }
