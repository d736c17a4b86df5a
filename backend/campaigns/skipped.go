package campaigns

import (
	"fmt"
	"maps"
	"strings"

	"herald/backend/contacts"
	"herald/backend/templates/engine"
)

// Skipped counts the recipients a campaign would skip because its message
// needs a value they do not have (a variable without a fallback).
type Skipped struct {
	// Total counts the recipients whose every message would be skipped.
	Total int64 `json:"total"`
	// Reasons are the variables some recipients have no value for, in the
	// template's order.
	Reasons []SkipReason `json:"reasons"`
}

// SkipReason is one variable without a fallback and who lacks it.
type SkipReason struct {
	// Variable is its canonical name ("email", "custom.city").
	Variable string `json:"variable"`
	// Count is how many recipients have no value for it.
	Count int64 `json:"count"`
	// Sometimes is true when only some variations use it: up to Count of
	// them would be skipped, as their pick falls.
	Sometimes bool `json:"sometimes"`
	// Message says it in a sentence.
	Message string `json:"message"`
	// Recent is true for the recipients the frequency cap skips
	// (Variable is then empty): a reason no fallback fixes.
	Recent bool `json:"recent,omitempty"`
}

// addRecent counts among the skipped the recipients of n that a frequency
// cap of days skips. Some of them may lack a value too: the total never
// passes the recipients.
func (s *Skipped) addRecent(n AudienceCount, days int) {
	if n.RecentlyMessaged == 0 {
		return
	}
	s.Total = min(s.Total+n.RecentlyMessaged, n.Recipients)
	who := fmt.Sprintf("%d recipients", n.RecentlyMessaged)
	if n.RecentlyMessaged == 1 {
		who = "1 recipient"
	}
	s.Reasons = append(s.Reasons, SkipReason{Count: n.RecentlyMessaged, Recent: true,
		Message: fmt.Sprintf("%s received another campaign in the last %s: they will be skipped, as you chose.", who, daysWords(days))})
}

// daysWords writes a number of days as people say it: "day", "7 days".
func daysWords(days int) string {
	if days == 1 {
		return "day"
	}
	return fmt.Sprintf("%d days", days)
}

// skipped counts the recipients of aud that tmpl's variables without a
// fallback would skip: over the whole audience, in the contact book, one
// pass for the variables every message needs and one for those only
// some variations use.
func (e *Engine) skipped(aud contacts.Audience, tmpl *engine.Template) (Skipped, error) {
	out := Skipped{Reasons: []SkipReason{}}
	var always, sometimes []string
	for _, r := range tmpl.Required() {
		if r.Always {
			always = append(always, r.Variable)
		} else {
			sometimes = append(sometimes, r.Variable)
		}
	}
	counts := map[string]int64{}
	count := func(fields []string) (int64, error) {
		if len(fields) == 0 {
			return 0, nil
		}
		m, err := e.audiences.CountMissing(aud, fields)
		if err != nil {
			return 0, fmt.Errorf("count who would be skipped: %w", err)
		}
		maps.Copy(counts, m.ByField)
		return m.Any, nil
	}
	// Only the variables every message needs skip a recipient for sure.
	total, err := count(always)
	if err != nil {
		return Skipped{}, err
	}
	if _, err := count(sometimes); err != nil {
		return Skipped{}, err
	}
	out.Total = total
	for _, r := range tmpl.Required() {
		n := counts[r.Variable]
		if n == 0 {
			continue
		}
		out.Reasons = append(out.Reasons, SkipReason{Variable: r.Variable, Count: n, Sometimes: !r.Always, Message: skipMessage(r, n)})
	}
	return out, nil
}

// skipMessage says why n recipients would be skipped for want of r.
func skipMessage(r engine.Required, n int64) string {
	who := fmt.Sprintf("%d recipients have", n)
	if n == 1 {
		who = "1 recipient has"
	}
	if r.Always {
		return fmt.Sprintf("%s no %s, and {{%s}} has no fallback: they would be skipped.", who, fieldWords(r.Variable), r.Variable)
	}
	return fmt.Sprintf("%s no %s, which a variation uses as {{%s}} without a fallback: those who get that variation would be skipped.",
		who, fieldWords(r.Variable), r.Variable)
}

// fieldWords names a variable's field as people say it.
func fieldWords(variable string) string {
	switch variable {
	case "first_name":
		return "first name"
	case "last_name":
		return "last name (their name is one word)"
	}
	if key, ok := strings.CutPrefix(variable, "custom."); ok {
		return "“" + key + "”"
	}
	return variable
}
