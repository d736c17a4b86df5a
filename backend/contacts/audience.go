package contacts

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/sqlrun"
)

// Audience chooses contacts, as a campaign does: everyone, or else the
// contacts with some tags, those a search of the contact list finds and
// hand-picked ones, added up; contacts with any of ExcludeTags are then
// taken out. An audience with none of these chooses nobody.
type Audience struct {
	All bool
	// Tags keeps contacts with any of these tags, or all of them when
	// AllTags is set.
	Tags    []string
	AllTags bool
	IDs     []int64
	// Search is a search as the contact list runs it.
	Search      string
	ExcludeTags []string
}

// AudienceCount is how many contacts an audience chooses and how many of
// them cannot be messaged.
type AudienceCount struct {
	Matched       int64
	OptedOut      int64
	NotOnWhatsApp int64
	// Reachable are the others: not opted out, and not known to be off
	// WhatsApp.
	Reachable int64
}

// reachable keeps contacts (aliased c) that may be messaged: not opted
// out, and not known to be off WhatsApp (never checked counts as
// reachable).
const reachable = "c.opted_out = 0 AND (c.on_whatsapp IS NULL OR c.on_whatsapp = 1)"

// where turns aud into a condition on contacts aliased c. Tags are read
// from their bitmaps (Selector.Tagged), a search is the contact list's own.
func (x *API) where(aud Audience) (string, []any, error) {
	sel := NewSelector(x.s)
	var ors []string
	var args []any
	switch {
	case aud.All:
		ors = append(ors, "1")
	default:
		if tags := CleanTags(aud.Tags); len(tags) > 0 {
			cond, targs, err := sel.Tagged(tags, aud.AllTags)
			if err != nil {
				return "", nil, err
			}
			ors, args = append(ors, cond), append(args, targs...)
		}
		if len(aud.IDs) > 0 {
			ors, args = append(ors, "c.id IN ("+sqlrun.IDsIn+")"), append(args, sqlrun.JSON(aud.IDs))
		}
		if q := strings.TrimSpace(aud.Search); q != "" {
			cond, sargs, err := sel.Condition(Query{Search: q})
			if err != nil {
				return "", nil, err
			}
			ors, args = append(ors, "("+cond+")"), append(args, sargs...)
		}
	}
	if len(ors) == 0 {
		return "0", nil, nil
	}
	where := "(" + strings.Join(ors, " OR ") + ")"
	if ex := CleanTags(aud.ExcludeTags); len(ex) > 0 {
		cond, eargs, err := sel.Tagged(ex, false)
		if err != nil {
			return "", nil, err
		}
		where += " AND NOT " + cond
		args = append(args, eargs...)
	}
	return where, args, nil
}

// CountAudience counts aud.
func (x *API) CountAudience(aud Audience) (AudienceCount, error) {
	where, args, err := x.where(aud)
	if err != nil {
		return AudienceCount{}, err
	}
	return countWhere(x.s.db, where, args)
}

func countWhere(db *gorm.DB, where string, args []any) (AudienceCount, error) {
	var n AudienceCount
	err := db.Raw(`SELECT count(*) AS matched,
			coalesce(sum(c.opted_out = 1), 0) AS opted_out,
			coalesce(sum(c.opted_out = 0 AND c.on_whatsapp = 0), 0) AS not_on_whats_app
		FROM contacts c WHERE `+where, args...).Row().Scan(&n.Matched, &n.OptedOut, &n.NotOnWhatsApp)
	if err != nil {
		return AudienceCount{}, fmt.Errorf("count the audience: %w", err)
	}
	n.Reachable = n.Matched - n.OptedOut - n.NotOnWhatsApp
	return n, nil
}

// CountReachable counts the reachable contacts of aud whose number is not
// among those that the query notIn (with args) selects, from the caller's
// own tables; notIn "" leaves none out.
func (x *API) CountReachable(aud Audience, notIn string, args ...any) (int64, error) {
	where, wargs, err := x.where(aud)
	if err != nil {
		return 0, err
	}
	where += " AND " + reachable
	if notIn != "" {
		where += " AND c.phone NOT IN (" + notIn + ")"
		wargs = append(wargs, args...)
	}
	var n int64
	if err := x.s.db.Raw("SELECT count(*) FROM contacts c WHERE "+where, wargs...).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count the reachable contacts: %w", err)
	}
	return n, nil
}

// FirstReachable returns the first n reachable contacts of aud by id, the
// order CopyReachable copies them in.
func (x *API) FirstReachable(aud Audience, n int) ([]Recipient, error) {
	where, args, err := x.where(aud)
	if err != nil {
		return nil, err
	}
	var rows []recipientRow
	err = x.s.db.Raw("SELECT "+recipientColumns+" FROM contacts c WHERE "+where+" AND "+reachable+" ORDER BY c.id LIMIT ?",
		append(args, n)...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the first contacts of the audience: %w", err)
	}
	out := make([]Recipient, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.recipient())
	}
	return out, nil
}

// CopyReachable counts aud and copies its reachable contacts, by id, into
// a table of the caller's, in tx and in one statement however many they
// are. into names the table and its columns, as in "INSERT INTO " + into:
// the first take values, the last three each contact's id, number and
// name. The count's Reachable is how many were copied.
func (x *API) CopyReachable(tx *gorm.DB, aud Audience, into string, values ...any) (AudienceCount, error) {
	where, args, err := x.where(aud)
	if err != nil {
		return AudienceCount{}, err
	}
	// Counted in tx, so that what was left out adds up with what was
	// copied.
	n, err := countWhere(tx, where, args)
	if err != nil {
		return n, err
	}
	res := tx.Exec("INSERT INTO "+into+" SELECT "+strings.Repeat("?, ", len(values))+"c.id, c.phone, c.name FROM contacts c WHERE "+
		where+" AND "+reachable+" ORDER BY c.id", append(append([]any{}, values...), args...)...)
	if res.Error != nil {
		return n, fmt.Errorf("copy the audience: %w", res.Error)
	}
	n.Reachable = res.RowsAffected
	return n, nil
}
