//go:build e2e

// Package crash kills a `herald serve` that is sending a campaign, again and
// again, and proves from the simulator's journal that every recipient got
// exactly one message.
package crash

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"herald/test/serve"
)

var heraldBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	heraldBin = os.Getenv("HERALD_BIN")
	if heraldBin == "" {
		// Outside `make test`: build the same plain binary the Makefile does.
		tmp, err := os.MkdirTemp("", "herald-crash-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(tmp)
		heraldBin = filepath.Join(tmp, "herald")
		build := exec.Command("go", "build", "-o", heraldBin, ".")
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build herald: %v\n%s", err, out)
			return 1
		}
	}
	return m.Run()
}

// startServer runs `herald serve` on dataDir and waits for its address.
func startServer(t *testing.T, dataDir string) *serve.Server {
	t.Helper()
	return serve.Start(t, heraldBin, nil, "--data", dataDir)
}

// journalLines counts the lines of the simulator's journal: the messages
// the simulated server has accepted so far. It reads the file the running
// process appends to, without parsing it.
func journalLines(dataDir string) (int, error) {
	data, err := os.ReadFile(filepath.Join(dataDir, "simulator.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	return bytes.Count(data, []byte("\n")), err
}

// awaitAppend returns as soon as the simulator's journal grows: the server
// has just accepted a message. It polls the file's size, which costs a
// stat(2), every 50 µs.
func awaitAppend(dataDir string, timeout time.Duration) error {
	path := filepath.Join(dataDir, "simulator.jsonl")
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	before := size()
	deadline := time.Now().Add(timeout)
	for size() == before {
		if time.Now().After(deadline) {
			return fmt.Errorf("the journal did not grow in %s", timeout)
		}
		time.Sleep(50 * time.Microsecond)
	}
	return nil
}
