package activity

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pair is one code of the log: the area (kind) and the verb (action) a
// writer records.
type pair struct{ kind, action string }

// wording is how the log shows one pair: its words, and whether it is a
// step of the WhatsApp connection, hidden unless the user asks for them.
type wording struct {
	words string
	step  bool
}

// kindWords names each area of Herald as the navigation does.
func kindWords() map[string]string {
	return map[string]string{
		"backups":   "Backups",
		"campaigns": "Campaigns",
		"contacts":  "Contacts",
		"inbox":     "Inbox",
		"notices":   "Notices",
		"settings":  "Settings",
		"templates": "Templates",
		"whatsapp":  "WhatsApp",
	}
}

// pairWords is every code the writers record, in words. A test scans the
// writers' source, so a new code without words here fails it.
func pairWords() map[pair]wording {
	return map[pair]wording{
		{"backups", "restored"}:         {words: "Backup restored"},
		{"backups", "restore failed"}:   {words: "Restore failed"},
		{"backups", "made"}:             {words: "Backup made"},
		{"backups", "failed"}:           {words: "Backup failed"},
		{"backups", "interrupted"}:      {words: "Backup stopped by closing Herald"},
		{"backups", "deleted"}:          {words: "Old backups deleted"},
		{"backups", "settings changed"}: {words: "Backup settings changed"},

		{"campaigns", "created"}:     {words: "Campaign created"},
		{"campaigns", "updated"}:     {words: "Campaign edited"},
		{"campaigns", "deleted"}:     {words: "Campaign deleted"},
		{"campaigns", "started"}:     {words: "Campaign started"},
		{"campaigns", "paused"}:      {words: "Campaign paused"},
		{"campaigns", "resumed"}:     {words: "Campaign resumed"},
		{"campaigns", "waiting"}:     {words: "Campaign waiting"},
		{"campaigns", "cancelled"}:   {words: "Campaign cancelled"},
		{"campaigns", "completed"}:   {words: "Campaign finished"},
		{"campaigns", "failed"}:      {words: "Campaign stopped by an error"},
		{"campaigns", "unconfirmed"}: {words: "Messages not confirmed"},
		{"campaigns", "resent"}:      {words: "Messages sent again"},
		{"campaigns", "exported"}:    {words: "Campaign report exported"},
		{"campaigns", "tagged"}:      {words: "Campaign recipients tagged"},
		{"campaigns", "replied"}:     {words: "Reply received"},

		{"contacts", "created"}:            {words: "Contact added"},
		{"contacts", "updated"}:            {words: "Contacts changed"},
		{"contacts", "deleted"}:            {words: "Contacts deleted"},
		{"contacts", "exported"}:           {words: "Contacts exported"},
		{"contacts", "imported"}:           {words: "Contacts imported"},
		{"contacts", "import failed"}:      {words: "Import failed"},
		{"contacts", "import interrupted"}: {words: "Import interrupted"},
		{"contacts", "import undone"}:      {words: "Import undone"},

		{"inbox", "test sent"}: {words: "Test sent to your number"},
		{"inbox", "keyword"}:   {words: "Reply keyword matched"},

		{"notices", "settings"}:     {words: "Email notices set up"},
		{"notices", "emailed"}:      {words: "Notice emailed"},
		{"notices", "email failed"}: {words: "Notice not emailed yet"},
		{"notices", "test sent"}:    {words: "Test email sent"},
		{"notices", "test failed"}:  {words: "Test email failed"},

		{"settings", "changed"}: {words: "Setting changed"},
		{"settings", "welcome"}: {words: "First settings chosen"},

		{"templates", "created"}:        {words: "Template created"},
		{"templates", "updated"}:        {words: "Template changed"},
		{"templates", "duplicated"}:     {words: "Template copied"},
		{"templates", "deleted"}:        {words: "Template deleted"},
		{"templates", "media attached"}: {words: "File attached to a template"},
		{"templates", "media removed"}:  {words: "File removed from a template"},

		{"whatsapp", "connected"}:    {words: "WhatsApp connected"},
		{"whatsapp", "disconnected"}: {words: "WhatsApp disconnected"},
		{"whatsapp", "logged_out"}:   {words: "Phone unlinked"},
		{"whatsapp", "connecting"}:   {words: "Connecting to WhatsApp", step: true},
		{"whatsapp", "qr"}:           {words: "QR code shown", step: true},
		{"whatsapp", "pairing_code"}: {words: "Pairing code shown", step: true},
		{"whatsapp", "error"}:        {words: "Connection attempt failed", step: true},
		{"whatsapp", "checked"}:      {words: "Numbers checked on WhatsApp"},
		{"whatsapp", "test sent"}:    {words: "Test message sent"},
		{"whatsapp", "driver"}:       {words: "Connection method changed"},
	}
}

// Words is the activity log's vocabulary, built once for a Log or Service.
type Words struct {
	kinds map[string]string
	pairs map[pair]wording
}

// NewWords returns the vocabulary.
func NewWords() Words {
	return Words{kinds: kindWords(), pairs: pairWords()}
}

// Kind returns the name of an area, a humanised form of an unknown code.
func (w Words) Kind(kind string) string {
	if words, ok := w.kinds[kind]; ok {
		return words
	}
	if words := humanise(kind); words != "" {
		return words
	}
	return "Other"
}

// Title returns what happened in words ("Campaign started"). An unknown
// code reads as its area and its verb ("Contacts: merged"), never as a code.
func (w Words) Title(kind, action string) string {
	if wd, ok := w.pairs[pair{kind, action}]; ok {
		return wd.words
	}
	verb := strings.ToLower(humanise(action))
	if verb == "" {
		return w.Kind(kind)
	}
	return w.Kind(kind) + ": " + verb
}

// known reports whether a pair has words of its own.
func (w Words) known(kind, action string) bool {
	_, ok := w.pairs[pair{kind, action}]
	return ok
}

// Step reports whether a pair is a step of the WhatsApp connection.
func (w Words) Step(kind, action string) bool {
	return w.pairs[pair{kind, action}].step
}

// steps lists the step pairs, for the query that hides them.
func (w Words) steps() []pair {
	var steps []pair
	for p, wd := range w.pairs {
		if wd.step {
			steps = append(steps, p)
		}
	}
	return sorted(steps)
}

// matching lists the pairs whose words contain term (case-insensitive),
// so that a search finds entries by what the page shows.
func (w Words) matching(term string) []pair {
	term = strings.ToLower(term)
	var found []pair
	for p, wd := range w.pairs {
		if strings.Contains(strings.ToLower(wd.words), term) || strings.Contains(strings.ToLower(w.Kind(p.kind)), term) {
			found = append(found, p)
		}
	}
	return sorted(found)
}

// sorted orders pairs, so that the same query is always the same SQL.
func sorted(pairs []pair) []pair {
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(strings.Compare(a.kind, b.kind), strings.Compare(a.action, b.action))
	})
	return pairs
}

// describe fills in the words of an entry read from the table.
func (w Words) describe(e *Entry) {
	e.KindWords = w.Kind(e.Kind)
	e.Title = w.Title(e.Kind, e.Action)
	e.Step = w.Step(e.Kind, e.Action)
}

// humanise turns a code into words: "pairing_code" reads "Pairing code".
func humanise(code string) string {
	words := strings.Fields(strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' {
			return ' '
		}
		return r
	}, code))
	s := strings.Join(words, " ")
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
