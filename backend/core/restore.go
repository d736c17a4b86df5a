package core

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"gorm.io/gorm"

	"herald/backend/backup"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/store"
	"herald/backend/templates"
	"herald/backend/whatsapp/connection"
)

// TopicRestored tells the UI that a backup was restored, with its
// manifest: every page reloads to show the restored data.
const TopicRestored = "backup:restored"

// RestoreHaltEnv names the environment variable that, set to a step of a
// restore ("migrated", "safety", "media", "copied", "committed"), makes a
// restore stop at that step and wait until Herald closes. It is for the
// crash test, which kills Herald there; it is no setting for users.
const RestoreHaltEnv = "HERALD_RESTORE_HALT"

// restore replaces the data with the backup file at p, with Herald
// running: it checks the file, stops sending and holds what WhatsApp tells
// until it is done, keeps the current data as a safety backup (made by
// safety, with the phone's session when the backup replaces it), adds the
// backup's template media, puts the backup's rows in place of the
// database's in one transaction (store.Replace), in which every campaign
// it left sending is paused, and lets the services go on with the
// restored data. A file it refuses changes nothing; a kill at any point
// leaves the old data or the restored data, whole.
func (c *Core) restore(p string, safety func(withSession bool) (backup.Backup, error)) (backup.Manifest, error) {
	c.restoring.Lock()
	defer c.restoring.Unlock()
	work, err := os.MkdirTemp(c.dataDir, restoreWorkPrefix)
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("make a folder to restore in: %w", err)
	}
	defer os.RemoveAll(work)
	m, err := backup.Extract(p, work)
	if err != nil {
		return backup.Manifest{}, err
	}
	restored := filepath.Join(work, backup.DatabaseName)
	// The backup may come from an older Herald: its copy is migrated to
	// this one's schema, which Replace requires.
	db, err := store.Open(restored, contacts.SQLFunctions()...)
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("bring the backup's database up to date: %w", err)
	}
	if err := store.Close(db); err != nil {
		return backup.Manifest{}, fmt.Errorf("bring the backup's database up to date: %w", err)
	}
	if err := c.haltAt("migrated"); err != nil {
		return backup.Manifest{}, err
	}

	release := contacts.Hold(c.Contacts)
	defer release()
	c.engine.Suspend()
	defer func() {
		if rerr := c.engine.Restart(); rerr != nil {
			c.Log.Error("restore: start the campaigns again", "err", rerr)
		}
	}()
	// What WhatsApp tells meanwhile (replies, receipts) waits, and is
	// recorded in the data that wins.
	defer connection.Hold(c.WhatsApp)()
	// A backup that brings a phone's session replaces this one's: the
	// safety backup keeps it.
	if _, err := safety(m.WhatsAppSession); err != nil {
		return backup.Manifest{}, fmt.Errorf("keep the current data as a backup first: %w", err)
	}
	if err := c.haltAt("safety"); err != nil {
		return backup.Manifest{}, err
	}
	// The media are added before the rows switch, so that the templates of
	// whichever data a kill leaves find their files.
	if err := addFiles(filepath.Join(work, backup.MediaFolder), filepath.Join(c.dataDir, templates.MediaDir)); err != nil {
		return backup.Manifest{}, fmt.Errorf("restore the template media: %w", err)
	}
	if err := c.haltAt("media"); err != nil {
		return backup.Manifest{}, err
	}
	var announce func()
	err = store.Replace(c.db, restored, func(tx *gorm.DB) error {
		var err error
		if announce, err = c.engine.PauseRestored(tx); err != nil {
			return err
		}
		media := filepath.Join(c.dataDir, templates.MediaDir)
		if err := errors.Join(templates.RebaseMedia(tx, media), campaigns.RebaseMedia(tx, media)); err != nil {
			return err
		}
		// The WhatsApp connection in use is this computer's, and stays.
		if err := connection.SaveDriverChoice(tx, c.whatsappDriver()); err != nil {
			return err
		}
		return c.haltAt("copied")
	})
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("put the backup's data in place: %w", err)
	}
	if err := c.haltAt("committed"); err != nil {
		return backup.Manifest{}, err
	}
	if err := contacts.Reload(c.Contacts); err != nil {
		c.Log.Error("restore: read the restored contacts", "err", err)
	}
	announce()
	summary := fmt.Sprintf("Backup of %s restored (%d contacts, %d templates, %d campaigns)",
		m.CreatedAt.Local().Format("2 January 2006 at 15:04"), m.Contacts, m.Templates, m.Campaigns)
	if m.WhatsAppSession {
		waiting, err := c.restoreSession(work)
		switch {
		case err != nil:
			c.Log.Error("restore: the linked phone's session", "err", err)
			summary += "; the linked phone's session could not be restored: link the phone again"
		case waiting:
			summary += "; the linked phone's session takes effect when Herald next starts"
		}
	}
	c.Log.Info("backup restored", "path", p, "created", m.CreatedAt, "contacts", m.Contacts)
	_, _ = c.ActivityLog.RecordDetail("backups", "restored", summary, p)
	c.emitter.Emit(TopicRestored, m)
	return m, nil
}

// restoreBackup is the Core's backup.Restorer: a restore whose safety
// backup the backup service makes.
func (c *Core) restoreBackup(p string) (backup.Manifest, error) {
	return c.restore(p, func(withSession bool) (backup.Backup, error) { return backup.Safety(c.Backup, withSession) })
}

// restoreWorkPrefix starts the name of a restore's working folder in the
// data folder.
const restoreWorkPrefix = ".restore-"

// removeRestoreLeftovers removes the working folders of restores a kill
// cut short: what they held is in the backup file still.
func removeRestoreLeftovers(dataDir string, log *slog.Logger) {
	left, _ := filepath.Glob(filepath.Join(dataDir, restoreWorkPrefix+"*"))
	for _, p := range left {
		if err := os.RemoveAll(p); err != nil {
			log.Warn("remove the working folder of an interrupted restore", "path", p, "err", err)
		}
	}
}

// haltAt ends a restore at step, with the closing's error, once Herald is
// closing. When RestoreHaltEnv names the step, the restore first waits
// there until Herald closes.
func (c *Core) haltAt(step string) error {
	if c.restoreHalt == step {
		c.Log.Warn("restore halted", "step", step, "env", RestoreHaltEnv)
		<-c.closing.Done()
	}
	if err := c.closing.Err(); err != nil {
		return fmt.Errorf("Herald is closing: the restore stopped before it was done: %w", err)
	}
	return nil
}

// whatsappDriver is the name of the WhatsApp driver in use.
func (c *Core) whatsappDriver() string {
	return c.switcher.Active()
}

// addFiles copies every file under from into the same place under to,
// keeping the files to has: a template of either data finds its own.
func addFiles(from, to string) error {
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		return copyFile(p, target)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// copyFile copies from to to, synced to disk, through a temporary name so
// that a kill never leaves half a file under the real one.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".restoring"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	if err := errors.Join(out.Sync(), out.Close()); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}
