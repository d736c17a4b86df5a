package inbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/apperr"
)

// Conversation is one number's conversation as the list shows it.
// ContactID is the contact whose number it is, or, for a number that is
// no contact, the negative of ConversationID. LastText, LastAt and
// LastFromThem are of the last message received or answered: a campaign
// message sent since shows in the conversation but does not move it up the
// list, nor answer it.
type Conversation struct {
	ContactID      int64     `json:"contactId"`
	ConversationID int64     `json:"conversationId"`
	Phone          string    `json:"phone"`
	Name           string    `json:"name"`
	InContacts     bool      `json:"inContacts"`
	OptedOut       bool      `json:"optedOut"`
	LastText       string    `json:"lastText"`
	LastAt         time.Time `json:"lastAt"`
	Unread         int64     `json:"unread"`
	LastFromThem   bool      `json:"lastFromThem"`
}

// Message is one message of a conversation. ID is the inbox's for a
// message received or answered, the negative of the campaign recipient's
// for a campaign message.
type Message struct {
	ID           int64     `json:"id"`
	Direction    string    `json:"direction"`
	Text         string    `json:"text"`
	At           time.Time `json:"at"`
	State        string    `json:"state"`
	Error        string    `json:"error"`
	CampaignID   int64     `json:"campaignId"`
	CampaignName string    `json:"campaignName"`
	// Test marks a test of a message sent to the user's own number.
	Test bool `json:"test"`
}

// Query chooses conversations: Search looks in the text of the messages
// received and answered (every word, the last as a prefix); Unread, NeedsAnswer
// (their message is the last), CampaignID (they replied to it) and
// OptedOut (contacts who opted out) narrow the list.
type Query struct {
	Search      string `json:"search"`
	Unread      bool   `json:"unread"`
	NeedsAnswer bool   `json:"needsAnswer"`
	OptedOut    bool   `json:"optedOut"`
	CampaignID  int64  `json:"campaignId"`
	Offset      int    `json:"offset"`
	Limit       int    `json:"limit"`
}

// Page is a page of conversations, newest first, and how many match; for a
// search, TotalCapped says Total is where the count stopped (there are
// more).
type Page struct {
	Items       []Conversation `json:"items"`
	Total       int64          `json:"total"`
	TotalCapped bool           `json:"totalCapped"`
}

// MessageQuery pages a conversation from its newest message: Offset 0 is
// the newest Limit messages.
type MessageQuery struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// MessagePage is a page of a conversation, oldest first within the page,
// and how many messages it has.
type MessagePage struct {
	Items []Message `json:"items"`
	Total int64     `json:"total"`
}

// convRow is a conversation as stored.
type convRow struct {
	ID           int64
	Phone        string
	LastAt       time.Time
	LastText     string
	LastFromThem bool
	Unread       int64
}

const convColumns = "id, phone, last_at, last_text, last_from_them, unread"

func (m messageRow) message() Message {
	out := Message{ID: m.ID, Direction: m.Direction, Text: m.Text, At: m.At, State: m.State, Error: m.Error, Test: m.Test}
	if m.CampaignID != nil {
		out.CampaignID = *m.CampaignID
	}
	return out
}

// limit is n within 1 and 200, 50 when unset.
func limit(n int) int {
	if n <= 0 {
		return 50
	}
	return min(n, 200)
}

// Conversations returns a page of conversations, newest first; a search,
// by their newest message that matches.
func (s *Service) Conversations(q Query) (Page, error) {
	return s.e.conversations(q)
}

