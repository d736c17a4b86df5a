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
// contacts) add up; excluded tags then take contacts out.
func (a Audience) book() (contacts.Audience, error) {
	out := contacts.Audience{All: a.All, Tags: cleanNames(a.Tags), AllTags: strings.EqualFold(a.TagsMatch, "all"),
		IDs: a.ContactIDs, Search: strings.TrimSpace(a.Search), ExcludeTags: cleanNames(a.ExcludeTags)}
	if !out.All && len(out.Tags) == 0 && len(out.IDs) == 0 && out.Search == "" {
		return contacts.Audience{}, apperr.Invalid("Choose who receives the campaign: everyone, contacts with some tags, a search, or contacts you pick.")
	}
	return out, nil
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
}

func audienceCount(n contacts.AudienceCount) AudienceCount {
	return AudienceCount{Recipients: n.Reachable, Matched: n.Matched, OptedOut: n.OptedOut, NotOnWhatsApp: n.NotOnWhatsApp}
}

func countAudience(book Audiences, a Audience) (AudienceCount, error) {
	sel, err := a.book()
	if err != nil {
		return AudienceCount{}, err
	}
	n, err := book.CountAudience(sel)
	return audienceCount(n), err
}

// enqueue adds campaign id's recipients in tx, in one statement, and
// returns how many were queued and left out.
func enqueue(tx *gorm.DB, book Audiences, id int64, a Audience) (AudienceCount, error) {
	sel, err := a.book()
	if err != nil {
		return AudienceCount{}, err
	}
	n, err := book.CopyReachable(tx, sel, "campaign_recipients (campaign_id, contact_id, phone, name)", id)
	if err != nil {
		return AudienceCount{}, fmt.Errorf("queue the recipients: %w", err)
	}
	return audienceCount(n), nil
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
