package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
)

// TopicChanged carries the Status whenever a backup starts or ends, or the
// settings change.
const TopicChanged = "backup:changed"

// TopicMenuBackupNow is what the desktop app menu's "Back up now" sends to
// the page, which makes the backup and says how it went.
const TopicMenuBackupNow = "menu:backup-now"

// DefaultFolder is the folder in the data folder backups go to unless the
// user chose another.
const DefaultFolder = "backups"

// Deps is what the backup service needs.
type Deps struct {
	Source   Source
	Activity *activity.Log
	Emitter  events.Emitter
	Log      *slog.Logger
	// Clock and Location drive the daily backups (the computer's local
	// time unless a test says otherwise).
	Clock    clockwork.Clock
	Location *time.Location
	// Files decides which files, besides the backups List gives, the UI may
	// name to Inspect (uploads, in a browser).
	Files *userfiles.Access
}

// Service makes and lists backups, by hand and daily. It is bound to the
// UI as BackupService.
type Service struct {
	d         Deps
	statePath string

	mu      sync.Mutex
	st      state
	running *run
	// joined counts the calls that waited for a backup in progress.
	joined int
	sched  *schedule
	// restorer is the Core's restore (SetRestorer).
	restorer Restorer

	// ctx ends when the service stops, which stops a backup in progress.
	ctx  context.Context
	stop context.CancelFunc
}

// run is a backup in progress, which later callers wait for.
type run struct {
	done chan struct{}
	b    Backup
	err  error
}