func (e *Engine) conversations(q Query) (Page, error) {
	var where []string
	var args []any
	if q.Unread {
		where = append(where, "unread > 0")
	}
	if q.NeedsAnswer {
		where = append(where, "last_from_them = 1")
	}
	if q.CampaignID > 0 {
		where = append(where, "id IN (SELECT conversation_id FROM inbox_messages WHERE campaign_id = ?)")
		args = append(args, q.CampaignID)
	}
	if q.OptedOut {
		phones, err := e.contacts.OptedOutPhones()
		if err != nil {
			return Page{}, err
		}
		where = append(where, "phone IN (SELECT value FROM json_each(?))")
		args = append(args, jsonText(phones))
	}
	if strings.TrimSpace(q.Search) != "" {
		return e.search(q, where, args)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var page Page
	if err := e.db.Raw("SELECT count(*) FROM inbox_conversations"+cond, args...).Scan(&page.Total).Error; err != nil {
		return Page{}, fmt.Errorf("count conversations: %w", err)
	}
	const newest = " ORDER BY last_at DESC, id DESC"
	pageSQL := "SELECT " + convColumns + " FROM inbox_conversations" + cond + newest + " LIMIT ? OFFSET ?"
	if q.OptedOut {
		walk, err := e.walkNewest(page.Total, max(q.Offset, 0)+limit(q.Limit))
		if err != nil {
			return Page{}, err
		}
		if walk {
			pageSQL = "SELECT " + convColumns + " FROM inbox_conversations INDEXED BY inbox_conversations_last" + cond + newest +
				" LIMIT ? OFFSET ?"
		} else {
			// The index by number holds each conversation's place in the
			// list: the page is chosen from it, and only its rows are read.
			pageSQL = "SELECT " + convColumns + " FROM inbox_conversations WHERE id IN (SELECT id FROM inbox_conversations" +
				" INDEXED BY inbox_conversations_phone_last" + cond + newest + " LIMIT ? OFFSET ?)" + newest
		}
	}
	var rows []convRow
	if err := e.db.Raw(pageSQL, append(args, limit(q.Limit), max(q.Offset, 0))...).Scan(&rows).Error; err != nil {
		return Page{}, fmt.Errorf("list conversations: %w", err)
	}
	items, err := e.named(rows)
	if err != nil {
		return Page{}, err
	}
	page.Items = items
	return page, nil
}

// walkNewest says whether a page of a filter by number is found sooner by
// walking the conversations newest first until want of the matching have
// passed than by looking up each of the matching numbers and sorting them.
// A walk reads about want times as many conversations as there are per
// match (the largest id stands for how many there are); the lookups read
// every match.
func (e *Engine) walkNewest(matching int64, want int) (bool, error) {
	if matching == 0 {
		return false, nil
	}
	var all int64
	if err := e.db.Raw("SELECT coalesce(max(id), 0) FROM inbox_conversations").Scan(&all).Error; err != nil {
		return false, fmt.Errorf("count conversations: %w", err)
	}
	return float64(want)*float64(all) < float64(matching)*float64(matching), nil
}

// named returns rows as the list shows them, with their contacts.
func (e *Engine) named(rows []convRow) ([]Conversation, error) {
	phones := make([]string, len(rows))
	for i, r := range rows {
		phones[i] = r.Phone
	}
	holders, err := e.contacts.ByPhones(phones)
	if err != nil {
		return nil, err
	}
	out := make([]Conversation, len(rows))
	for i, r := range rows {
		c := Conversation{ContactID: -r.ID, ConversationID: r.ID, Phone: r.Phone, LastText: r.LastText, LastAt: r.LastAt,
			Unread: r.Unread, LastFromThem: r.LastFromThem}
		if h, ok := holders[r.Phone]; ok {
			c.ContactID, c.Name, c.OptedOut, c.InContacts = h.ID, h.Name, h.OptedOut, true
		}
		out[i] = c
	}
	return out, nil
}

func (e *Engine) conversationByID(id int64) (Conversation, error) {
	var rows []convRow
	if err := e.db.Raw("SELECT "+convColumns+" FROM inbox_conversations WHERE id = ?", id).Scan(&rows).Error; err != nil {
		return Conversation{}, fmt.Errorf("read conversation %d: %w", id, err)
	}
	if len(rows) == 0 {
		return Conversation{}, apperr.NotFound("This conversation no longer exists.")
	}
	items, err := e.named(rows)
	if err != nil {
		return Conversation{}, err
	}
	return items[0], nil
}

// find returns the number contactID stands for (a contact, or the negative
// of a conversation), and its conversation's id, 0 when it has none.
func (e *Engine) find(contactID int64) (phone string, conv int64, err error) {
	switch {
	case contactID < 0:
		if err := e.db.Raw("SELECT phone FROM inbox_conversations WHERE id = ?", -contactID).Scan(&phone).Error; err != nil {
			return "", 0, fmt.Errorf("read conversation %d: %w", -contactID, err)
		}
		if phone == "" {
			return "", 0, apperr.NotFound("This conversation no longer exists.")
		}
		return phone, -contactID, nil
	case contactID > 0:
		phones, err := e.contacts.Phones([]int64{contactID})
		if err != nil {
			return "", 0, err
		}
		phone = phones[contactID]
		if phone == "" {
			return "", 0, apperr.NotFound("This contact no longer exists.")
		}
	default:
		return "", 0, apperr.Invalid("Choose a conversation.")
	}
	if err := e.db.Raw("SELECT id FROM inbox_conversations WHERE phone = ?", phone).Scan(&conv).Error; err != nil {
		return "", 0, fmt.Errorf("find the conversation of %s: %w", phone, err)
	}
	return phone, conv, nil
}

// Conversation returns the conversation with contactID (see
// Conversation.ContactID), as the list shows it.
func (s *Service) Conversation(contactID int64) (Conversation, error) {
	_, conv, err := s.e.find(contactID)
	if err != nil {
		return Conversation{}, err
	}
	if conv == 0 {
		return Conversation{}, apperr.NotFound("This contact has not written to you.")
	}
	return s.e.conversationByID(conv)
}

// Messages returns a page of the conversation with contactID (see
// Conversation.ContactID): the messages received and answered, and the
// campaign messages sent to the number, oldest first within the page.
func (s *Service) Messages(contactID int64, q MessageQuery) (MessagePage, error) {
	phone, conv, err := s.e.find(contactID)
	if err != nil {
		return MessagePage{}, err
	}
	n := limit(q.Limit)
	offset := max(q.Offset, 0)
	// The page is among the newest offset+n of both kinds together.
	want := offset + n
	var page MessagePage
	var all []Message
	if conv != 0 {
		if err := s.e.db.Raw("SELECT count(*) FROM inbox_messages WHERE conversation_id = ?", conv).Scan(&page.Total).Error; err != nil {
			return MessagePage{}, fmt.Errorf("count the messages of %s: %w", phone, err)
		}
		var rows []messageRow
		if err := s.e.db.Raw("SELECT "+messageColumns+" FROM inbox_messages WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT ?",
			conv, want).Scan(&rows).Error; err != nil {
			return MessagePage{}, fmt.Errorf("read the messages of %s: %w", phone, err)
		}
		for _, r := range rows {
			all = append(all, r.message())
		}
	}
	sent, total, err := s.e.campaigns.SentTo(phone, want)
	if err != nil {
		return MessagePage{}, err
	}
	page.Total += total
	for _, m := range sent {
		all = append(all, Message{ID: -m.ID, Direction: "out", Text: m.Text, At: m.At, State: m.State, Error: m.Error,
			CampaignID: m.CampaignID, CampaignName: m.CampaignName})
	}
	slices.SortStableFunc(all, func(a, b Message) int { return b.At.Compare(a.At) })
	all = all[min(offset, len(all)):min(want, len(all))]
	slices.Reverse(all)
	page.Items = all
	if page.Items == nil {
		page.Items = []Message{}
	}
	return page, nil
}

// MarkRead marks the conversation with contactID read.
func (s *Service) MarkRead(contactID int64) error {
	return s.e.mark(contactID, "unread = 0")
}

// MarkUnread marks the conversation with contactID unread, as if its last
// message had just come.
func (s *Service) MarkUnread(contactID int64) error {
	return s.e.mark(contactID, "unread = max(unread, 1)")
}

// Unread returns how many conversations are unread: the sidebar's badge.
func (s *Service) Unread() (int64, error) {
	return s.e.unread()
}

func (e *Engine) mark(contactID int64, set string) error {
	_, conv, err := e.find(contactID)
	if err != nil {
		return err
	}
	if conv == 0 {
		return apperr.NotFound("This contact has not written to you.")
	}
	if err := e.write("mark a conversation", func(tx *gorm.DB) error {
		return tx.Exec("UPDATE inbox_conversations SET "+set+" WHERE id = ?", conv).Error
	}); err != nil {
		return fmt.Errorf("mark conversation %d: %w", conv, err)
	}
	e.announceUnread()
	return nil
}

func (e *Engine) unread() (int64, error) {
	var n int64
	if err := e.db.Raw("SELECT count(*) FROM inbox_conversations WHERE unread > 0").Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count unread conversations: %w", err)
	}
	return n, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
