//go:build linux

package importer

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The hostile-file suite: files made to exhaust memory or time, each read
// in a child process (this test binary run again with HOSTILE_CASE set) so
// that the child's peak memory can be measured alone. Each case must answer
// clearly, far from hanging, with the child's peak RSS under hostilePeakRSS.

const (
	hostileEnv     = "HERALD_IMPORTER_HOSTILE_CASE"
	hostileDirEnv  = "HERALD_IMPORTER_HOSTILE_DIR"
	hostilePeakRSS = 300 << 20 // bytes
	// hostileTimeout tells a file that hangs the reader (or costs it
	// quadratic time) from one read on a busy machine; the read times
	// themselves are benchmarks' business (BENCHMARKS.md).
	hostileTimeout = 2 * time.Minute
)

type hostileCase struct {
	name string
	// make writes the case's files into dir, in the parent (not measured).
	make func(t *testing.T, dir string)
	// check reads them, in the child (measured).
	check func(t *testing.T, dir string)
}

var hostileCases = []hostileCase{
	{"xlsx zip bomb (3 GB part)", makeZipBomb, refused("bomb.xlsx", "unzip to more than 1 GB")},
	{"xlsx 300 MB shared string", makeHugeSharedString, refused("cell.xlsx", "a ratio no real data has")},
	{"xlsx 12 MB random cell", makeLongRandomCell, refused("cell.xlsx", "an XML token of more than 4 MB")},
	{"xlsx 12 MB row of 60 KB cells", makeLongRandomRow, refused("row.xlsx", "a row of more than 4 MB (the 3rd)")},
	{"xlsx 20,000 parts", makeManyParts, refused("parts.xlsx", "list of parts")},
	{"xlsx cancel while checking 900 MB sheet", makeBigSheet, cancelled("big.xlsx", 100*time.Millisecond)},
	{"xlsx 2,000,000 shared strings (the most)", makeManyStrings, checkManyStrings},
	{"xlsx 50,000 contacts (not hostile)", makeContactsWorkbook, checkContactsWorkbook},
	{"csv 110 MB line", makeLongLine, checkLongLine},
	{"csv cancel inside 500 MB line", makeHugeLine, cancelled("line.csv", 30*time.Millisecond)},
	{"csv 1 GB of one row", makeGigabyte, checkGigabyte},
	{"csv deep quotes", makeDeepQuotes, checkDeepQuotes},
	{"utf-16 odd byte count, 60 MB line", makeUTF16Odd, checkUTF16Odd},
	{"vcard 100 MB lines", makeVCardLongLines, checkVCardLongLines},
	{"vcard folded 3 MB photo", makeFoldedPhoto(3 << 20), checkFoldedPhoto(2 * time.Second)},
	{"vcard folded 200 MB photo", makeFoldedPhoto(200 << 20), checkFoldedPhoto(hostileTimeout)},
	{"/dev/zero", func(*testing.T, string) {}, refusedAt("/dev/zero", "zero is not a regular file but a device")},
	{"fifo", makeFIFO, refused("contacts.csv", "is not a regular file but a pipe")},
	{"directory", makeDirectory, refused("contacts.csv", "is not a regular file but a folder")},
}

var resultLine = regexp.MustCompile(`HOSTILE-RESULT elapsed=(\d+)ns peak=(\d+)kB`)

func TestHostileFiles(t *testing.T) {
	if os.Getenv(hostileEnv) != "" {
		t.Skip("in a child")
	}
	if testing.Short() {
		t.Skip("the hostile-file suite takes ~15 s")
	}
	var summary strings.Builder
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.make(t, dir)
			ctx, cancel := context.WithTimeout(context.Background(), 2*hostileTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileChild$", "-test.v")
			cmd.Env = append(os.Environ(), hostileEnv+"="+c.name, hostileDirEnv+"="+dir)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if testing.Verbose() {
				t.Logf("child:\n%s", out)
			}
			m := resultLine.FindSubmatch(out)
			if m == nil {
				t.Fatalf("the child ran no check:\n%s", out)
			}
			ns, _ := strconv.ParseInt(string(m[1]), 10, 64)
			elapsed := time.Duration(ns)
			rss, _ := strconv.ParseInt(string(m[2]), 10, 64)
			rss <<= 10
			line := fmt.Sprintf("%-42s peak RSS %4d MB, %6.2f s", c.name, rss>>20, elapsed.Seconds())
			t.Log(line)
			summary.WriteString(line + "\n")
			if rss > hostilePeakRSS {
				t.Errorf("peak RSS %d MB, want under %d MB", rss>>20, hostilePeakRSS>>20)
			}
			if elapsed > hostileTimeout {
				t.Errorf("took %v, want under %v", elapsed, hostileTimeout)
			}
		})
	}
	t.Logf("hostile files (peak RSS of the child, time of the check):\n%s", summary.String())
}

// TestHostileChild runs the check of one case, in the child process, on
// the files the parent made.
func TestHostileChild(t *testing.T) {
	name := os.Getenv(hostileEnv)
	if name == "" {
		t.Skip("run by TestHostileFiles in a child process")
	}
	for _, c := range hostileCases {
		if c.name == name {
			start := time.Now()
			c.check(t, os.Getenv(hostileDirEnv))
			elapsed := time.Since(start)
			fmt.Printf("HOSTILE-RESULT elapsed=%dns peak=%dkB\n", elapsed.Nanoseconds(), peakRSS(t))
			return
		}
	}
	t.Fatalf("no case %q", name)
}

// peakRSS returns the process's peak resident memory in KB: VmHWM, the
// high-water mark of its address space since exec. The rusage of a child
// (ru_maxrss) is no good here: Linux starts it from the parent's peak,
// which the files made for the cases have already raised.
func peakRSS(t *testing.T) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}
