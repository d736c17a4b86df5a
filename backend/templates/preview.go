package templates

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"herald/backend/contacts"
	"herald/backend/templates/engine"
)

// builtinVariables are the engine's variables in the order its doc lists
// them, which is the order the editor offers them.
func builtinVariables() []string {
	return []string{"name", "first_name", "last_name", "phone", "email", "company", "date", "time"}
}

// Variables lists the names the editor's picker offers: the built-in ones,
// then custom.<key> for every custom field in the contact book.
func (s *Service) Variables() ([]string, error) {
	keys, err := s.customKeys()
	if err != nil {
		return nil, err
	}
	out := builtinVariables()
	for _, k := range keys {
		out = append(out, "custom."+k)
	}
	return out, nil
}

// Validate returns body's problems, positioned in characters (runes) from
// 0, checked against the custom fields the contact book has; [] when fine.
func (s *Service) Validate(body string) ([]engine.Problem, error) {
	keys, err := s.customKeys()
	if err != nil {
		return nil, err
	}
	return engine.Validate(body, engine.Options{CustomFields: keys}), nil
}

// Preview is what one contact would receive.
type Preview struct {
	// Text is the exact message, or "" when it cannot be sent to them.
	Text string `json:"text"`
	// Problems say why not; [] when Text is what they get.
	Problems []engine.Problem `json:"problems"`
}

// Preview renders body for the contact contactID exactly as it would be
// sent. Outside a campaign the spintax seed is engine.Seed(0, contactID):
// the same contact always sees the same pick here, while a campaign mixes
// in its own id. {{date}} and {{time}} are now, in the user's time zone.
func (s *Service) Preview(body string, contactID int64) (Preview, error) {
	tmpl, problems, err := s.compile(body)
	if err != nil || len(problems) > 0 {
		return Preview{Problems: problems}, err
	}
	c, err := s.contacts.Get(contactID)
	if err != nil {
		return Preview{}, err
	}
	return s.render(tmpl, body, c), nil
}

// PreviewNumber renders body as Preview does, for someone who is no
// contact: only their number (E.164) is known, so a variable needs its
// fallback. The inbox inserts quick replies in such conversations.
func (s *Service) PreviewNumber(body, phone string) (Preview, error) {
	tmpl, problems, err := s.compile(body)
	if err != nil || len(problems) > 0 {
		return Preview{Problems: problems}, err
	}
	return s.render(tmpl, body, contacts.Contact{Phone: phone}), nil
}

// AudiencePreview is what one contact of an audience would receive.
type AudiencePreview struct {
	ContactID int64            `json:"contactId"`
	Name      string           `json:"name"`
	Phone     string           `json:"phone"`
	Text      string           `json:"text"`
	Problems  []engine.Problem `json:"problems"`
}

// maxAudiencePreview bounds PreviewAudience: it is for a look, not a send.
const maxAudiencePreview = 50

// PreviewAudience renders body for the first n contacts by name who have
// not opted out (at most 50), as Preview does for each. A body with
// problems gives [] and the problems come from Validate.
func (s *Service) PreviewAudience(body string, n int) ([]AudiencePreview, error) {
	out := []AudiencePreview{}
	tmpl, problems, err := s.compile(body)
	if err != nil || len(problems) > 0 {
		return out, err
	}
	reachable := false
	page, err := s.contacts.List(contacts.Query{Sort: "name", OptedOut: &reachable, Limit: min(max(n, 1), maxAudiencePreview)})
	if err != nil {
		return nil, fmt.Errorf("list contacts to preview: %w", err)
	}
	for _, c := range page.Items {
		p := s.render(tmpl, body, c)
		out = append(out, AudiencePreview{ContactID: c.ID, Name: c.Name, Phone: c.Phone, Text: p.Text, Problems: p.Problems})
	}
	return out, nil
}

func (s *Service) compile(body string) (*engine.Template, []engine.Problem, error) {
	keys, err := s.customKeys()
	if err != nil {
		return nil, nil, err
	}
	tmpl, problems := engine.Compile(body, engine.Options{CustomFields: keys})
	return tmpl, problems, nil
}

func (s *Service) render(tmpl *engine.Template, body string, c contacts.Contact) Preview {
	ctx := engine.Context{
		Contact: engine.Contact{Name: c.Name, Phone: c.Phone, Email: c.Email, Company: c.Company, Custom: c.CustomFields},
		Now:     s.now(), Location: s.location, Seed: engine.Seed(0, c.ID),
	}
	text, err := tmpl.Render(ctx)
	var missing *engine.MissingError
	var tooLong *engine.TooLongError
	switch {
	case errors.As(err, &missing):
		return Preview{Problems: missingProblems(body, who(c), missing.Variables)}
	case errors.As(err, &tooLong):
		return Preview{Problems: []engine.Problem{{Start: 0, End: max(1, utf8.RuneCountInString(body)), Message: fmt.Sprintf(
			"For %s the message would be %d characters long; WhatsApp allows %d. Shorten the text around the variables.",
			who(c), tooLong.Length, tooLong.Max)}}}
	}
	return Preview{Text: text, Problems: []engine.Problem{}}
}

// missingProblems explains each variable c has no value for, at its first
// use without a fallback in body.
func missingProblems(body, name string, vars []string) []engine.Problem {
	out := make([]engine.Problem, 0, len(vars))
	for _, v := range vars {
		start, end := locateVariable(body, v)
		out = append(out, engine.Problem{Start: start, End: end, Message: fmt.Sprintf(
			"%s has no %s, and {{%s}} has no fallback: write {{%s|…}} with the words to use instead, or fill it in for this contact.",
			name, describeVariable(v), v, v)})
	}
	return out
}

// locateVariable finds, in runes, the first {{…}} in body whose name is the
// canonical v and which has no fallback; 0–1 when there is none to point at.
func locateVariable(body, v string) (int, int) {
	for from := 0; ; {
		i := strings.Index(body[from:], "{{")
		if i < 0 {
			return 0, min(1, utf8.RuneCountInString(body))
		}
		i += from
		j := strings.Index(body[i+2:], "}}")
		if j < 0 {
			return 0, min(1, utf8.RuneCountInString(body))
		}
		inner := body[i+2 : i+2+j]
		if !strings.Contains(inner, "|") && canonicalName(inner) == v {
			start := utf8.RuneCountInString(body[:i])
			return start, start + utf8.RuneCountInString(body[i:i+4+j])
		}
		from = i + 1 // {{{first_name}} holds {{first_name}} one further on
	}
}

// canonicalName writes a variable's name as the engine does: lowercase,
// no spaces around it or around the dot of custom.<key>.
func canonicalName(raw string) string {
	lower := strings.ToLower(strings.TrimSpace(raw))
	if rest, ok := strings.CutPrefix(lower, "custom"); ok {
		if key, ok := strings.CutPrefix(strings.TrimSpace(rest), "."); ok {
			return "custom." + strings.TrimSpace(key)
		}
	}
	return lower
}

// describeVariable names a variable in words: "first name", "city".
func describeVariable(v string) string {
	if key, ok := strings.CutPrefix(v, "custom."); ok {
		return "“" + key + "”"
	}
	if v == "name" {
		return "name"
	}
	return strings.ReplaceAll(v, "_", " ")
}

func who(c contacts.Contact) string {
	if c.Name != "" {
		return c.Name
	}
	return c.Phone
}
