package engine

import (
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Layouts of {{date}} and {{time}}: the day, the month in words and the year
// ("2 January 2006") cannot be misread the way 02/01/2006 can between
// countries, and a 24-hour clock ("15:04") needs no AM/PM. Month names are
// English, as Go's time package writes them.
const (
	DateLayout = "2 January 2006"
	TimeLayout = "15:04"
)

// Contact is what a render sees of a recipient; the templates service fills
// it from the contact book. Values are inserted trimmed of surrounding
// spaces, and a value of only spaces counts as empty. Values are inserted
// literally: braces or spintax in them are never expanded.
//
// FirstName and LastName, when empty, are derived from Name. When the other
// part is set and Name starts (or ends) with it, the remainder is used:
// Name "Maria José Silva" with FirstName "Maria José" gives LastName
// "Silva". Otherwise FirstName is Name's first word and LastName the rest.
// Name, when empty, is FirstName and LastName joined by a space.
type Contact struct {
	Name, FirstName, LastName, Phone, Email, Company string
	// Custom holds custom-field values by key. Keys match case-insensitively;
	// lowercase keys are found fastest.
	Custom map[string]string
}

// Context is everything a render needs for one recipient.
type Context struct {
	Contact Contact
	// Now is written by {{date}} and {{time}} in Location (Now's own location
	// when Location is nil). A zero Now counts as empty, like a missing field.
	Now      time.Time
	Location *time.Location
	// Seed chooses the spintax options; pass Seed(campaignID, contactID) so a
	// preview and a resend after a crash show exactly what is sent.
	Seed uint64
}

// MissingError says that a variable without a fallback has no value for this
// contact, so the message would go out with a hole in it.
type MissingError struct {
	// Variables are the canonical names, in order of first use.
	Variables []string
}

func (e *MissingError) Error() string {
	var b strings.Builder
	b.WriteString("no value for ")
	for i, v := range e.Variables {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{{" + v + "}}")
	}
	b.WriteString(" and the template gives no fallback")
	return b.String()
}

// TooLongError says that the personalised text is longer than WhatsApp
// allows, although the template itself was not.
type TooLongError struct {
	Length, Max int // in UTF-16 units, see TextLength
}

func (e *TooLongError) Error() string {
	return "the personalised message is " + thousands(e.Length) + " characters long; WhatsApp allows " + thousands(e.Max)
}

// Render returns the text for one recipient, or a *MissingError or a
// *TooLongError when that recipient must not be sent this message.
func (t *Template) Render(ctx Context) (string, error) {
	buf, err := t.AppendRender(make([]byte, 0, 512), ctx)
	if err != nil {
		return "", err
	}
	return string(buf), nil
}

// AppendRender appends the text for one recipient to dst, as Render does. It
// allocates nothing beyond growing dst, so a sender that reuses its buffer
// renders without garbage. On error it returns dst unchanged.
func (t *Template) AppendRender(dst []byte, ctx Context) ([]byte, error) {
	start := len(dst)
	out, missing := appendNodes(dst, t.nodes, &ctx, nil)
	if missing {
		var names []string
		appendNodes(out[:start], t.nodes, &ctx, &names)
		return dst[:start], &MissingError{Variables: names}
	}
	// UTF-16 units never outnumber bytes, so short output needs no count.
	if len(out)-start > t.maxLength {
		units := 0
		for _, r := range string(out[start:]) {
			units++
			if r >= 0x10000 {
				units++
			}
		}
		if units > t.maxLength {
			return out[:start], &TooLongError{Length: units, Max: t.maxLength}
		}
	}
	return out, nil
}

// appendNodes writes nodes and reports whether a variable without fallback
// was empty; when names is not nil it also collects those variables.
func appendNodes(dst []byte, nodes []node, ctx *Context, names *[]string) ([]byte, bool) {
	missing := false
	for i := range nodes {
		n := &nodes[i]
		switch n.kind {
		case nodeText:
			dst = append(dst, n.text...)
		case nodeVar:
			before := len(dst)
			dst = appendValue(dst, n, ctx)
			if len(dst) > before {
				continue
			}
			if n.hasFallback {
				dst = append(dst, n.text...)
				continue
			}
			missing = true
			if names != nil && !slices.Contains(*names, n.name) {
				*names = append(*names, n.name)
			}
		case nodeGroup:
			opts := n.group.options
			var m bool
			dst, m = appendNodes(dst, opts[pick(ctx.Seed, n.group.id, len(opts))], ctx, names)
			missing = missing || m
		}
	}
	return dst, missing
}

// appendValue writes the contact's value for variable n, or nothing when it is empty.
func appendValue(dst []byte, n *node, ctx *Context) []byte {
	c := &ctx.Contact
	switch n.field {
	case fieldName:
		if name := strings.TrimSpace(c.Name); name != "" {
			return append(dst, name...)
		}
		first, last := strings.TrimSpace(c.FirstName), strings.TrimSpace(c.LastName)
		dst = append(dst, first...)
		if first != "" && last != "" {
			dst = append(dst, ' ')
		}
		return append(dst, last...)
	case fieldFirstName:
		return append(dst, firstName(c)...)
	case fieldLastName:
		return append(dst, lastName(c)...)
	case fieldPhone:
		return append(dst, strings.TrimSpace(c.Phone)...)
	case fieldEmail:
		return append(dst, strings.TrimSpace(c.Email)...)
	case fieldCompany:
		return append(dst, strings.TrimSpace(c.Company)...)
	case fieldCustom:
		return append(dst, strings.TrimSpace(customValue(c.Custom, n.key))...)
	case fieldDate, fieldTime:
		if ctx.Now.IsZero() {
			return dst
		}
		now := ctx.Now
		if ctx.Location != nil {
			now = now.In(ctx.Location)
		}
		if n.field == fieldDate {
			return now.AppendFormat(dst, DateLayout)
		}
		return now.AppendFormat(dst, TimeLayout)
	}
	return dst
}

func firstName(c *Contact) string {
	if first := strings.TrimSpace(c.FirstName); first != "" {
		return first
	}
	name := strings.TrimSpace(c.Name)
	if last := strings.TrimSpace(c.LastName); last != "" {
		if rest, ok := strings.CutSuffix(name, last); ok {
			return strings.TrimSpace(rest)
		}
	}
	first, _ := splitWord(name)
	return first
}

func lastName(c *Contact) string {
	if last := strings.TrimSpace(c.LastName); last != "" {
		return last
	}
	name := strings.TrimSpace(c.Name)
	if first := strings.TrimSpace(c.FirstName); first != "" {
		if rest, ok := strings.CutPrefix(name, first); ok {
			return strings.TrimSpace(rest)
		}
		return ""
	}
	_, rest := splitWord(name)
	return rest
}

// splitWord splits trimmed s at its first space into the first word and the
// trimmed rest.
func splitWord(s string) (word, rest string) {
	for i, r := range s {
		if unicode.IsSpace(r) {
			return s[:i], strings.TrimSpace(s[i+utf8.RuneLen(r):])
		}
	}
	return s, ""
}

// customValue looks key (lowercase) up in m, whatever the case of m's keys.
func customValue(m map[string]string, key string) string {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// Seed mixes a campaign and a contact into the spintax seed for that
// recipient. It is pure 64-bit arithmetic (SplitMix64), so the same pair gives
// the same seed on every run, machine and platform.
func Seed(campaignID, contactID int64) uint64 {
	return splitmix64(splitmix64(uint64(campaignID)+golden) + uint64(contactID))
}

// golden is SplitMix64's increment, 2^64 divided by the golden ratio.
const golden = 0x9E3779B97F4A7C15

func splitmix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// pick chooses one of n options of group id for seed. Mixing in the group
// id makes groups pick independently of each other; multiplying instead of
// taking a remainder keeps the choice unbiased enough for any n.
func pick(seed, id uint64, n int) int {
	hi, _ := bits.Mul64(splitmix64(seed+(id+1)*golden), uint64(n))
	return int(hi)
}
