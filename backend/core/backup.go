package core

import (
	"path/filepath"

	"herald/backend/backup"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/templates"
	"herald/backend/whatsapp/simulator"
)

// openBackup builds the backup service over the open database: counts come
// through each service's API, and the session files are the simulator's and
// the linked phone's.
func (c *Core) openBackup(opts Options, emitter events.Emitter) error {
	var err error
	c.Backup, err = backup.New(backup.Deps{
		Source: backup.Source{DB: c.db, DataDir: opts.DataDir, MediaDir: filepath.Join(opts.DataDir, templates.MediaDir),
			Version: opts.Version, Counts: c.backupCounts, SessionFiles: []string{simulator.SessionFile, sessionFile}},
		Activity: c.ActivityLog, Emitter: emitter, Log: c.Log, Files: c.files,
	})
	return err
}

// backupCounts counts what a backup holds, through each service's API.
func (c *Core) backupCounts() (backup.Counts, error) {
	book, err := contacts.NewAPI(c.Contacts).Counts()
	if err != nil {
		return backup.Counts{}, err
	}
	tpl, err := c.Templates.List(templates.Query{Limit: 1})
	if err != nil {
		return backup.Counts{}, err
	}
	n, err := campaigns.NewAPI(c.Campaigns).Count()
	if err != nil {
		return backup.Counts{}, err
	}
	return backup.Counts{Contacts: book.Total, Templates: tpl.Total, Campaigns: n}, nil
}
