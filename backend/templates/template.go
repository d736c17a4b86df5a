// Package templates keeps the messages Herald sends: their bodies, category
// and optional media, checked by the render engine (package engine) against
// the contact book, and previewed for real contacts exactly as they will be
// sent.
package templates

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"herald/backend/apperr"
	"herald/backend/templates/engine"
	"herald/backend/usertext"
)

// Categories a template can have, kept for WhatsApp's Business API, which
// prices and reviews marketing and utility messages differently.
const (
	CategoryMarketing = "marketing"
	CategoryUtility   = "utility"
)

// Kinds of template: a message campaigns send, or a quick reply, a short
// saved answer the inbox's reply box inserts for the conversation's contact.
const (
	KindMessage    = "message"
	KindQuickReply = "quick_reply"
)

// maxNameLen keeps names readable in a list and a campaign's picker.
const maxNameLen = 200

// maxBodyLen bounds what is stored: well past WhatsApp's limit, so a draft
// that is too long can still be saved and fixed, but not a pasted book.
const maxBodyLen = 64 * 1024

// Template is one message as the UI sees it. Problems and Usable are worked
// out on every read, against the custom fields the contact book has then:
// deleting the last contact with a custom field can turn a usable template
// into a draft.
type Template struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Body      string    `json:"body"`
	Category  string    `json:"category"`
	Kind      string    `json:"kind"`
	MediaPath string    `json:"mediaPath"`
	MediaType string    `json:"mediaType"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// Problems say why the body cannot be sent; [] when it can.
	Problems []engine.Problem `json:"problems"`
	// Usable is true when a campaign may send this template: no problems.
	Usable bool `json:"usable"`
}

// row is a template as stored.
type row struct {
	ID        int64
	Name      string
	Body      string
	Category  string
	Kind      string
	MediaPath string
	MediaType string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (row) TableName() string { return "templates" }

func (r row) template(customKeys []string) Template {
	problems := engine.Validate(r.Body, engine.Options{CustomFields: customKeys})
	if strings.TrimSpace(r.Body) == "" && r.MediaPath == "" {
		// An empty body has nothing to underline: the span is 0-1 anyway, as
		// Problem promises Start < End; the UI clamps it to the text.
		end := max(1, utf8.RuneCountInString(r.Body))
		problems = append(problems, engine.Problem{Start: 0, End: end, Message: "The message is empty: write something or attach a file."})
	}
	return Template{
		ID: r.ID, Name: r.Name, Body: r.Body, Category: r.Category, Kind: r.Kind,
		MediaPath: r.MediaPath, MediaType: r.MediaType, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Problems: problems, Usable: len(problems) == 0,
	}
}

// tidy trims t's name, defaults its category and kind and checks what a person can
// get wrong. A body with problems passes: it is saved as a draft. Control
// characters, NUL first, are removed (usertext): they cut text short in
// SQLite, and a message has no use for them.
func tidy(t *Template) error {
	t.Name = strings.Join(strings.Fields(usertext.Clean(t.Name)), " ")
	if t.Name == "" {
		return apperr.Invalid("Give the template a name, so you can find it when you start a campaign.")
	}
	if utf8.RuneCountInString(t.Name) > maxNameLen {
		return apperr.Invalid("The name is too long: keep it under %d characters.", maxNameLen)
	}
	var ok bool
	if t.Category, ok = oneOf(t.Category, CategoryMarketing, CategoryUtility); !ok {
		return apperr.Invalid("“%s” is not a category: choose marketing or utility.", t.Category)
	}
	if t.Kind, ok = oneOf(t.Kind, KindMessage, KindQuickReply); !ok {
		return apperr.Invalid("“%s” is not a kind of template: choose a message or a quick reply.", t.Kind)
	}
	t.Body = usertext.Clean(t.Body)
	if len(t.Body) > maxBodyLen {
		return apperr.Invalid("The message is far too long to keep: WhatsApp allows %d characters.", engine.DefaultMaxLength)
	}
	if !utf8.ValidString(t.Body) {
		return apperr.Invalid("The message contains characters that are not valid text.")
	}
	return nil
}

// oneOf writes v in lower case without spaces around it, the first of
// allowed when empty, and reports whether it is one of allowed.
func oneOf(v string, allowed ...string) (string, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return allowed[0], true
	}
	return v, slices.Contains(allowed, v)
}
