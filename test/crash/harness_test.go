//go:build e2e

// Package crash kills a `herald serve` that is sending a campaign, again and
// again, and proves from the simulator's journal that every recipient got
// exactly one message; and, against a simulator that cannot tell after a
// restart whether it took a message (as the linked phone cannot), that no
// recipient got two and those in doubt ended unconfirmed.
package crash

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"herald/backend/whatsapp/simulator"
	"herald/test/serve"
)

var heraldBin string

func TestMain(m *testing.M) {
	serve.Main(m, &heraldBin)
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
// stat(2), every pause; a pause of 0 spins, returning within microseconds
// of the growth at the cost of a processor while it waits.
func awaitAppend(dataDir string, timeout, pause time.Duration) error {
	path := filepath.Join(dataDir, simulator.JournalFile)
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
		if pause > 0 {
			time.Sleep(pause)
		}
	}
	return nil
}

// crashRand is the random source of a test's kills: seeded from
// CRASH_SEED, or a fixed seed, and logged so a run can be repeated.
func crashRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(20261125)
	if s := os.Getenv("CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("CRASH_SEED=%q: %v", s, err)
		}
	}
	t.Logf("seed %d (set CRASH_SEED to repeat a run)", seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// importContacts imports n contacts, Person0 Crash with +12025550000 and
// order A-00000 onwards, through the contact import as a user would.
func importContacts(t *testing.T, h *serve.Server, n int) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("First name,Last name,Phone,Order\n")
	for i := range n {
		fmt.Fprintf(&csv, "Person%d,Crash,+1202555%04d,A-%05d\n", i, i, i)
	}
	file := h.Upload(t, "contacts.csv", []byte(csv.String()))
	var res struct {
		Created int64 `json:"created"`
		Failed  int64 `json:"failed"`
		Skipped int64 `json:"skipped"`
	}
	h.Must(t, "ContactService", "Import", &res, file, map[string]any{
		"mapping": []string{"first_name", "last_name", "phone", "custom:order"}})
	if res.Created != int64(n) {
		t.Fatalf("import created %d contacts, want %d: %+v", res.Created, n, res)
	}
}
