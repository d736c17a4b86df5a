package backup

import (
	"fmt"
	"os"
	"path/filepath"

	"herald/backend/apperr"
)

// Restorer puts the data of the checked backup file at p in place of
// Herald's (the Core's restore, which makes the safety backup with
// Safety); it returns the file's manifest, or an error after which the
// data is as it was.
type Restorer func(p string) (Manifest, error)

// SetRestorer gives s the way to restore. It is a function, not a method,
// because every exported method of Service is callable from the UI.
func SetRestorer(s *Service, r Restorer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.restorer = r
}

// Restore replaces Herald's data with the backup file at p (one List gave
// or, in a browser, an uploaded file) and says what it held. A file it
// refuses gets a sentence saying what is wrong with it, and changes
// nothing.
func (s *Service) Restore(p string) (Backup, error) {
	p, err := s.source(p)
	if err != nil {
		return Backup{}, err
	}
	s.mu.Lock()
	restore := s.restorer
	s.mu.Unlock()
	if restore == nil {
		return Backup{}, apperr.Conflict("This Herald cannot restore a backup.")
	}
	st, err := os.Stat(p)
	if err != nil {
		return Backup{}, apperr.Invalid("Herald cannot read the backup %s: %v.", p, err)
	}
	m, err := restore(p)
	if IsRefusal(err) {
		return Backup{}, apperr.Invalid("%s", err.Error())
	}
	if err != nil {
		s.d.Log.Error("restore failed", "path", p, "err", err)
		s.record("restore failed", fmt.Sprintf("Restore of %s failed; your data is as it was", filepath.Base(p)), err.Error())
		return Backup{}, apperr.Conflict("The restore failed and your data is as it was: %v", err)
	}
	s.changed()
	return m.backup(p, st.Size()), nil
}

// Safety backs up the data as it is, named with SafetySuffix, in the
// backup folder: the data a restore is about to replace, which the user
// can restore in turn, with the phone's session when withSession or the
// settings say so. A backup in progress is waited for first. It is a
// function, not a method, for the same reason as SetRestorer.
func Safety(s *Service, withSession bool) (Backup, error) {
	s.mu.Lock()
	r := s.running
	withSession = withSession || s.st.Settings.IncludeWhatsApp
	s.mu.Unlock()
	if r != nil {
		<-r.done
	}
	b, err := Write(s.ctx, s.d.Source, s.folder(), s.d.Clock.Now(), SafetySuffix, withSession)
	if err != nil {
		return Backup{}, fmt.Errorf("back up the current data: %w", err)
	}
	s.record("made", fmt.Sprintf("Backup of the data before a restore made: %s (%s; %d contacts, %d templates, %d campaigns)",
		b.Name, sizeWords(b.Size), b.Contacts, b.Templates, b.Campaigns), b.Path)
	s.changed()
	return b, nil
}
