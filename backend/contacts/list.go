package contacts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"herald/backend/apperr"
	"herald/backend/contacts/internal/order"
	"herald/backend/contacts/internal/search"
	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/phone"
	"herald/backend/store"
)

// Query selects contacts. Filters combine with AND.
type Query struct {
	// Search matches words and word prefixes in name, email, company and
	// tags, or the start of a phone number written in any format.
	Search string `json:"search"`
	// Tags keeps contacts that have all of them.
	Tags []string `json:"tags"`
	// OptedOut, when set, keeps only opted-out (true) or reachable (false)
	// contacts.
	OptedOut *bool `json:"optedOut"`
	// IDs keeps only these contacts (a selection in the UI).
	IDs []int64 `json:"ids"`
	// Sort is "name" (default), "phone" or "createdAt".
	Sort   string `json:"sort"`
	Desc   bool   `json:"desc"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
}

// Page is a page of contacts and how many match in all.
type Page struct {
	Items []Contact `json:"items"`
	Total int64     `json:"total"`
}

// MaxLimit is the largest page List returns.
const MaxLimit = 1000

// broadSearch is the number of matches above which a filtered list is
// paged by walking the name index instead of sorting its matches.
const broadSearch = 2000

// filter is a query's WHERE clause over contacts.
type filter struct {
	where []string
	args  []any
	// none is set when a filter can match nothing (an unknown tag).
	none bool
	// tagsOnly is set when tags, with or without the opt-out filter, are
	// the whole filter: their bitmaps count it.
	tagsOnly bool
	optedOut *bool
	// search is set when the filter has a search; ftsMatch is its
	// full-text query when it is a search for words only.
	search   bool
	ftsMatch string
	// reachable is set when the filter keeps only contacts not opted out.
	reachable bool
	tagIDs    []int64
	tagNames  []string
	// ids is the selection of Query.IDs, sorted, and idsArg the place in
	// args of its JSON array (see parts).
	ids    []int64
	idsArg int
}

// parts returns lists of arguments for f's statement that between them
// select what f.args does, each with at most n ids of the selection, in id
// order; f.args alone when f has no selection. A statement with the whole
// selection reads all of it each time it runs: an export paging through
// 100,000 chosen ids a thousand rows at a time would read them a hundred
// times over.
func (f *filter) parts(n int) [][]any {
	if len(f.ids) == 0 {
		return [][]any{f.args}
	}
	var out [][]any
	for start := 0; start < len(f.ids); start += n {
		args := slices.Clone(f.args)
		args[f.idsArg] = sqlrun.JSON(f.ids[start:min(start+n, len(f.ids))])
		out = append(out, args)
	}
	return out
}

func (f *filter) add(cond string, args ...any) {
	f.where = append(f.where, cond)
	f.args = append(f.args, args...)
}

func (f *filter) clause() string {
	if len(f.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.where, " AND ")
}

func (s *Service) buildFilter(q Query) (*filter, error) {
	f := &filter{}
	typed := strings.TrimSpace(q.Search)
	m := search.MatchQuery(typed)
	if prefixes := s.phonePrefixes(typed); prefixes != nil {
		// Digits are the start of a phone number, or a number in a name,
		// email or company ("Unit 42").
		var ors []string
		for _, p := range prefixes {
			ors = append(ors, "(phone >= ? AND phone < ?)")
			f.args = append(f.args, p, p+"\x7f")
		}
		// One group of digits may also be part of a name ("Unit 42"); a
		// number written in groups ("(212) 555") is only a number.
		if m != "" && !strings.Contains(m, " AND ") {
			ors = append(ors, "id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)")
			f.args = append(f.args, m)
		}
		f.where = append(f.where, "("+strings.Join(ors, " OR ")+")")
		f.search = true
	} else if m != "" {
		f.add("id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)", m)
		f.ftsMatch, f.search = m, true
	}
	tags := CleanTags(q.Tags)
	if len(tags) > maxTags {
		// Each tag is a condition and a variable below: past about a
		// thousand SQLite refuses the statement, and no one picks that many.
		return nil, apperr.Invalid("Filter by at most %d tags at a time.", maxTags)
	}
	for _, t := range tags {
		var id int64
		if err := s.db.Raw("SELECT id FROM tags WHERE name = ?", t).Scan(&id).Error; err != nil {
			return nil, fmt.Errorf("find tag %q: %w", t, err)
		}
		if id == 0 {
			f.none = true
			return f, nil
		}
		// A probe of the tag's bits per row in sort order: the page needs
		// only as many rows as it shows, where an IN list would first
		// collect every tagged one.
		f.add(store.HasTagSQL("?", "contacts.id"), id)
		f.tagIDs, f.tagNames = append(f.tagIDs, id), append(f.tagNames, t)
	}
	// A literal value, so that the planner can use the partial index of
	// opted-out contacts. The reachable are the others: a test against
	// that small set keeps a read along an index from reading every row.
	if q.OptedOut != nil && *q.OptedOut {
		f.add("opted_out = 1")
	} else if q.OptedOut != nil {
		f.add("id NOT IN (" + optedOutIDs + ")")
		f.reachable = true
	}
	if len(q.IDs) > 0 {
		// A selection can be most of the book: as one JSON array it is one
		// variable, where an id each passes SQLite's limit of 32,766.
		f.ids = slices.Compact(slices.Sorted(slices.Values(q.IDs)))
		f.idsArg = len(f.args)
		f.add("id IN ("+sqlrun.IDsIn+")", sqlrun.JSON(f.ids))
	}
	f.tagsOnly = len(f.tagIDs) > 0 && !f.search && len(q.IDs) == 0
	f.optedOut = q.OptedOut
	return f, nil
}

// List returns a page of the contacts matching q, with the total count.
func (s *Service) List(q Query) (Page, error) {
	if err := s.awaitReady(); err != nil {
		return Page{}, err
	}
	// A page too big is cut to MaxLimit, as every other list does, rather
	// than refused: the caller reads on with the next offset.
	q.Offset, q.Limit = store.Window(q.Offset, q.Limit, MaxLimit)
	if _, ok := order.SortKey(q.Sort); !ok {
		return Page{}, apperr.Invalid("Contacts can be sorted by name, phone or createdAt, not %q.", q.Sort)
	}
	f, err := s.buildFilter(q)
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: []Contact{}}
	if f.none {
		return page, nil
	}
	// Each way of finding a page returns its ids in the order shown.
	var ids []int64
	switch {
	case f.ftsMatch != "":
		ids, page.Total, err = s.searchPage(q, f)
	case f.tagsOnly && !s.bulkImport.Load():
		ids, page.Total, err = s.tagPage(q, f)
	default:
		ids, page.Total, err = s.scanPage(q, f)
	}
	if err != nil {
		return Page{}, fmt.Errorf("list contacts: %w", err)
	}
	if len(ids) == 0 {
		return page, nil
	}
	var rows []row
	if err := s.db.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return Page{}, fmt.Errorf("list contacts: %w", err)
	}
	byID := make(map[int64]*row, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			page.Items = append(page.Items, r.contact())
		}
	}
	return page, nil
}

// window is the part of an ordering a page shows. OFFSET walks every row it
// skips, so a page past the middle is read from the other end instead: the
// last page costs what the first does. The ids read that way come back
// reversed (see order).
type window struct {
	desc          bool
	offset, limit int64
	flipped       bool
}

func pageWindow(q Query, total int64) window {
	w := window{desc: q.Desc, offset: int64(q.Offset), limit: int64(q.Limit)}
	if w.offset > total/2 {
		w.flipped, w.desc = true, !w.desc
		w.limit = min(w.limit, total-w.offset)
		w.offset = total - w.offset - w.limit
	}
	return w
}

func (w window) dir() string {
	if w.desc {
		return "DESC"
	}
	return "ASC"
}

// order puts ids read through w back in the order of the page.
func (w window) order(ids []int64) []int64 {
	if w.flipped {
		slices.Reverse(ids)
	}
	return ids
}

// scanPage counts the matches of f and pages them along the index of the
// sort, testing each row against the filter.
func (s *Service) scanPage(q Query, f *filter) ([]int64, int64, error) {
	total, err := s.count(f)
	if err != nil || int64(q.Offset) >= total {
		return nil, total, err
	}
	w := pageWindow(q, total)
	if len(f.where) == 0 && !s.bulkImport.Load() && s.ordered.Load() {
		// A deep page of the whole book starts at its bucket of the order.
		p := order.Page{Sort: q.Sort, Desc: w.desc, Offset: w.offset, Limit: w.limit, Total: total, InStep: true}
		if ids, ok, err := s.orders.PageOfAll(p); err != nil || ok {
			return w.order(ids), total, err
		}
	}
	by := order.By(q.Sort, w.dir())
	// Pick the page's ids from the narrowest index first, then read only
	// those rows: an OFFSET over full rows would read every skipped row.
	from := "contacts"
	if len(f.where) > 0 && (q.Sort == "" || q.Sort == "name") && total > broadSearch && !s.bulkImport.Load() {
		// Sorting many matches (a phone prefix) costs more than walking the
		// names in order and keeping those that match.
		from = "contacts INDEXED BY contacts_name"
	}
	var ids []int64
	inner := "SELECT id FROM " + from + f.clause() + " ORDER BY " + by + " LIMIT ? OFFSET ?"
	if err := s.db.Raw(inner, append(append([]any{}, f.args...), w.limit, w.offset)...).Scan(&ids).Error; err != nil {
		return nil, 0, err
	}
	return w.order(ids), total, nil
}

func (s *Service) count(f *filter) (int64, error) {
	var n int64
	var err error
	switch {
	case f.tagsOnly:
		return s.countTagged(f, f.optedOut)
	case f.reachable && len(f.where) == 1:
		err = s.db.Raw("SELECT (SELECT count(*) FROM contacts) - (SELECT count(*) FROM (" + optedOutIDs + "))").Scan(&n).Error
	default:
		err = s.db.Raw("SELECT count(*) FROM contacts"+f.clause(), f.args...).Scan(&n).Error
	}
	if err != nil {
		return 0, fmt.Errorf("count contacts: %w", err)
	}
	return n, nil
}

// optedOutIDs selects the opted-out contacts along their own index.
const optedOutIDs = "SELECT id FROM contacts INDEXED BY contacts_opted_out WHERE opted_out = 1"

// phonePrefixes returns the E.164 prefixes a phone-like search could mean,
// or nil when search is not a phone number (or the start of one).
func (s *Service) phonePrefixes(search string) []string {
	if search == "" {
		return nil
	}
	for _, r := range search {
		if !strings.ContainsRune("+0123456789 ()-./", r) {
			return nil
		}
	}
	digits := phone.Digits(search)
	if len(digits) < 2 {
		return nil
	}
	switch {
	case strings.HasPrefix(search, "+"):
		return []string{"+" + digits}
	case strings.HasPrefix(digits, "00"):
		return []string{"+" + digits[2:]}
	}
	cc := phonenumbers.GetCountryCodeForRegion(s.defaultCountry())
	national := strings.TrimPrefix(digits, "0")
	prefixes := []string{"+" + digits}
	if cc != 0 {
		prefixes = append(prefixes, fmt.Sprintf("+%d%s", cc, national))
	}
	return prefixes
}
