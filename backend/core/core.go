// Package core builds Herald: it opens the data dir and the database and
// wires every service to what it needs. Only main and app use it.
package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"

	"herald/backend/about"
	"herald/backend/activity"
	"herald/backend/backup"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/dashboard"
	"herald/backend/events"
	"herald/backend/inbox"
	"herald/backend/notify"
	"herald/backend/settings"
	"herald/backend/store"
	"herald/backend/templates"
	"herald/backend/userfiles"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/connection"
	"herald/backend/whatsapp/simulator"
	"herald/backend/whatsapp/switcher"
)

// File names inside the data dir.
const (
	DatabaseFile = "herald.db"
	LogFile      = "herald.log"
	// ExportsDir and UploadsDir are folders: exports named without a
	// folder, and files the browser sends to `herald serve`.
	ExportsDir = "exports"
	UploadsDir = "uploads"
	// LockFile is locked by the Herald that has the data dir open.
	LockFile = "herald.lock"
)

// Modes Herald runs in.
const (
	ModeDesktop = "desktop"
	ModeBrowser = "browser"
)

// ErrDataDirInUse is returned by New when another Herald (a window or
// `herald serve`) has the data dir open.
var ErrDataDirInUse = errors.New("the data folder is in use by another Herald")

// inUseError is ErrDataDirInUse for one folder, in plain words.
type inUseError struct{ dir string }

func (e *inUseError) Error() string {
	return fmt.Sprintf("Herald is already running with the data folder %s. Close that Herald window (or stop its herald serve) first, or start this one with --data and another folder.", e.dir)
}

func (e *inUseError) Is(target error) bool { return target == ErrDataDirInUse }

// Options configure a Core.
type Options struct {
	DataDir string
	Version string
	// Mode is ModeDesktop or ModeBrowser, shown in Settings.
	Mode string
	// Emitter receives every event the services emit.
	Emitter events.Emitter
	// LocaleCountry seeds the default country on first start ("" for none).
	LocaleCountry string
	// LogLevel is the minimum level written to herald.log.
	LogLevel slog.Level
	// OpenPhone, when set, opens the driver behind "Your phone (WhatsApp)"
	// instead of the real one; tests give it a second simulator.
	OpenPhone func() (whatsapp.Driver, error)
}

// Core owns the database, the log file and the services.
type Core struct {
	Log       *slog.Logger
	Activity  *activity.Service
	Settings  *settings.Service
	Contacts  *contacts.Service
	Templates *templates.Service
	WhatsApp  *connection.Service
	Campaigns *campaigns.Service
	Dashboard *dashboard.Service
	Inbox     *inbox.Service
	Notices   *notify.Service
	Backup    *backup.Service

	ActivityLog *activity.Log
	db          *gorm.DB
	// stopWhatsApp stops the connection monitor and closes the driver.
	stopWhatsApp func() error
	// engine runs campaigns; it stops before the WhatsApp driver closes.
	engine *campaigns.Engine
	// inbox records what people write and settles interrupted answers.
	inbox *inbox.Engine
	// notices follows the activity log and sends the email notices.
	notices *notify.Engine
	// wakeNotices hands each event to the notices once they exist.
	wakeNotices *events.Relay
	// phone is the way to the user's own phone, and what a test build
	// binds to drive it.
	phone phone
	// files decides which files the services read and write for the user.
	files *userfiles.Access
	// switcher is the WhatsApp driver in use, behind every service.
	switcher *switcher.Switcher
	emitter  events.Emitter
	dataDir  string
	// restoring serialises restores; restoreHalt is RestoreHaltEnv.
	restoring   sync.Mutex
	restoreHalt string
	// closing ends when Close starts (stopResuming); resuming is closed
	// when a Resume waiting for the contacts has finished (nil when none).
	closing      context.Context
	stopResuming context.CancelFunc
	resuming     chan struct{}
	logFile      io.Closer
	lock         *flock.Flock
}

