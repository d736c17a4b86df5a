package templates

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts"
	"herald/backend/store"
	"herald/backend/userfiles"
)

// Contacts is what templates need of the contact book: a contact to preview
// for, a page of contacts for an audience preview, and the custom-field keys
// that {{custom.<key>}} may name. *contacts.Service satisfies it.
type Contacts interface {
	Get(id int64) (contacts.Contact, error)
	List(q contacts.Query) (contacts.Page, error)
	CustomFieldKeys() ([]string, error)
}

// Service is the templates as the UI sees them.
type Service struct {
	db       *gorm.DB
	activity *activity.Log
	log      *slog.Logger
	contacts Contacts
	// mediaDir holds the copies of attached files.
	mediaDir string
	// files decides which files may be attached.
	files *userfiles.Access
	now   func() time.Time
	// location is the user's time zone, for {{date}} and {{time}}.
	location *time.Location
}

// MediaDir is the folder inside the data dir that holds attached files.
const MediaDir = "media"

// NewService returns the templates stored in db. Attached files, which files
// allows, are copied into dataDir's media folder. {{date}} and {{time}} are written in the
// computer's time zone (time.Local): Herald has no time-zone setting.
func NewService(db *gorm.DB, act *activity.Log, log *slog.Logger, contacts Contacts, dataDir string, files *userfiles.Access) *Service {
	return &Service{db: db, activity: act, log: log, contacts: contacts,
		mediaDir: filepath.Join(dataDir, MediaDir), files: files,
		now: func() time.Time { return time.Now().UTC() }, location: time.Local}
}

// Query selects a page of templates.
type Query struct {
	// Search keeps templates whose name contains it, ignoring case.
	Search string `json:"search"`
	// Kind keeps templates of that kind; "" keeps messages, the kind a
	// campaign sends, and "all" keeps every kind.
	Kind   string `json:"kind"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
}

// Page is one page of templates, by name, and how many match in all.
type Page struct {
	Items []Template `json:"items"`
	Total int64      `json:"total"`
}

// MaxLimit is the largest page List returns.
const MaxLimit = 500

// List returns the templates matching q, by name.
func (s *Service) List(q Query) (Page, error) {
	q.Offset, q.Limit = store.Window(q.Offset, q.Limit, MaxLimit)
	tx := s.db.Model(&row{})
	switch q.Kind {
	case "all":
	case "":
		tx = tx.Where("kind = ?", KindMessage)
	default:
		tx = tx.Where("kind = ?", q.Kind)
	}
	if term := strings.TrimSpace(q.Search); term != "" {
		tx = tx.Where(`name LIKE ? ESCAPE '\'`, "%"+store.EscapeLike(term)+"%")
	}
	page := Page{Items: []Template{}}
	if err := tx.Count(&page.Total).Error; err != nil {
		return Page{}, fmt.Errorf("count templates: %w", err)
	}
	var rows []row
	if err := tx.Order("name COLLATE NOCASE, id").Offset(q.Offset).Limit(q.Limit).Find(&rows).Error; err != nil {
		return Page{}, fmt.Errorf("list templates: %w", err)
	}
	if len(rows) == 0 {
		return page, nil
	}
	keys, err := s.customKeys()
	if err != nil {
		return Page{}, err
	}
	for _, r := range rows {
		page.Items = append(page.Items, r.template(keys))
	}
	return page, nil
}

// Get returns the template id.
func (s *Service) Get(id int64) (Template, error) {
	r, err := s.row(id)
	if err != nil {
		return Template{}, err
	}
	keys, err := s.customKeys()
	if err != nil {
		return Template{}, err
	}
	return r.template(keys), nil
}

func (s *Service) row(id int64) (row, error) {
	var r row
	err := s.db.Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return row{}, apperr.NotFound("There is no template %d: it may have been deleted.", id)
	}
	if err != nil {
		return row{}, fmt.Errorf("read template %d: %w", id, err)
	}
	return r, nil
}

// Create saves a new template. A body with problems is saved as a draft:
// the answer's problems say what to fix before a campaign can use it.
// Media is attached separately (AttachMedia); t's media fields are ignored.
func (s *Service) Create(t Template) (Template, error) {
	if err := tidy(&t); err != nil {
		return Template{}, err
	}
	if err := s.checkNameFree(t.Name, 0); err != nil {
		return Template{}, err
	}
	now := s.now()
	r := row{Name: t.Name, Body: t.Body, Category: t.Category, Kind: t.Kind, CreatedAt: now, UpdatedAt: now}
	if err := s.db.Create(&r).Error; err != nil {
		return Template{}, fmt.Errorf("save template %q: %w", t.Name, err)
	}
	return s.saved(r.ID, "created", "Created template “%s”")
}

