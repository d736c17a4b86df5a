package inbox

import (
	"fmt"
	"strings"
	"unicode"
)

// searchCountCap is where a search stops counting the conversations that
// match: counting a word that half of them hold would read every message
// that holds it, and past this many the user refines the search rather
// than pages through it.
const searchCountCap = 1000

// search returns a page of the conversations with a message whose text
// matches q.Search, by their newest such message, among those that pass
// the filters where (with their args). The search index's rowids name the
// conversation and run in the order messages came (see convBits): the
// walk goes through the matches newest first and stops once it has the
// page and has counted searchCountCap conversations.
func (e *Engine) search(q Query, where []string, args []any) (Page, error) {
	match := ftsQuery(q.Search)
	if match == "" {
		return Page{Items: []Conversation{}}, nil
	}
	page := Page{Items: []Conversation{}}
	offset := max(q.Offset, 0)
	want := offset + limit(q.Limit)
	ids, counted, err := e.matching(match, want, where, args)
	if err != nil {
		return Page{}, err
	}
	page.Total = int64(counted)
	page.TotalCapped = page.Total >= searchCountCap
	ids = ids[min(offset, len(ids)):]
	if len(ids) == 0 {
		return page, nil
	}
	var rows []convRow
	if err := e.db.Raw("SELECT "+convColumns+" FROM inbox_conversations WHERE id IN (SELECT value FROM json_each(?))", jsonText(ids)).
		Scan(&rows).Error; err != nil {
		return Page{}, fmt.Errorf("read the conversations that match: %w", err)
	}
	byID := make(map[int64]convRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	ordered := make([]convRow, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			ordered = append(ordered, r)
		}
	}
	if page.Items, err = e.named(ordered); err != nil {
		return Page{}, err
	}
	return page, nil
}

// matching returns the first want conversations, by their newest message
// that matches, that exist and pass the filters where; and how many it
// found, counting on to searchCountCap.
func (e *Engine) matching(match string, want int, where []string, args []any) ([]int64, int, error) {
	rows, err := e.db.Raw("SELECT rowid FROM inbox_fts WHERE inbox_fts MATCH ? ORDER BY rowid DESC", match).Rows()
	if err != nil {
		return nil, 0, fmt.Errorf("search the messages: %w", err)
	}
	defer rows.Close()
	enough := max(want, searchCountCap)
	seen := map[int64]bool{}
	var found, batch []int64
	keep := func() error {
		kept, err := e.passing(batch, where, args)
		found = append(found, kept...)
		batch = batch[:0]
		return err
	}
	for len(found)+len(batch) < enough && rows.Next() {
		var key int64
		if err := rows.Scan(&key); err != nil {
			return nil, 0, fmt.Errorf("search the messages: %w", err)
		}
		conv := key & convMask
		if seen[conv] {
			continue
		}
		seen[conv] = true
		// Conversations are checked against the filters a batch at a time.
		if batch = append(batch, conv); len(batch) >= 200 {
			if err := keep(); err != nil {
				return nil, 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search the messages: %w", err)
	}
	if err := keep(); err != nil {
		return nil, 0, err
	}
	return found[:min(want, len(found))], len(found), nil
}

// passing returns those of ids, in their order, whose conversations exist
// and pass the filters where.
func (e *Engine) passing(ids []int64, where []string, args []any) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cond := strings.Join(append([]string{"id IN (SELECT value FROM json_each(?))"}, where...), " AND ")
	var ok []int64
	if err := e.db.Raw("SELECT id FROM inbox_conversations WHERE "+cond, append([]any{jsonText(ids)}, args...)...).Scan(&ok).Error; err != nil {
		return nil, fmt.Errorf("filter the conversations that match: %w", err)
	}
	pass := make(map[int64]bool, len(ok))
	for _, id := range ok {
		pass[id] = true
	}
	out := make([]int64, 0, len(ok))
	for _, id := range ids {
		if pass[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

// ftsQuery turns what the user typed into a full-text query: every word,
// the last as a prefix (the one being typed); "" when nothing in it can
// match. A prefix costs a merge of every word it begins, so the words
// typed before it are taken whole.
func ftsQuery(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	if len(words) > 0 {
		words[len(words)-1] += "*"
	}
	return strings.Join(words, " ")
}
