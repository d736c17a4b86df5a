package backup

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"herald/backend/apperr"
)

// StateFile, in the data folder, keeps the backup settings and when the
// last backup was made. It lives beside the database rather than in it, so
// that restoring an older database leaves both as they are.
const StateFile = "backup.json"

// Settings are the user's choices for backups.
type Settings struct {
	// Automatic turns the daily backup on.
	Automatic bool `json:"automatic"`
	// Time is the local time of the daily backup, as HH:MM.
	Time string `json:"time"`
	// Folder is where backups go; "" is DefaultFolder in the data folder.
	Folder string `json:"folder"`
	// Keep is how many of the newest backups a daily backup keeps.
	Keep int `json:"keep"`
	// IncludeWhatsApp puts the linked phone's session in each backup.
	IncludeWhatsApp bool `json:"includeWhatsApp"`
	// DefaultFolder is the folder used when Folder is "" (never stored).
	DefaultFolder string `json:"defaultFolder,omitempty"`
}

// defaultSettings are a new data folder's.
func defaultSettings() Settings {
	return Settings{Automatic: true, Time: "12:30", Keep: 7}
}

// checked is in with its values checked and tidied, or an error saying
// what to change.
func (in Settings) checked() (Settings, error) {
	in.DefaultFolder = ""
	in.Time = strings.TrimSpace(in.Time)
	if _, _, err := clockTime(in.Time); err != nil {
		return Settings{}, err
	}
	if in.Keep < 1 || in.Keep > 1000 {
		return Settings{}, apperr.Invalid("Keep between 1 and 1,000 backups (%d was given).", in.Keep)
	}
	in.Folder = strings.TrimSpace(in.Folder)
	if in.Folder != "" {
		if !filepath.IsAbs(in.Folder) {
			return Settings{}, apperr.Invalid("Give the backup folder as a full path, such as %s.", filepath.Join(string(filepath.Separator)+"home", "me", "Dropbox", "Herald"))
		}
		in.Folder = filepath.Clean(in.Folder)
	}
	return in, nil
}

// clockTime reads HH:MM.
func clockTime(v string) (hour, minute int, err error) {
	hh, mm, ok := strings.Cut(v, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	if !ok || errH != nil || errM != nil || len(mm) != 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, apperr.Invalid("%q is not a time of day like 12:30.", v)
	}
	return h, m, nil
}

// describe says the settings in words for the activity log.
func (in Settings) describe(folder string) string {
	if !in.Automatic {
		return "Automatic backups turned off (backups go to " + folder + ")"
	}
	s := fmt.Sprintf("Automatic backups daily at %s to %s, keeping the newest %d", in.Time, folder, in.Keep)
	if in.IncludeWhatsApp {
		s += ", with the WhatsApp link"
	}
	return s
}

// checkFolder makes the folder at p if needed and checks that Herald can
// write there.
func checkFolder(p string) error {
	if err := os.MkdirAll(p, 0o700); err != nil {
		return apperr.Invalid("Herald cannot use the folder %s: %v", p, err)
	}
	f, err := os.CreateTemp(p, partPrefix+"check-")
	if err != nil {
		return apperr.Invalid("Herald cannot write to the folder %s: %v", p, err)
	}
	name := f.Name()
	_ = f.Close()
	if err := os.Remove(name); err != nil {
		return apperr.Invalid("Herald cannot delete files in the folder %s: %v", p, err)
	}
	return nil
}

// state is what StateFile holds.
type state struct {
	Settings Settings `json:"settings"`
	// Since is when this data folder started having backups: no daily
	// backup before it was missed.
	Since time.Time `json:"since"`
	// LastAttemptAt is when the last backup, made or failed, started.
	LastAttemptAt  *time.Time `json:"lastAttemptAt,omitempty"`
	LastBackupAt   *time.Time `json:"lastBackupAt,omitempty"`
	LastBackupPath string     `json:"lastBackupPath,omitempty"`
	LastError      string     `json:"lastError,omitempty"`
	LastErrorAt    *time.Time `json:"lastErrorAt,omitempty"`
}

// loadState reads the state at p; a folder without one starts now with the
// defaults, and writes them. A file that cannot be read as a state is set
// aside and the defaults start now, reset saying so: Herald starts whatever
// the file holds.
func loadState(p string, now time.Time) (st state, reset string, err error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		st := state{Settings: defaultSettings(), Since: now.UTC()}
		return st, "", saveState(p, st)
	}
	if err != nil {
		return state{}, "", fmt.Errorf("read the backup settings %s: %w", p, err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		kept := p + ".damaged"
		if rerr := os.Rename(p, kept); rerr != nil {
			return state{}, "", fmt.Errorf("read the backup settings %s: %w (and it could not be set aside: %v)", p, err, rerr)
		}
		st = state{Settings: defaultSettings(), Since: now.UTC()}
		reset = fmt.Sprintf("The backup settings could not be read (%v); they were set aside as %s and backups go on with the defaults.", err, kept)
		return st, reset, saveState(p, st)
	}
	if checked, err := st.Settings.checked(); err == nil {
		st.Settings = checked
	} else {
		st.Settings = defaultSettings()
	}
	return st, "", nil
}

// saveState writes st to p through a temporary file, so that a crash
// leaves the old state or the new one.
func saveState(p string, st state) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("write the backup settings: %w", err)
	}
	tmp := p + ".tmp"
	if err := writeSynced(tmp, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return fmt.Errorf("write the backup settings: %w", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("write the backup settings %s: %w", p, err)
	}
	return nil
}
