package simulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// JournalFile is the journal's name in the data dir.
const JournalFile = "simulator.jsonl"

// JournalEntry is one line of the journal: a message the server accepted.
type JournalEntry struct {
	ID   string    `json:"id"`
	To   string    `json:"to"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// journal appends accepted messages and remembers their IDs, loaded from the
// file at start, so a repeated ID is refused across restarts too; or, for a
// simulator that imitates a driver which forgets across restarts (Config.
// CannotTell), only the IDs taken since it opened the file.
//
// Durability: each line is one write(2) on an O_APPEND file before Send
// returns. Once write returns the bytes are in the kernel's page cache, so a
// killed process (SIGKILL, panic) never loses a line for a Send that
// returned; only a power loss or kernel crash could, which fsync per message
// would cover at the cost of a disk flush per send. We simulate a server
// whose crash tests kill the process, not the machine, so we do not fsync.
type journal struct {
	mu  sync.Mutex
	f   *os.File
	ids map[string]time.Time
	// here are the IDs taken since the file was opened.
	here map[string]time.Time
}

func openJournal(path string) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	j := &journal{f: f, ids: map[string]time.Time{}, here: map[string]time.Time{}}
	if err := j.load(); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// load reads the IDs already journaled and, if the last line is torn, ends
// it with a newline so the next line starts clean.
func (j *journal) load() error {
	if _, err := j.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read journal: %w", err)
	}
	data, err := io.ReadAll(j.f)
	if err != nil {
		return fmt.Errorf("read journal: %w", err)
	}
	for _, e := range parseJournal(data) {
		j.ids[e.ID] = e.At
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		if _, err := j.f.Write([]byte("\n")); err != nil {
			return fmt.Errorf("repair journal: %w", err)
		}
	}
	return nil
}

// parseJournal returns the journal's entries. A line that does not parse can
// only be one torn by a power loss mid-write: its Send never returned, so it
// is not a message the server accepted, and it is skipped.
func parseJournal(data []byte) []JournalEntry {
	var out []JournalEntry
	for line := range bytes.Lines(data) {
		var e JournalEntry
		if json.Unmarshal(bytes.TrimSpace(line), &e) == nil && e.ID != "" {
			out = append(out, e)
		}
	}
	return out
}

// taken returns when id was accepted, if it was; sinceOpen looks only at
// the IDs taken since the file was opened.
func (j *journal) taken(id string, sinceOpen bool) (time.Time, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if sinceOpen {
		at, ok := j.here[id]
		return at, ok
	}
	at, ok := j.ids[id]
	return at, ok
}

// all returns every ID in the journal, in the order they were taken.
func (j *journal) all() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]string, 0, len(j.ids))
	for id := range j.ids {
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(j.ids[a].Compare(j.ids[b]), strings.Compare(a, b))
	})
	return out
}

// add appends e unless its ID is already there (sinceOpen: taken since the
// file was opened); it reports whether it wrote.
func (j *journal) add(e JournalEntry, sinceOpen bool) (bool, error) {
	line, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("encode journal entry %s: %w", e.ID, err)
	}
	line = append(line, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	known := j.ids
	if sinceOpen {
		known = j.here
	}
	if _, ok := known[e.ID]; ok {
		return false, nil
	}
	if _, err := j.f.Write(line); err != nil {
		return false, fmt.Errorf("append journal entry %s: %w", e.ID, err)
	}
	j.ids[e.ID] = e.At
	j.here[e.ID] = e.At
	return true, nil
}

func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.f.Close(); err != nil {
		return fmt.Errorf("close journal: %w", err)
	}
	return nil
}

// ReadJournal returns every entry of the journal in dir, for tests and crash
// checks that count what the simulated server accepted.
func ReadJournal(dir string) ([]JournalEntry, error) {
	data, err := os.ReadFile(journalPath(dir))
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	return parseJournal(data), nil
}
