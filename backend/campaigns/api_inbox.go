package campaigns

import (
	"fmt"
	"time"

	"herald/backend/templates/engine"
	"herald/backend/whatsapp"
)

// ReplyTo returns the campaign an incoming message answers (the message it
// quotes, else the last one sent to its number), 0 for none: the inbox
// files a reply under it.
func (x *API) ReplyTo(in whatsapp.Incoming) (int64, error) {
	t, err := x.e.replyTarget(in)
	return t.CampaignID, err
}

// SentMessage is a campaign message as a conversation shows it.
type SentMessage struct {
	// ID is the recipient's row, unique among campaign messages.
	ID           int64
	CampaignID   int64
	CampaignName string
	Text         string
	State        string
	Error        string
	At           time.Time
}

// sentStates are the states of a message that went, or may have.
func sentStates() []string {
	return []string{RecipientSending, RecipientSent, RecipientDelivered, RecipientRead, RecipientFailed, RecipientUnconfirmed}
}

// SentTo returns the newest limit campaign messages sent to phone, newest
// first, and how many there are. Campaigns keep no copy of each message:
// its text is the campaign's message rendered for the contact as it is now
// and at the time it went, as it was sent but for changes to the contact.
func (x *API) SentTo(phone string, limit int) ([]SentMessage, int64, error) {
	var total int64
	if err := x.e.db.Raw(`SELECT count(*) FROM campaign_recipients WHERE phone = ? AND state IN ?`, phone, sentStates()).
		Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count the campaign messages sent to %s: %w", phone, err)
	}
	if total == 0 || limit <= 0 {
		return nil, total, nil
	}
	var rows []struct {
		ID           int64
		CampaignID   int64
		ContactID    int64
		Name         string
		TemplateBody string
		State        string
		Error        string
		At           string
	}
	err := x.e.db.Raw(`SELECT r.id, r.campaign_id, r.contact_id, c.name, c.template_body, r.state, r.error,
			coalesce(r.sent_at, c.started_at, c.created_at) AS at
		FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
		WHERE r.phone = ? AND r.state IN ? ORDER BY at DESC, r.id DESC LIMIT ?`, phone, sentStates(), limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("read the campaign messages sent to %s: %w", phone, err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ContactID
	}
	people, err := x.e.contacts.Recipients(ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]SentMessage, len(rows))
	for i, r := range rows {
		at, _ := time.Parse(sqliteTime, r.At)
		text := r.TemplateBody
		if tmpl, _ := engine.Compile(r.TemplateBody, engine.Options{}); tmpl != nil {
			if b, err := tmpl.AppendRender(nil, engine.Context{Contact: renderContact(people[r.ContactID], phone), Now: at,
				Location: x.e.loc, Seed: engine.Seed(r.CampaignID, r.ContactID)}); err == nil {
				text = string(b)
			}
		}
		out[i] = SentMessage{ID: r.ID, CampaignID: r.CampaignID, CampaignName: r.Name, Text: text, State: r.State,
			Error: r.Error, At: at}
	}
	return out, total, nil
}
