// Package contacts is Herald's contact book: one contact per phone number,
// with tags, custom fields and opt-out; search and paging that stay fast at
// a million contacts; import from the files people have and export.
package contacts

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"herald/backend/apperr"
	"herald/backend/contacts/internal/jsontext"
	"herald/backend/usertext"
)

// Contact is one person or business Herald can message.
type Contact struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	// OtherPhones are the contact's other numbers, kept for people to
	// read: messages go to Phone. E.164 when valid, else as written.
	OtherPhones    []OtherPhone      `json:"otherPhones"`
	Email          string            `json:"email"`
	Company        string            `json:"company"`
	Tags           []string          `json:"tags"`
	Notes          string            `json:"notes"`
	CustomFields   map[string]string `json:"customFields"`
	OptedOut       bool              `json:"optedOut"`
	OptedOutAt     *time.Time        `json:"optedOutAt"`
	OptedOutReason string            `json:"optedOutReason"`
	// OnWhatsApp is the answer of the last WhatsApp check: nil when the
	// number was never checked (or changed since).
	OnWhatsApp        *bool      `json:"onWhatsApp"`
	WhatsAppCheckedAt *time.Time `json:"whatsAppCheckedAt"`
	CreatedAt         time.Time  `json:"createdAt"`
	UpdatedAt         time.Time  `json:"updatedAt"`
}

// OtherPhone is a number of a contact beside its WhatsApp number, with
// what it is ("Work", "Home"), "" when nobody said.
type OtherPhone struct {
	Label  string `json:"label"`
	Number string `json:"number"`
}

// Limits on what a user can type, so that one pasted novel cannot bloat
// every page of the contact list.
const (
	maxFieldLen = 500
	maxNotesLen = 10000
	maxTags     = 100
	maxCustom   = 100
	// maxOtherPhones is more numbers than any address book gives a person.
	maxOtherPhones = 20
	maxPhoneLen    = 60
)

// row is a contact as stored.
type row struct {
	ID                int64
	Phone             string
	Name              string
	Email             string
	Company           string
	Notes             string
	Tags              string
	CustomFields      string
	OtherPhones       string
	OptedOut          bool
	OptedOutAt        *time.Time
	OptedOutReason    string
	OnWhatsApp        *bool      `gorm:"column:on_whatsapp"`
	WhatsAppCheckedAt *time.Time `gorm:"column:whatsapp_checked_at"`
	CreatedAt         time.Time
	UpdatedAt         time.Time
	// Stamp is updated_at as stored, read where a check compares it
	// with the row later (seenContacts).
	Stamp string `gorm:"-"`
}

func (row) TableName() string { return "contacts" }

// field is where the column col of a row goes, nil for a column row does
// not know.
func (r *row) field(col string) any {
	switch col {
	case "id":
		return &r.ID
	case "phone":
		return &r.Phone
	case "name":
		return &r.Name
	case "email":
		return &r.Email
	case "company":
		return &r.Company
	case "notes":
		return &r.Notes
	case "tags":
		return &r.Tags
	case "custom_fields":
		return &r.CustomFields
	case "other_phones":
		return &r.OtherPhones
	case "opted_out":
		return &r.OptedOut
	case "opted_out_at":
		return &r.OptedOutAt
	case "opted_out_reason":
		return &r.OptedOutReason
	case "on_whatsapp":
		return &r.OnWhatsApp
	case "whatsapp_checked_at":
		return &r.WhatsAppCheckedAt
	case "created_at":
		return &r.CreatedAt
	case "updated_at":
		return &r.UpdatedAt
	case "stamp":
		return &r.Stamp
	}
	return nil
}

func (r row) contact() Contact {
	c := Contact{
		ID: r.ID, Name: r.Name, Phone: r.Phone, Email: r.Email, Company: r.Company, Notes: r.Notes,
		OptedOut: r.OptedOut, OptedOutAt: r.OptedOutAt, OptedOutReason: r.OptedOutReason,
		OnWhatsApp: r.OnWhatsApp, WhatsAppCheckedAt: r.WhatsAppCheckedAt,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Tags: []string{}, CustomFields: map[string]string{},
		OtherPhones: []OtherPhone{},
	}
	// Most contacts have no tags or no custom fields: their empty JSON is
	// not worth encoding/json's time.
	if r.Tags != "[]" && r.Tags != "" {
		_ = json.Unmarshal([]byte(r.Tags), &c.Tags)
	}
	if r.CustomFields != "{}" && r.CustomFields != "" {
		_ = json.Unmarshal([]byte(r.CustomFields), &c.CustomFields)
	}
	if r.OtherPhones != "" && r.OtherPhones != "[]" {
		_ = json.Unmarshal([]byte(r.OtherPhones), &c.OtherPhones)
	}
	if c.Tags == nil {
		c.Tags = []string{}
	}
	if c.CustomFields == nil {
		c.CustomFields = map[string]string{}
	}
	return c
}

func encodeTags(tags []string) string {
	if len(tags) == 0 {
		return "[]"
	}
	return string(jsontext.AppendStrings(nil, tags))
}

func encodeOtherPhones(list []OtherPhone) string {
	if len(list) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(list)
	return string(b)
}