// New opens the data dir and starts every service.
func New(opts Options) (*Core, error) {
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", opts.DataDir, err)
	}
	lock, err := lockDataDir(opts.DataDir)
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(opts.DataDir, LogFile)
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		_ = lock.Close()
		return nil, fmt.Errorf("open log %s: %w", logPath, err)
	}
	log := slog.New(slog.NewTextHandler(lf, &slog.HandlerOptions{Level: opts.LogLevel}))
	privateDataDir(opts.DataDir, log)
	c := &Core{Log: log, logFile: lf, lock: lock, dataDir: opts.DataDir, restoreHalt: os.Getenv(RestoreHaltEnv)}
	c.closing, c.stopResuming = context.WithCancel(context.Background())
	if err := c.open(opts, logPath); err != nil {
		log.Error("start failed", "err", err)
		_ = lf.Close()
		_ = lock.Close()
		return nil, err
	}
	log.Info("herald started", "version", opts.Version, "mode", opts.Mode, "data", opts.DataDir)
	return c, nil
}

func (c *Core) open(opts Options, logPath string) error {
	emitter := opts.Emitter
	if emitter == nil {
		emitter = events.Fanout{}
	}
	c.emitter = emitter
	// A new activity entry wakes the notices; they are built after the
	// services that record.
	c.wakeNotices = &events.Relay{}
	uiEmitter := emitter
	emitter = events.Fanout{emitter, c.wakeNotices}
	dbPath := filepath.Join(opts.DataDir, DatabaseFile)
	db, err := store.Open(dbPath, contacts.SQLFunctions()...)
	if err != nil {
		return err
	}
	c.db = db
	c.ActivityLog = activity.NewLog(db, emitter, c.Log)
	c.Activity = activity.NewService(db)
	info := settings.Info{DataDir: opts.DataDir, Database: dbPath, LogFile: logPath,
		ExportsDir: filepath.Join(opts.DataDir, ExportsDir), Version: opts.Version, Mode: opts.Mode}
	c.Settings, err = settings.NewService(db, c.ActivityLog, emitter, c.Log, info, opts.LocaleCountry, about.Notices)
	if err != nil {
		_ = store.Close(db)
		return err
	}
	// The window's paths come from its file dialogs; a browser may name
	// only what it uploaded and what Herald exported for it.
	c.files = userfiles.Desktop(info.ExportsDir)
	if opts.Mode == ModeBrowser {
		c.files = userfiles.Browser(filepath.Join(opts.DataDir, UploadsDir), info.ExportsDir)
	}
	c.Contacts, err = contacts.NewService(db, c.ActivityLog, emitter, c.Log, c.Settings, c.files)
	if err != nil {
		_ = store.Close(db)
		return err
	}
	c.Templates = templates.NewService(db, c.ActivityLog, c.Log, c.Contacts, opts.DataDir, c.files)
	if err := c.openBackup(opts, emitter); err != nil {
		_ = store.Close(db)
		return err
	}
	backup.SetRestorer(c.Backup, c.restoreBackup)
	c.phone = newPhone(opts.DataDir, c.Log)
	if opts.OpenPhone != nil {
		c.phone = phone{open: opts.OpenPhone}
	}
	removeRestoreLeftovers(opts.DataDir, c.Log)
	// A restore's session files wait for the driver to be closed.
	if err := applyRestoredSession(opts.DataDir); err != nil {
		_ = store.Close(db)
		return err
	}
	if err := c.openWhatsApp(opts.DataDir, emitter); err != nil {
		_ = store.Close(db)
		return err
	}
	c.Notices, c.notices, err = notify.New(notify.Deps{DB: c.db, Activity: c.ActivityLog, Emitter: uiEmitter, Log: c.Log,
		Campaigns: campaigns.NewAPI(c.Campaigns), Database: dbPath, TimeZone: c.timeZone})
	if err != nil {
		c.inbox.Stop()
		_ = c.engine.Stop()
		_ = c.stopWhatsApp()
		_ = store.Close(db)
		return fmt.Errorf("start the notices: %w", err)
	}
	c.wakeNotices.SetTarget(c.notices)
	// Days on the dashboard are the computer's days.
	c.Dashboard = dashboard.NewService(dashboard.Deps{DB: c.db, Location: time.Local, Now: time.Now,
		Contacts: contacts.NewAPI(c.Contacts), WhatsApp: c.WhatsApp.Status, Activity: c.Activity,
		Campaigns: campaigns.NewAPI(c.Campaigns)})
	return nil
}

