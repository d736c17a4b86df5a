package contacts

import (
	"fmt"

	"herald/backend/contacts/internal/sqlrun"
)

// Holder is who a number belongs to in the contact book, as a list of
// conversations shows it.
type Holder struct {
	ID       int64
	Name     string
	OptedOut bool
}

// ByPhones returns the contact of each of phones (E.164) that belongs to
// one, by number: a page of conversations in one read.
func (x *API) ByPhones(phones []string) (map[string]Holder, error) {
	out := make(map[string]Holder, len(phones))
	if len(phones) == 0 {
		return out, nil
	}
	var rows []struct {
		ID       int64
		Phone    string
		Name     string
		OptedOut bool
	}
	err := x.s.db.Raw("SELECT id, phone, name, opted_out FROM contacts WHERE phone IN (SELECT value FROM json_each(?))",
		sqlrun.JSON(phones)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the contacts of %d numbers: %w", len(phones), err)
	}
	for _, r := range rows {
		out[r.Phone] = Holder{ID: r.ID, Name: r.Name, OptedOut: r.OptedOut}
	}
	return out, nil
}

// OptedOutPhones returns the numbers of the contacts who opted out: the
// inbox's filter of their conversations. The partial index of their
// numbers holds them all, so no contact row is read.
func (x *API) OptedOutPhones() ([]string, error) {
	var out []string
	if err := x.s.db.Raw("SELECT phone FROM contacts INDEXED BY contacts_opted_out_phone WHERE opted_out = 1").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("read the numbers of contacts who opted out: %w", err)
	}
	return out, nil
}