func encodeCustom(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// CleanTags trims tags, drops empty ones and duplicates (ignoring case,
// keeping the first spelling), in their original order.
func CleanTags(tags []string) []string {
	if len(tags) > fewTags {
		return cleanManyTags(tags)
	}
	return cleanFewTags(tags)
}

// cleanFewTags is CleanTags for the usual handful: the tags are compared
// with each other, without a map or lower-cased copies (an import cleans a
// million lists).
func cleanFewTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = squeezeSpaces(t)
		if t != "" && !slices.ContainsFunc(out, func(o string) bool { return sameTag(o, t) }) {
			out = append(out, t)
		}
	}
	return out
}

// cleanManyTags is CleanTags for long lists, through a map of lower-cased
// tags.
func cleanManyTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = squeezeSpaces(t)
		key := strings.ToLower(t)
		if t == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	return out
}

// fewTags is the longest tag list CleanTags compares pair by pair.
const fewTags = 8

// squeezeSpaces trims t and turns each run of spaces inside it into one
// space, returning t itself when it has nothing to change.
func squeezeSpaces(t string) string {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
			c == ' ' && (i == 0 || i == len(t)-1 || t[i+1] == ' ') {
			return strings.Join(strings.Fields(t), " ")
		}
	}
	return t
}

// sameTag tells whether a and b name the same tag: equal once lower-cased.
func sameTag(a, b string) bool {
	if len(a) != len(b) {
		// Lower-casing can change the length of non-ASCII text only.
		if isASCII(a) && isASCII(b) {
			return false
		}
		return strings.ToLower(a) == strings.ToLower(b)
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= utf8.RuneSelf || y >= utf8.RuneSelf {
			return strings.ToLower(a) == strings.ToLower(b)
		}
		if x != y && lowerASCII(x) != lowerASCII(y) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tidy trims c's text fields and checks what a person can get wrong. The
// phone number is checked by the caller, which knows the default country.
// Control characters go first (usertext): a NUL would cut the field short
// where it is stored.
func tidy(c *Contact) error {
	c.Phone, c.OptedOutReason = usertext.Clean(c.Phone), usertext.Clean(c.OptedOutReason)
	for _, f := range []*string{&c.Name, &c.Email, &c.Company} {
		*f = strings.TrimSpace(usertext.Clean(*f))
		if utf8.RuneCountInString(*f) > maxFieldLen {
			return apperr.Invalid("“%.40s…” is too long: keep names, emails and companies under %d characters.", *f, maxFieldLen)
		}
	}
	c.Notes = strings.TrimSpace(usertext.Clean(c.Notes))
	if utf8.RuneCountInString(c.Notes) > maxNotesLen {
		return apperr.Invalid("The notes are too long: keep them under %d characters.", maxNotesLen)
	}
	if c.Email != "" && !looksLikeEmail(c.Email) {
		return apperr.Invalid("“%s” does not look like an email address.", c.Email)
	}
	c.Tags = CleanTags(usertext.CleanAll(c.Tags))
	if len(c.Tags) > maxTags {
		return apperr.Invalid("A contact can have at most %d tags.", maxTags)
	}
	for _, t := range c.Tags {
		if utf8.RuneCountInString(t) > 100 {
			return apperr.Invalid("The tag “%.40s…” is too long.", t)
		}
	}
	custom := make(map[string]string, len(c.CustomFields))
	for k, v := range c.CustomFields {
		k = strings.TrimSpace(usertext.Clean(k))
		if k == "" {
			continue
		}
		if !validCustomKey(k) {
			return apperr.Invalid("“%s” cannot name a custom field: use letters, digits, spaces, - or _.", k)
		}
		custom[k] = strings.TrimSpace(usertext.Clean(v))
	}
	if len(custom) > maxCustom {
		return apperr.Invalid("A contact can have at most %d custom fields.", maxCustom)
	}
	c.CustomFields = custom
	return tidyOtherPhones(c)
}

// tidyOtherPhones trims c's other numbers and labels, and drops empty
// numbers and each number c already has.
func tidyOtherPhones(c *Contact) error {
	if len(c.OtherPhones) == 0 {
		c.OtherPhones = nil
		return nil
	}
	seen := map[string]bool{c.Phone: true}
	list := make([]OtherPhone, 0, len(c.OtherPhones))
	for _, p := range c.OtherPhones {
		p.Label, p.Number = strings.TrimSpace(usertext.Clean(p.Label)), strings.TrimSpace(usertext.Clean(p.Number))
		if p.Number == "" || seen[p.Number] {
			continue
		}
		if utf8.RuneCountInString(p.Number) > maxPhoneLen || utf8.RuneCountInString(p.Label) > maxPhoneLen {
			return apperr.Invalid("“%.40s” is too long for a phone number and its label: keep each under %d characters.", p.Number, maxPhoneLen)
		}
		seen[p.Number] = true
		list = append(list, p)
	}
	if len(list) > maxOtherPhones {
		return apperr.Invalid("A contact can have at most %d other numbers.", maxOtherPhones)
	}
	c.OtherPhones = list
	return nil
}

func looksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>")
}

// validCustomKey keeps keys usable as template variables ({{custom.key}}).
func validCustomKey(k string) bool {
	if utf8.RuneCountInString(k) > 64 {
		return false
	}
	for _, r := range k {
		if r == '{' || r == '}' || r == '|' || r == '.' || r < ' ' {
			return false
		}
	}
	return true
}

func describe(c Contact) string {
	if c.Name != "" {
		return fmt.Sprintf("%s (%s)", c.Name, c.Phone)
	}
	return c.Phone
}