// New returns the backup service for the data folder of d.Source, reading
// its settings and history from the data folder (a new folder starts with
// the defaults and has missed no backup). Start arms the daily backups.
func New(d Deps) (*Service, error) {
	if d.Clock == nil {
		d.Clock = clockwork.NewRealClock()
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Emitter == nil {
		d.Emitter = events.Fanout{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: d, statePath: filepath.Join(d.Source.DataDir, StateFile)}
	s.ctx, s.stop = context.WithCancel(context.Background())
	st, reset, err := loadState(s.statePath, d.Clock.Now())
	if err != nil {
		return nil, err
	}
	if reset != "" {
		d.Log.Error("backup: settings reset", "why", reset)
		s.record("settings changed", reset, "")
	}
	s.st = st
	removeParts(s.folder(), d.Source.DataDir, d.Log)
	return s, nil
}

// Settings returns the backup settings.
func (s *Service) Settings() (Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.st.Settings
	out.DefaultFolder = s.defaultFolder()
	return out, nil
}

// SetSettings checks and stores the backup settings and arms the daily
// backup again. An empty folder is the default one.
func (s *Service) SetSettings(in Settings) (Settings, error) {
	in, err := in.checked()
	if err != nil {
		return Settings{}, err
	}
	if in.Folder != "" {
		if err := checkFolder(in.Folder); err != nil {
			return Settings{}, err
		}
	}
	s.mu.Lock()
	old := s.st.Settings
	s.st.Settings = in
	err = saveState(s.statePath, s.st)
	if err != nil {
		s.st.Settings = old
	}
	s.mu.Unlock()
	if err != nil {
		return Settings{}, err
	}
	if err := s.rearm(); err != nil {
		return Settings{}, err
	}
	if old != in {
		s.record("settings changed", in.describe(s.folder()), "")
	}
	s.changed()
	return s.Settings()
}

// BackupNow makes a backup at once, or, while one is being made, waits for
// it and returns it.
func (s *Service) BackupNow() (Backup, error) {
	b, err := s.backup(false)
	if err != nil {
		return Backup{}, plain(err)
	}
	return b, nil
}

// plain makes an error the UI shows as it is.
func plain(err error) error {
	if errors.Is(err, context.Canceled) {
		return apperr.Conflict("Herald is closing; the backup was not finished.")
	}
	return apperr.Conflict("The backup failed: %v", err)
}

// backup makes a backup, or joins the one in progress; automatic says
// the daily schedule asked for it, which then keeps only the newest.
func (s *Service) backup(automatic bool) (Backup, error) {
	s.mu.Lock()
	if r := s.running; r != nil {
		s.joined++
		s.mu.Unlock()
		<-r.done
		return r.b, r.err
	}
	r := &run{done: make(chan struct{})}
	s.running = r
	folder, withSession := s.folderLocked(), s.st.Settings.IncludeWhatsApp
	s.mu.Unlock()
	s.changed()

	started := s.d.Clock.Now()
	r.b, r.err = Write(s.ctx, s.d.Source, folder, started, "", withSession)
	s.mu.Lock()
	s.st.LastAttemptAt = &started
	if r.err == nil {
		at := r.b.CreatedAt
		s.st.LastBackupAt, s.st.LastBackupPath, s.st.LastError, s.st.LastErrorAt = &at, r.b.Path, "", nil
	} else {
		s.st.LastError, s.st.LastErrorAt = r.err.Error(), &started
	}
	if err := saveState(s.statePath, s.st); err != nil {
		s.d.Log.Error("backup: save its history", "err", err)
	}
	keep := s.st.Settings.Keep
	s.running = nil
	s.mu.Unlock()
	close(r.done)

	if r.err != nil {
		s.d.Log.Error("backup failed", "automatic", automatic, "err", r.err)
		// A failure's entry is what the notices tell the user of; a backup
		// cut short by Herald closing is no failure of theirs.
		if errors.Is(r.err, context.Canceled) {
			s.record("interrupted", "Backup stopped: Herald was closing", r.err.Error())
		} else {
			s.record("failed", "Backup failed", r.err.Error())
		}
	} else {
		s.d.Log.Info("backup made", "path", r.b.Path, "size", r.b.Size, "took", s.d.Clock.Since(started))
		s.record("made", fmt.Sprintf("Backup made: %s (%s; %d contacts, %d templates, %d campaigns)",
			r.b.Name, sizeWords(r.b.Size), r.b.Contacts, r.b.Templates, r.b.Campaigns), r.b.Path)
		if automatic {
			s.prune(folder, keep)
		}
	}
	s.changed()
	return r.b, r.err
}

// List returns the backups in the backup folder, newest first, reading
// only each file's manifest. A file whose manifest cannot be read is
// listed with its Problem.
func (s *Service) List() ([]Backup, error) {
	folder := s.folder()
	entries, err := os.ReadDir(folder)
	if errors.Is(err, os.ErrNotExist) {
		return []Backup{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the backup folder %s: %w", folder, err)
	}
	out := []Backup{}
	for _, e := range entries {
		named, safety, ok := parseName(e.Name(), time.Local)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(folder, e.Name())
		b, err := readListed(p)
		if err != nil {
			b = Backup{Path: p, Name: e.Name(), CreatedAt: named, BeforeRestore: safety, Problem: err.Error()}
			if info, err := e.Info(); err == nil {
				b.Size = info.Size()
			}
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].Name > out[j].Name
	})
	return out, nil
}

// readListed reads the manifest of the backup at p, without checking its
// parts.
func readListed(p string) (Backup, error) {
	zr, err := openZip(p)
	if err != nil {
		return Backup{}, err
	}
	defer zr.Close()
	m, err := readManifest(&zr.Reader, store.LatestVersion())
	if err != nil {
		return Backup{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return Backup{}, err
	}
	return m.backup(p, st.Size()), nil
}

// Inspect checks the backup file at p (one List gave, or, in a browser, an
// uploaded file) and says what it holds, or in a sentence what is wrong
// with it.
func (s *Service) Inspect(p string) (Backup, error) {
	p, err := s.source(p)
	if err != nil {
		return Backup{}, err
	}
	m, err := Inspect(p)
	if err != nil {
		if IsRefusal(err) {
			return Backup{}, apperr.Invalid("%s", err.Error())
		}
		return Backup{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return Backup{}, fmt.Errorf("read the backup %s: %w", p, err)
	}
	return m.backup(p, st.Size()), nil
}

// source checks that the UI may name the backup file at p: one in the
// backup folder, or a file Files allows (anything in the window, uploads
// in a browser).
func (s *Service) source(p string) (string, error) {
	clean := filepath.Clean(strings.TrimSpace(p))
	if _, _, ok := parseName(filepath.Base(clean), time.Local); ok && filepath.Dir(clean) == filepath.Clean(s.folder()) {
		return clean, nil
	}
	if s.d.Files == nil {
		return "", apperr.Invalid("Herald cannot read %s.", p)
	}
	return s.d.Files.Source(p)
}

// Folder is where backups go: the folder the user chose, else backups/ in
// the data folder. A function, not a method, so that it is not bound to
// the UI.
func Folder(s *Service) string { return s.folder() }

func (s *Service) folder() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.folderLocked()
}

func (s *Service) folderLocked() string {
	if f := s.st.Settings.Folder; f != "" {
		return f
	}
	return s.defaultFolder()
}

func (s *Service) defaultFolder() string { return filepath.Join(s.d.Source.DataDir, DefaultFolder) }

// record writes an entry of the activity log.
func (s *Service) record(action, summary, detail string) {
	if s.d.Activity == nil {
		return
	}
	if _, err := s.d.Activity.RecordDetail("backups", action, summary, detail); err != nil {
		s.d.Log.Error("backup: record activity", "action", action, "err", err)
	}
}

// changed tells the UI the status.
func (s *Service) changed() {
	st, err := s.Status()
	if err != nil {
		s.d.Log.Error("backup: read the status", "err", err)
		return
	}
	s.d.Emitter.Emit(TopicChanged, st)
}

// Start arms the daily backup of s and, when the one due last was missed
// while Herald was closed, a backup soon after. Start and Stop are
// functions, not methods, so that they are not bound to the UI.
func Start(s *Service) error {
	sched, err := gocron.NewScheduler(gocron.WithClock(s.d.Clock), gocron.WithLocation(s.d.Location))
	if err != nil {
		return fmt.Errorf("start the backup scheduler: %w", err)
	}
	sched.Start()
	s.mu.Lock()
	s.sched = &schedule{s: sched}
	s.mu.Unlock()
	if err := s.rearm(); err != nil {
		return err
	}
	return s.catchUp()
}

// Stop stops the schedule of s and a backup in progress, and waits for it.
func Stop(s *Service) error {
	s.stop()
	s.mu.Lock()
	sched, r := s.sched, s.running
	s.sched = nil
	s.mu.Unlock()
	var err error
	if sched != nil {
		err = sched.s.Shutdown()
	}
	if r != nil {
		<-r.done
	}
	if err != nil {
		return fmt.Errorf("stop the backup scheduler: %w", err)
	}
	return nil
}

// sizeWords writes a size as people read it.
func sizeWords(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