// Update replaces the name, body, category and kind of template t.ID. Media is
// changed through AttachMedia and RemoveMedia only.
func (s *Service) Update(t Template) (Template, error) {
	if t.ID == 0 {
		return Template{}, apperr.Invalid("Which template? The update has no id.")
	}
	if _, err := s.row(t.ID); err != nil {
		return Template{}, err
	}
	if err := tidy(&t); err != nil {
		return Template{}, err
	}
	if err := s.checkNameFree(t.Name, t.ID); err != nil {
		return Template{}, err
	}
	err := s.db.Model(&row{}).Where("id = ?", t.ID).
		Updates(map[string]any{"name": t.Name, "body": t.Body, "category": t.Category, "kind": t.Kind, "updated_at": s.now()}).Error
	if err != nil {
		return Template{}, fmt.Errorf("update template %d: %w", t.ID, err)
	}
	return s.saved(t.ID, "updated", "Updated template “%s”")
}

// Duplicate copies template id, media included, as "<name> (copy)" (or
// "(copy 2)" and so on when that name is taken).
func (s *Service) Duplicate(id int64) (Template, error) {
	r, err := s.row(id)
	if err != nil {
		return Template{}, err
	}
	name := r.Name + " (copy)"
	for n := 2; s.checkNameFree(name, 0) != nil; n++ {
		name = fmt.Sprintf("%s (copy %d)", r.Name, n)
	}
	if r.MediaPath != "" {
		if r.MediaPath, err = s.copyMedia(r.MediaPath); err != nil {
			return Template{}, err
		}
	}
	now := s.now()
	r.ID, r.Name, r.CreatedAt, r.UpdatedAt = 0, name, now, now
	if err := s.db.Create(&r).Error; err != nil {
		s.removeMediaFile(r.MediaPath)
		return Template{}, fmt.Errorf("save copy of template %d: %w", id, err)
	}
	return s.saved(r.ID, "duplicated", "Created template “%s” as a copy")
}

// Delete removes template id and its attached file.
func (s *Service) Delete(id int64) error {
	r, err := s.row(id)
	if err != nil {
		return err
	}
	if err := s.db.Delete(&row{}, id).Error; err != nil {
		return fmt.Errorf("delete template %d: %w", id, err)
	}
	s.removeMediaFile(r.MediaPath)
	s.record(0, "deleted", fmt.Sprintf("Deleted template “%s”", r.Name))
	return nil
}

// saved reads template id back, records the change and returns it.
func (s *Service) saved(id int64, action, summary string) (Template, error) {
	t, err := s.Get(id)
	if err != nil {
		return Template{}, err
	}
	s.record(t.ID, action, fmt.Sprintf(summary, t.Name))
	return t, nil
}

// checkNameFree fails when another template than id is called name,
// ignoring case: two "Welcome" templates are easy to send by mistake.
func (s *Service) checkNameFree(name string, id int64) error {
	var n int64
	err := s.db.Model(&row{}).Where("name = ? COLLATE NOCASE AND id <> ?", name, id).Count(&n).Error
	if err != nil {
		return fmt.Errorf("check template name %q: %w", name, err)
	}
	if n > 0 {
		return apperr.Conflict("There is already a template called “%s”: choose another name.", name)
	}
	return nil
}

func (s *Service) customKeys() ([]string, error) {
	keys, err := s.contacts.CustomFieldKeys()
	if err != nil {
		return nil, fmt.Errorf("read custom fields for templates: %w", err)
	}
	if keys == nil {
		keys = []string{} // nil would tell the engine to accept any key
	}
	return keys, nil
}

// record logs a change of template id (0 when it is gone, so the entry
// links to nothing).
func (s *Service) record(id int64, action, summary string) {
	ref := activity.Ref{}
	if id != 0 {
		ref = activity.TemplateRef(id)
	}
	// The change itself has been saved; a failure to log it is logged.
	_, _ = s.activity.RecordRef("templates", action, summary, "", ref)
}
