package contacts

import (
	"fmt"

	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/contacts/internal/tagset"
)

// Selector turns a contact-list query into SQL for other packages: a
// campaign's audience "the contacts this search finds" is the same search
// the contact list runs. It is apart from Service so that it is not bound
// to the UI.
type Selector struct {
	s *Service
}

// NewSelector returns a Selector over s's contact book.
func NewSelector(s *Service) *Selector { return &Selector{s: s} }

// Condition returns a condition on contacts (aliased c) that holds for the
// contacts q matches; paging and sort in q are ignored.
func (x *Selector) Condition(q Query) (string, []any, error) {
	q.Offset, q.Limit, q.Sort, q.Desc = 0, 0, "", false
	f, err := x.s.buildFilter(q)
	if err != nil {
		return "", nil, err
	}
	if f.none {
		return "0", nil, nil
	}
	return "c.id IN (SELECT id FROM contacts" + f.clause() + ")", f.args, nil
}

// Tagged returns a condition on contacts (aliased c) that holds for the
// contacts carrying all of tags (all) or any of them: their ids, read from
// the tags' bitmaps, which costs a fraction of probing every contact's bits
// in SQL (2–3 s for a tag of 300,000 in a book of a million).
func (x *Selector) Tagged(tags []string, all bool) (string, []any, error) {
	tags = CleanTags(tags)
	var ids []int64
	if err := x.s.db.Raw("SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?))", sqlrun.JSON(tags)).Scan(&ids).Error; err != nil {
		return "", nil, fmt.Errorf("find tags: %w", err)
	}
	if len(ids) == 0 || all && len(ids) < len(tags) {
		return "0", nil, nil
	}
	bits, err := tagset.Tagged(x.s.db, ids, all)
	if err != nil {
		return "", nil, err
	}
	tagged := bits.Set().IDs()
	if len(tagged) == 0 {
		return "0", nil, nil
	}
	return "c.id IN (SELECT value FROM json_each(?))", []any{sqlrun.JSON(tagged)}, nil
}
