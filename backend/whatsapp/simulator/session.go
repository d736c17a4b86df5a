package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// SessionFile is the paired session's name in the data dir. Like whatsmeow's
// device store, its presence means "paired": a restart reconnects without a
// scan, and Logout deletes it.
const SessionFile = "simulator-session.json"

type session struct {
	Phone    string    `json:"phone"`
	PushName string    `json:"pushName"`
	PairedAt time.Time `json:"pairedAt"`
}

func loadSession(dir string) (*session, error) {
	data, err := os.ReadFile(filepath.Join(dir, SessionFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read paired session: %w", err)
	}
	var s session
	if err := json.Unmarshal(data, &s); err != nil {
		// A damaged session is an unpaired device, as with a real one whose
		// keys are lost: the user pairs again.
		return nil, nil
	}
	return &s, nil
}

// saveSession writes through a temp file and rename, so a crash mid-write
// leaves the old session or the new one, never half of one.
func saveSession(dir string, s session) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode paired session: %w", err)
	}
	tmp := filepath.Join(dir, SessionFile+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("write paired session: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, SessionFile)); err != nil {
		return fmt.Errorf("save paired session: %w", err)
	}
	return nil
}

func deleteSession(dir string) error {
	err := os.Remove(filepath.Join(dir, SessionFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete paired session: %w", err)
	}
	return nil
}
