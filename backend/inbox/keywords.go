package inbox

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"herald/backend/activity"
	"herald/backend/campaigns"
)

// Keyword is a reply keyword: a reply that says Word (as campaigns.MatchWord
// reads an opt-out, and with or without accents) tags its contact with Tag.
type Keyword struct {
	Word string
	Tag  string
}

// keywordFor returns the first of the user's keywords text says.
func (e *Engine) keywordFor(text string) (Keyword, bool) {
	if e.keywords == nil {
		return Keyword{}, false
	}
	folded := foldAccents(text)
	for _, k := range e.keywords() {
		if _, ok := campaigns.MatchWord(folded, []string{foldAccents(k.Word)}); ok {
			return k, true
		}
	}
	return Keyword{}, false
}

// KeywordOf is the word of the reply keyword text says, "" for none: the
// campaigns' export of recipients writes it beside each reply.
func (e *Engine) KeywordOf(text string) string {
	k, _ := e.keywordFor(text)
	return k.Word
}

// foldAccents drops the accents of s: "sí" reads as "si".
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// tag gives the contact of message m, who wrote keyword k, its tag, and
// records that it did. A contact who has the tag already (a second "YES")
// is left as it is, and nothing is recorded twice.
func (e *Engine) tag(m messageRow, from string, k Keyword) error {
	holders, err := e.contacts.ByPhones([]string{from})
	if err != nil {
		return err
	}
	who, ok := holders[from]
	if !ok {
		return nil // a number that is no contact has nothing to tag
	}
	done, err := e.contacts.Tag([]int64{who.ID}, k.Tag)
	if err != nil {
		return fmt.Errorf("tag contact %d with %q: %w", who.ID, k.Tag, err)
	}
	if done.Added == 0 {
		return nil
	}
	if err := e.write("record a keyword's tag", func(tx *gorm.DB) error {
		return tx.Exec("UPDATE inbox_messages SET tagged = 1 WHERE id = ?", m.ID).Error
	}); err != nil {
		return fmt.Errorf("record the tag of message %d: %w", m.ID, err)
	}
	name := who.Name
	if name == "" {
		name = from
	}
	e.record("keyword", fmt.Sprintf("%s replied “%s”: tagged %s", name, k.Word, done.Tag), activity.ContactRef(who.ID))
	return nil
}

// KeywordCounts counts, for the campaigns of ids (a campaign and its
// runs), the contacts who replied with each keyword and those it tagged;
// a contact who said it twice counts once. *Engine gives the campaigns'
// report this.
func (e *Engine) KeywordCounts(ids []int64) ([]campaigns.KeywordCount, error) {
	out := []campaigns.KeywordCount{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		Keyword string
		Replies int64
		Tagged  int64
	}
	err := e.db.Raw(`SELECT keyword, count(DISTINCT conversation_id) AS replies,
			count(DISTINCT CASE WHEN tagged = 1 THEN conversation_id END) AS tagged
		FROM inbox_messages WHERE campaign_id IN (SELECT value FROM json_each(?)) AND keyword <> ''
		GROUP BY keyword ORDER BY replies DESC, keyword`, jsonText(ids)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count the reply keywords of campaign %d: %w", ids[0], err)
	}
	tags := map[string]string{}
	if e.keywords != nil {
		for _, k := range e.keywords() {
			tags[k.Word] = k.Tag
		}
	}
	for _, r := range rows {
		out = append(out, campaigns.KeywordCount{Keyword: r.Keyword, Tag: tags[r.Keyword], Replies: r.Replies, Tagged: r.Tagged})
	}
	return out, nil
}
