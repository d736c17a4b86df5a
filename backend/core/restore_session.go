package core

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"herald/backend/backup"
	"herald/backend/whatsapp/connection"
)

// RestoredSessionDir holds, in the data folder, the linked phone's session
// files a restore brought while the phone's driver had them open: they
// take its files' place when Herald next starts, before the driver opens.
const RestoredSessionDir = "whatsapp-restored"

// restoreSession puts the session files of the backup extracted in work in
// place of the linked phone's, at once when its driver has never been
// opened, else at the next start. It reports whether they wait for it.
func (c *Core) restoreSession(work string) (waiting bool, err error) {
	staged := filepath.Join(c.dataDir, RestoredSessionDir)
	if err := os.RemoveAll(staged); err != nil {
		return false, fmt.Errorf("clear %s: %w", staged, err)
	}
	if err := os.Rename(filepath.Join(work, backup.WhatsAppFolder), staged); err != nil {
		return false, fmt.Errorf("keep the restored WhatsApp session: %w", err)
	}
	if c.switcher.Opened(connection.DriverWhatsApp) {
		c.Log.Info("restore: the linked phone's session is replaced at the next start")
		return true, nil
	}
	return false, applyRestoredSession(c.dataDir)
}

// applyRestoredSession moves the session files a restore left in
// RestoredSessionDir into the data folder, each over the file of its name
// after that file's SQLite journal is removed (a journal left beside
// another database would be applied to it). A kill midway leaves the rest
// for the next start, which does this again.
func applyRestoredSession(dataDir string) error {
	staged := filepath.Join(dataDir, RestoredSessionDir)
	entries, err := os.ReadDir(staged)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the restored WhatsApp session: %w", err)
	}
	for _, e := range entries {
		target := filepath.Join(dataDir, e.Name())
		for _, journal := range []string{target + "-wal", target + "-shm", target + "-journal"} {
			if err := os.Remove(journal); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("restore the WhatsApp session: %w", err)
			}
		}
		if err := os.Rename(filepath.Join(staged, e.Name()), target); err != nil {
			return fmt.Errorf("restore the WhatsApp session: %w", err)
		}
	}
	return os.Remove(staged)
}