// openWhatsApp starts the WhatsApp driver the user chose last (a new data
// folder starts in practice mode, with the simulator, whose journal and
// session live in the data dir), behind a switcher so that the campaigns
// and the monitor keep one driver across switches, and the service that
// monitors it.
func (c *Core) openWhatsApp(dataDir string, emitter events.Emitter) error {
	cfg, err := connection.LoadSimulatorConfig(c.db)
	if err != nil {
		return err
	}
	choice, err := connection.LoadDriverChoice(c.db)
	if err != nil {
		return err
	}
	options := []switcher.Option{
		{Name: connection.DriverSimulator, Label: "Practice with the simulator", Open: func() (whatsapp.Driver, error) {
			return simulator.New(dataDir, cfg, clockwork.NewRealClock())
		}},
		{Name: connection.DriverWhatsApp, Label: "Your phone (WhatsApp)", Open: c.phone.open},
	}
	sw, err := switcher.New(choice, options, c.Log)
	var fallback string
	if err != nil && choice != connection.DriverSimulator {
		// Herald starts in practice mode rather than not at all; the choice
		// stays, so the next start tries the phone again.
		c.Log.Error("whatsapp: open the driver chosen last", "driver", choice, "err", err)
		fallback = fmt.Sprintf("Herald could not open the link to your phone (%s) and started in practice mode, with the simulator.", err)
		sw, err = switcher.New(connection.DriverSimulator, options, c.Log)
	}
	if err != nil {
		return fmt.Errorf("start WhatsApp: %w", err)
	}
	c.switcher = sw
	reach := contacts.NewReach(c.db)
	book := contacts.NewAPI(c.Contacts)
	c.Campaigns, c.engine, err = campaigns.New(campaigns.Deps{
		DB: c.db, Driver: sw, Activity: c.ActivityLog, Emitter: emitter, Log: c.Log,
		Templates: c.Templates, Contacts: book, Audiences: book, OptOutWords: c.optOutWords,
		TimeZone: c.timeZone, Files: c.files, ConfirmWindow: confirmWindow(c.Log),
		// The inbox is built next, before anything can ask for a report or an export.
		Keywords:     func(ids []int64) ([]campaigns.KeywordCount, error) { return c.inbox.KeywordCounts(ids) },
		ReplyKeyword: func(reply string) string { return c.inbox.KeywordOf(reply) },
	})
	if err != nil {
		_ = sw.Close()
		return err
	}
	c.Inbox, c.inbox = inbox.New(inbox.Deps{DB: c.db, Driver: sw, Contacts: book, Campaigns: campaigns.NewAPI(c.Campaigns),
		Templates: c.Templates, TestNumber: c.testNumber, Keywords: c.replyKeywords, Activity: c.ActivityLog, Emitter: emitter, Log: c.Log})
	observe := func(ev whatsapp.Event) {
		c.engine.Observe(ev)
		c.inbox.Observe(ev)
	}
	c.WhatsApp, c.stopWhatsApp, err = connection.NewService(connection.Deps{
		DB: c.db, Driver: sw, Activity: c.ActivityLog, Emitter: emitter, Log: c.Log,
		Contacts: reach, Country: c.defaultCountry, Observe: observe,
		Switch: sw, Sending: c.engine.Sending,
	})
	if err != nil {
		c.inbox.Stop()
		_ = c.engine.Stop()
		_ = sw.Close()
		return err
	}
	if fallback != "" {
		_, _ = c.ActivityLog.Record("whatsapp", "driver", fallback)
	}
	return nil
}

// Binding is a service bound to the UI under its API name.
type Binding struct {
	Name    string
	Service any
	// WithContext, when set, returns a view of Service for one call whose
	// long work stops when ctx ends; `herald serve` gives it the request's
	// context, so that work stops when the browser goes away.
	WithContext func(ctx context.Context) any
}

