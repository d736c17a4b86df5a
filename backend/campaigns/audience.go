package campaigns

import (
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/contacts"
)

// Audiences is what campaigns need of the contact book to choose and queue
// recipients. *contacts.API implements it.
type Audiences interface {
	// CountAudience counts who an audience chooses and who of them cannot
	// be messaged.
	CountAudience(a contacts.Audience) (contacts.AudienceCount, error)
	// CountReachable counts an audience's reachable contacts whose number
	// the query notIn does not select.
	CountReachable(a contacts.Audience, notIn string, args ...any) (int64, error)
	// FirstReachable returns an audience's first n reachable contacts, in
	// the order they are queued.
	FirstReachable(a contacts.Audience, n int) ([]contacts.Recipient, error)
	// CountMissing counts an audience's reachable contacts without a
	// value for each of fields (template variables: "email",
	// "custom.city"), and without at least one of them.
	CountMissing(a contacts.Audience, fields []string) (contacts.Missing, error)
	// CopyReachable counts an audience and copies its reachable contacts
	// into a table in tx, in one statement: a campaign's queue.
	CopyReachable(tx *gorm.DB, a contacts.Audience, into string, values ...any) (contacts.AudienceCount, error)
}

// book is a as the contact book chooses contacts, or why a chooses nobody
// by itself. Its parts (everyone, tags, a saved search, hand-picked
// contacts) add up; excluded tags then take contacts out. A follow-up's
// contacts are not in a: selection adds them.
func (a Audience) book() (contacts.Audience, error) {
	if a.empty() {
		return contacts.Audience{}, apperr.Invalid("Choose who receives the campaign: everyone, contacts with some tags, a search, or contacts you pick.")
	}
	if a.FollowUp != nil {
		return contacts.Audience{ExcludeTags: cleanNames(a.ExcludeTags)}, nil
	}
	return contacts.Audience{All: a.All, Tags: cleanNames(a.Tags), AllTags: strings.EqualFold(a.TagsMatch, "all"),
		IDs: a.ContactIDs, Search: strings.TrimSpace(a.Search), ExcludeTags: cleanNames(a.ExcludeTags)}, nil
}

// selection is a as the contact book chooses contacts, read in db: a
// follow-up's contacts are those saved with campaign id, or, before it is
// saved (id 0), the source campaign's as they are now.
func (e *Engine) selection(db *gorm.DB, a Audience, id int64) (contacts.Audience, error) {
	sel, err := a.book()
	if err != nil || a.FollowUp == nil {
		return sel, err
	}
	sel.IDs, err = e.followUpIDs(db, *a.FollowUp, id)
	return sel, err
}

// AudienceCount is how many contacts an audience selects, and how many of
// them a campaign would leave out.
type AudienceCount struct {
	// Recipients is who would receive the message.
	Recipients int64 `json:"recipients"`
	// Matched is everyone the audience selects, excluded ones included.
	Matched       int64 `json:"matched"`
	OptedOut      int64 `json:"optedOut"`
	NotOnWhatsApp int64 `json:"notOnWhatsApp"`
	// RecentlyMessaged counts the Recipients the frequency cap skips:
	// their number got another campaign's message in the last
	// SkipRecentDays days. They are recorded as skipped, with the reason.
	RecentlyMessaged int64 `json:"recentlyMessaged"`
}

func audienceCount(n contacts.AudienceCount) AudienceCount {
	return AudienceCount{Recipients: n.Reachable, Matched: n.Matched, OptedOut: n.OptedOut, NotOnWhatsApp: n.NotOnWhatsApp}
}

// countAudience counts a for campaign id (0 before it is saved).
func (e *Engine) countAudience(a Audience, id int64) (AudienceCount, error) {
	sel, err := e.selection(e.db, a, id)
	if err != nil {
		return AudienceCount{}, err
	}
	n, err := e.audiences.CountAudience(sel)
	if err != nil {
		return AudienceCount{}, err
	}
	out := audienceCount(n)
	if out.RecentlyMessaged, err = e.countRecent(sel, a.SkipRecentDays, id, out.Recipients); err != nil {
		return AudienceCount{}, err
	}
	return out, nil
}

// enqueue adds campaign id's recipients in tx, in one statement, and
// returns how many were queued and left out; the frequency cap then marks
// those it skips.
func (e *Engine) enqueue(tx *gorm.DB, id int64, a Audience) (AudienceCount, error) {
	sel, err := e.selection(tx, a, id)
	if err != nil {
		return AudienceCount{}, err
	}
	n, err := e.audiences.CopyReachable(tx, sel, "campaign_recipients (campaign_id, contact_id, phone, name)", id)
	if err != nil {
		return AudienceCount{}, fmt.Errorf("queue the recipients: %w", err)
	}
	out := audienceCount(n)
	if out.RecentlyMessaged, err = e.skipRecent(tx, id, a.SkipRecentDays); err != nil {
		return AudienceCount{}, err
	}
	return out, nil
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
