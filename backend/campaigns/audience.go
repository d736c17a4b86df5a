package campaigns

import (
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/store"
)

// selection is an audience as a condition on contacts (aliased c).
type selection struct {
	where string
	args  []any
}

// SearchFunc turns a contact-list search into a condition on contacts
// aliased c, as the contact list runs it.
type SearchFunc func(search string) (string, []any, error)

// TaggedFunc turns tags into a condition on contacts aliased c that holds
// for the contacts carrying all of them (all) or any.
type TaggedFunc func(tags []string, all bool) (string, []any, error)

// audienceSQL is what turns the parts of an audience that need the contact
// book into SQL. Without tagged, tags are probed contact by contact.
type audienceSQL struct {
	search SearchFunc
	tagged TaggedFunc
}

// tags is the condition for contacts carrying all (or any) of names.
func (x audienceSQL) tags(names []string, all bool) (string, []any, error) {
	if x.tagged != nil {
		return x.tagged(names, all)
	}
	if !all {
		return anyTagSQL(), []any{jsonText(names)}, nil
	}
	var ands []string
	var args []any
	for _, t := range names {
		ands = append(ands, store.HasTagSQL("(SELECT id FROM tags WHERE name = ?)", "c.id"))
		args = append(args, t)
	}
	return "(" + strings.Join(ands, " AND ") + ")", args, nil
}

// selectionOf turns a into SQL. Its parts (everyone, tags, a saved search,
// hand-picked contacts) add up; excluded tags then take contacts out.
func selectionOf(a Audience, x audienceSQL) (selection, error) {
	var ors []string
	var args []any
	tags := cleanNames(a.Tags)
	search := x.search
	switch {
	case a.All:
		ors = append(ors, "1")
	default:
		if len(tags) > 0 {
			cond, targs, err := x.tags(tags, strings.EqualFold(a.TagsMatch, "all"))
			if err != nil {
				return selection{}, err
			}
			ors = append(ors, cond)
			args = append(args, targs...)
		}
		if len(a.ContactIDs) > 0 {
			ors = append(ors, "c.id IN (SELECT value FROM json_each(?))")
			args = append(args, jsonText(a.ContactIDs))
		}
		if q := strings.TrimSpace(a.Search); q != "" {
			if search == nil {
				return selection{}, apperr.Invalid("Searching contacts is not available here.")
			}
			cond, sargs, err := search(q)
			if err != nil {
				return selection{}, err
			}
			ors = append(ors, "("+cond+")")
			args = append(args, sargs...)
		}
	}
	if len(ors) == 0 {
		return selection{}, apperr.Invalid("Choose who receives the campaign: everyone, contacts with some tags, a search, or contacts you pick.")
	}
	where := "(" + strings.Join(ors, " OR ") + ")"
	if ex := cleanNames(a.ExcludeTags); len(ex) > 0 {
		cond, eargs, err := x.tags(ex, false)
		if err != nil {
			return selection{}, err
		}
		where += " AND NOT " + cond
		args = append(args, eargs...)
	}
	return selection{where: where, args: args}, nil
}

// anyTagSQL holds for a contact (aliased c) that carries any of the tags
// named in a JSON array, from the tags' bits.
func anyTagSQL() string {
	return "EXISTS (SELECT 1 FROM tags t WHERE t.name IN (SELECT value FROM json_each(?)) AND " + store.HasTagSQL("t.id", "c.id") + ")"
}

// reachable keeps contacts a campaign may message: not opted out, and not
// known to be off WhatsApp (never checked counts as reachable).
const reachable = "c.opted_out = 0 AND (c.on_whatsapp IS NULL OR c.on_whatsapp = 1)"

// AudienceCount is how many contacts an audience selects, and how many of
// them a campaign would leave out.
type AudienceCount struct {
	// Recipients is who would receive the message.
	Recipients int64 `json:"recipients"`
	// Matched is everyone the audience selects, excluded ones included.
	Matched       int64 `json:"matched"`
	OptedOut      int64 `json:"optedOut"`
	NotOnWhatsApp int64 `json:"notOnWhatsApp"`
}

func countAudience(db *gorm.DB, a Audience, x audienceSQL) (AudienceCount, error) {
	sel, err := selectionOf(a, x)
	if err != nil {
		return AudienceCount{}, err
	}
	var n AudienceCount
	err = db.Raw(`SELECT count(*) AS matched,
			coalesce(sum(c.opted_out = 1), 0) AS opted_out,
			coalesce(sum(c.opted_out = 0 AND c.on_whatsapp = 0), 0) AS not_on_whats_app
		FROM contacts c WHERE `+sel.where, sel.args...).Row().Scan(&n.Matched, &n.OptedOut, &n.NotOnWhatsApp)
	if err != nil {
		return AudienceCount{}, fmt.Errorf("count the audience: %w", err)
	}
	n.Recipients = n.Matched - n.OptedOut - n.NotOnWhatsApp
	return n, nil
}

// enqueue adds campaign id's recipients in tx, in one INSERT … SELECT, and
// returns how many were left out.
func enqueue(tx *gorm.DB, id int64, a Audience, x audienceSQL) (AudienceCount, error) {
	n, err := countAudience(tx, a, x)
	if err != nil {
		return n, err
	}
	sel, err := selectionOf(a, x)
	if err != nil {
		return n, err
	}
	args := append([]any{id}, sel.args...)
	res := tx.Exec(`INSERT INTO campaign_recipients (campaign_id, contact_id, phone, name)
		SELECT ?, c.id, c.phone, c.name FROM contacts c WHERE `+sel.where+` AND `+reachable+` ORDER BY c.id`, args...)
	if res.Error != nil {
		return n, fmt.Errorf("queue the recipients: %w", res.Error)
	}
	n.Recipients = res.RowsAffected
	return n, nil
}

func cleanNames(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// jsonText encodes v for json_each. It cannot fail for the slices used.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
