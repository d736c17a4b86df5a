package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DeliveredFile lists, one JSON string a line, the messages whose
// "delivered" receipt the simulated server has handed over.
//
// The real server outlives Herald: a receipt that falls due while Herald is
// closed, or killed, waits on the server and comes as soon as Herald
// connects again. The simulated server lives in Herald's process, so its
// pending receipts die with it; this file is how a new simulator knows
// which it still owes, and it hands them over on its first connection.
// Only "delivered" is owed, the receipt that proves a message in doubt
// arrived; read receipts and replies due at a stop are not replayed. A
// receipt handed over but not yet recorded by Herald when it was killed is
// lost, as with a real device that had acknowledged it.
const DeliveredFile = "simulator-delivered.jsonl"

// handover records the delivered receipts handed over. It is used under
// the simulator's mutex.
type handover struct {
	f    *os.File
	done map[string]bool
}

// openHandover opens the record in dir. A journal older than the record
// (an install from before it existed) owes nothing: its IDs are written
// as handed over.
func openHandover(dir string, j *journal) (*handover, error) {
	path := filepath.Join(dir, DeliveredFile)
	h := &handover{done: map[string]bool{}}
	data, err := os.ReadFile(path)
	fresh := errors.Is(err, fs.ErrNotExist)
	if err != nil && !fresh {
		return nil, fmt.Errorf("read delivered receipts: %w", err)
	}
	h.f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open delivered receipts: %w", err)
	}
	if fresh {
		h.mark(j.all()...)
		return h, nil
	}
	for line := range bytes.Lines(data) {
		var id string
		// A torn last line (a power loss mid-write) is a receipt owed again:
		// a second "delivered" changes nothing.
		if json.Unmarshal(bytes.TrimSpace(line), &id) == nil {
			h.done[id] = true
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		if _, err := h.f.Write([]byte("\n")); err != nil {
			h.f.Close()
			return nil, fmt.Errorf("repair delivered receipts: %w", err)
		}
	}
	return h, nil
}

// owed returns the journaled messages whose delivered receipt was never
// handed over, oldest first.
func (h *handover) owed(j *journal) []string {
	var out []string
	for _, id := range j.all() {
		if !h.done[id] {
			out = append(out, id)
		}
	}
	return out
}

// mark records the delivered receipts of ids as handed over, in one
// write. A failed write only means the receipts are handed over again
// after a restart, which changes nothing, so it is not worth an error.
func (h *handover) mark(ids ...string) {
	if h.f == nil {
		return
	}
	var buf []byte
	for _, id := range ids {
		if h.done[id] {
			continue
		}
		line, err := json.Marshal(id)
		if err != nil {
			continue
		}
		buf = append(append(buf, line...), '\n')
	}
	if len(buf) == 0 {
		return
	}
	if _, err := h.f.Write(buf); err == nil {
		for _, id := range ids {
			h.done[id] = true
		}
	}
}

func (h *handover) close() error {
	if h.f == nil {
		return nil
	}
	err := h.f.Close()
	h.f = nil
	if err != nil {
		return fmt.Errorf("close delivered receipts: %w", err)
	}
	return nil
}
