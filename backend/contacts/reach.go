package contacts

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/sqlrun"
)

// Reach reads contacts' numbers and records which are on WhatsApp, for the
// WhatsApp service's number check. It is apart from Service so that these
// methods are not bound to the UI.
type Reach struct {
	db *gorm.DB
}

// NewReach returns a Reach on the contact book stored in db.
func NewReach(db *gorm.DB) *Reach { return &Reach{db: db} }

// Phones returns the E.164 number of each of ids that exists, by id.
func (r *Reach) Phones(ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID    int64
		Phone string
	}
	if err := r.db.Raw("SELECT id, phone FROM contacts WHERE id IN ("+sqlrun.IDsIn+")", sqlrun.JSON(ids)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read contacts' numbers: %w", err)
	}
	for _, row := range rows {
		out[row.ID] = row.Phone
	}
	return out, nil
}

// MarkOnWhatsApp records on ids whether their numbers are on WhatsApp, as
// checked at at. It leaves updated_at alone: the contact did not change.
func (r *Reach) MarkOnWhatsApp(ids []int64, onWhatsApp bool, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := r.db.Exec("UPDATE contacts SET on_whatsapp = ?, whatsapp_checked_at = ? WHERE id IN ("+sqlrun.IDsIn+")", onWhatsApp, at.UTC(), sqlrun.JSON(ids)).Error
	if err != nil {
		return fmt.Errorf("record WhatsApp check: %w", err)
	}
	return nil
}