// Bindings are the services bound to the UI. Every exported method of each
// is callable from the frontend, in the window and over `herald serve`.
func (c *Core) Bindings() []Binding {
	return append([]Binding{
		{"ActivityService", c.Activity, nil},
		{"SettingsService", c.Settings, nil},
		{"ContactService", c.Contacts, func(ctx context.Context) any { return contacts.WithContext(c.Contacts, ctx) }},
		{"TemplateService", c.Templates, nil},
		{"WhatsAppService", c.WhatsApp, func(ctx context.Context) any { return connection.WithContext(c.WhatsApp, ctx) }},
		{"CampaignService", c.Campaigns, func(ctx context.Context) any { return campaigns.WithContext(c.Campaigns, ctx) }},
		{"DashboardService", c.Dashboard, nil},
		{"InboxService", c.Inbox, nil},
		{"NoticeService", c.Notices, nil},
		{"BackupService", c.Backup, nil},
	}, c.phone.bindings...)
}

// Resume starts what runs by itself: the WhatsApp connection of a paired
// phone, scheduled campaigns and campaigns a quit interrupted. The desktop calls it once its window is up, so that a second
// launch, which hands over to the first and exits, never connects.
//
// While the contacts are being prepared after an interrupted import, all of
// this waits for them, in the background, so that no campaign reads a
// half-built contact book and the window comes up at once to say why.
func (c *Core) Resume() error {
	if preparing, _ := c.Contacts.Preparing(); !preparing {
		return c.resume()
	}
	c.resuming = make(chan struct{})
	go func() {
		defer close(c.resuming)
		if err := contacts.WaitReady(c.closing, c.Contacts); err != nil {
			c.Log.Error("resume after preparing the contacts", "err", err)
			return
		}
		if err := c.resume(); err != nil {
			c.Log.Error("resume", "err", err)
		}
	}()
	return nil
}

func (c *Core) resume() error {
	c.inbox.Start()
	c.notices.Start()
	return errors.Join(connection.Resume(c.WhatsApp), c.engine.Start(), backup.Start(c.Backup))
}

// Close stops the services and closes the database and the log, in that
// order: the WhatsApp monitor writes to the database until it stops. The
// data dir's lock goes last, once nothing of this Herald touches it.
func (c *Core) Close() error {
	c.Log.Info("herald stopping")
	c.stopResuming()
	if c.resuming != nil {
		<-c.resuming
	}
	// A restore in progress ends at its next step, or once its rows are in
	// place, before anything it uses closes.
	c.restoring.Lock()
	defer c.restoring.Unlock()
	// A preparation of the contacts in progress holds a transaction that
	// the database waits for when it closes; a quit during it is repaired
	// again at the next start.
	_ = contacts.WaitReady(context.Background(), c.Contacts)
	backupErr := backup.Stop(c.Backup)
	engineErr := c.engine.Stop()
	c.inbox.Stop()
	c.notices.Stop()
	return errors.Join(backupErr, engineErr, c.stopWhatsApp(), store.Close(c.db), c.logFile.Close(), c.lock.Close())
}

// lockDataDir takes the data dir's lock, so that two Heralds (a window and
// `herald serve`, or two of either) never open one database: both would
// run its campaigns and send every message twice, and Windows would keep
// each one's files locked against the other. The lock is the operating
// system's (LockFileEx on Windows, flock elsewhere), which dies with its
// process: a Herald that was killed leaves no stale lock behind, as a PID
// file would.
func lockDataDir(dir string) (*flock.Flock, error) {
	lock := flock.New(filepath.Join(dir, LockFile))
	ok, err := lock.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock the data folder %s: %w", dir, err)
	}
	if !ok {
		return nil, &inUseError{dir: dir}
	}
	return lock, nil
}

// DefaultDataDir is where Herald keeps its data unless told otherwise: the
// per-user config folder of the OS.
func DefaultDataDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config folder: %w", err)
	}
	return filepath.Join(dir, "Herald"), nil
}
