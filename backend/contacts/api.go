package contacts

import (
	"encoding/json"
	"fmt"
	"time"

	"herald/backend/contacts/internal/sqlrun"
)

// API is the contact book as Herald's other packages use it. Campaigns,
// the dashboard and whatever comes next read and change contacts through
// it, never through the contacts tables, whose layout is this package's to
// change. It is apart from Service so that none of it is bound to the UI.
type API struct {
	s *Service
}

// NewAPI returns the API over s's contact book.
func NewAPI(s *Service) *API { return &API{s: s} }

// Counts are how many contacts the book holds, and how many of them opted
// out.
type Counts struct {
	Total    int64
	OptedOut int64
}

// Counts counts the book.
func (x *API) Counts() (Counts, error) {
	var c Counts
	if err := x.s.db.Raw("SELECT count(*) FROM contacts").Scan(&c.Total).Error; err != nil {
		return Counts{}, fmt.Errorf("count contacts: %w", err)
	}
	// The partial index of opted-out contacts answers this one alone.
	if err := x.s.db.Raw("SELECT count(*) FROM contacts WHERE opted_out = 1").Scan(&c.OptedOut).Error; err != nil {
		return Counts{}, fmt.Errorf("count opted-out contacts: %w", err)
	}
	return c, nil
}

// Recipient is what a message needs of a contact: who it goes to and the
// fields a template may render.
type Recipient struct {
	ID      int64
	Name    string
	Phone   string
	Email   string
	Company string
	// Custom are the contact's custom fields, nil when it has none.
	Custom   map[string]string
	OptedOut bool
}

// recipientColumns are the columns of contacts (aliased c) that make a
// recipientRow.
const recipientColumns = "c.id, c.name, c.phone, c.email, c.company, c.custom_fields, c.opted_out"

// recipientRow is a Recipient as stored. Its fields are named one by one:
// GORM fills no field of an embedded struct of an unexported type.
type recipientRow struct {
	ID           int64
	Name         string
	Phone        string
	Email        string
	Company      string
	CustomFields string
	OptedOut     bool
}

func (r recipientRow) recipient() Recipient {
	out := Recipient{ID: r.ID, Name: r.Name, Phone: r.Phone, Email: r.Email, Company: r.Company, OptedOut: r.OptedOut}
	// Most contacts have no custom fields: their "{}" is not decoded.
	if r.CustomFields != "" && r.CustomFields != "{}" {
		_ = json.Unmarshal([]byte(r.CustomFields), &out.Custom)
	}
	return out
}

// Recipients returns each of ids that exists, as it is now, by id.
func (x *API) Recipients(ids []int64) (map[int64]Recipient, error) {
	out := make(map[int64]Recipient, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []recipientRow
	err := x.s.db.Raw("SELECT "+recipientColumns+" FROM contacts c WHERE c.id IN ("+sqlrun.IDsIn+")", sqlrun.JSON(ids)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the recipients' details: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.recipient()
	}
	return out, nil
}

// FindPhone returns the id of the contact whose number is phone (E.164),
// 0 when there is none.
func (x *API) FindPhone(phone string) (int64, error) {
	var id int64
	if err := x.s.db.Raw("SELECT id FROM contacts WHERE phone = ?", phone).Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("find the contact of %s: %w", phone, err)
	}
	return id, nil
}

// Phones returns the E.164 number of each of ids that exists, by id.
func (x *API) Phones(ids []int64) (map[int64]string, error) {
	return NewReach(x.s.db).Phones(ids)
}

// OptOut opts ids out for reason (a reply such as STOP), as the user would
// from the contact list, in the activity log too, and returns how many were
// not opted out before.
func (x *API) OptOut(ids []int64, reason string) (int64, error) {
	return x.s.SetOptedOut(ids, true, reason)
}

// MarkOnWhatsApp records on ids whether their numbers are on WhatsApp, as
// found at at.
func (x *API) MarkOnWhatsApp(ids []int64, onWhatsApp bool, at time.Time) error {
	return NewReach(x.s.db).MarkOnWhatsApp(ids, onWhatsApp, at)
}
