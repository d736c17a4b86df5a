package contacts

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
