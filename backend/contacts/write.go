package contacts

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// writer upserts contacts a batch at a time inside one transaction, and
// keeps the search index and the tag links in step with the rows.
type writer struct {
	tx  *gorm.DB
	now time.Time
	// tagIDs caches tag ids by lower-cased name for the length of one write.
	tagIDs map[string]int64
	// bulk leaves the search index alone, for a caller that rebuilds it
	// once at the end.
	bulk bool
	// side, when set, takes the search entries instead of the book's index
	// (an import into an empty book, search_side.go).
	side *sideIndex
}

func newWriter(tx *gorm.DB, now time.Time) *writer {
	return &writer{tx: tx, now: now, tagIDs: map[string]int64{}}
}

// outcome says what happened to one contact of a batch.
type outcome struct {
	ID      int64
	Created bool
}

// mergeInto folds the non-empty parts of in into existing: what an import or
// an "add" of a known number does. Tags are added, custom fields merged, the
// opt-out only ever set (an import never opts a person back in).
func mergeInto(existing Contact, in Contact) Contact {
	out := existing
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&out.Name, in.Name}, {&out.Email, in.Email}, {&out.Company, in.Company}, {&out.Notes, in.Notes},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	out.Tags = CleanTags(append(append([]string{}, existing.Tags...), in.Tags...))
	out.CustomFields = maps.Clone(existing.CustomFields)
	if out.CustomFields == nil {
		out.CustomFields = map[string]string{}
	}
	for k, v := range in.CustomFields {
		if v != "" {
			out.CustomFields[k] = v
		}
	}
	if in.OptedOut && !existing.OptedOut {
		out.OptedOut, out.OptedOutAt, out.OptedOutReason = true, in.OptedOutAt, in.OptedOutReason
	}
	return out
}

// upsert writes cs (phones already E.164): numbers already known are merged
// into their contact, new ones created. Outcomes come back in the order of cs.
func (w *writer) upsert(cs []Contact) ([]outcome, error) {
	phones := make([]string, len(cs))
	for i, c := range cs {
		phones[i] = c.Phone
	}
	// The numbers travel as one JSON array: a 500-item IN list is a long
	// statement for this driver to parse on every batch.
	list, _ := json.Marshal(phones)
	var rows []row
	if err := w.tx.Raw("SELECT * FROM contacts WHERE phone IN (SELECT value FROM json_each(?))", string(list)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("look up numbers: %w", err)
	}
	known := make(map[string]Contact, len(rows))
	for _, r := range rows {
		known[r.Phone] = r.contact()
	}
	// Twins inside the batch fold into the first of them.
	merged := map[string]Contact{}
	var order []string
	for _, c := range cs {
		if prev, ok := merged[c.Phone]; ok {
			merged[c.Phone] = mergeInto(prev, c)
			continue
		}
		order = append(order, c.Phone)
		if k, ok := known[c.Phone]; ok {
			merged[c.Phone] = mergeInto(k, c)
		} else {
			merged[c.Phone] = c
		}
	}
	var toInsert, toUpdate []Contact
	ids := map[string]int64{}
	for _, p := range order {
		k, ok := known[p]
		switch {
		case !ok:
			toInsert = append(toInsert, merged[p])
		case !sameContent(k, merged[p]):
			toUpdate = append(toUpdate, merged[p])
			fallthrough
		default:
			// A row that adds nothing (the same file imported again) is
			// left as it is: no write, no reindexing.
			ids[p] = k.ID
		}
	}
	if err := w.insert(toInsert, ids); err != nil {
		return nil, err
	}
	if err := w.update(toUpdate); err != nil {
		return nil, err
	}
	out := make([]outcome, len(cs))
	seen := map[string]bool{}
	for i, c := range cs {
		_, wasKnown := known[c.Phone]
		out[i] = outcome{ID: ids[c.Phone], Created: !wasKnown && !seen[c.Phone]}
		seen[c.Phone] = true
	}
	return out, nil
}

// sameContent reports whether a and b hold the same data, so that writing b
// over a would change nothing.
func sameContent(a, b Contact) bool {
	sameTime := (a.OptedOutAt == nil) == (b.OptedOutAt == nil) && (a.OptedOutAt == nil || a.OptedOutAt.Equal(*b.OptedOutAt))
	return a.Phone == b.Phone && a.Name == b.Name && a.Email == b.Email && a.Company == b.Company && a.Notes == b.Notes &&
		slices.Equal(a.Tags, b.Tags) && maps.Equal(a.CustomFields, b.CustomFields) &&
		a.OptedOut == b.OptedOut && a.OptedOutReason == b.OptedOutReason && sameTime
}

const contactColumns = "phone, name, email, company, notes, tags, custom_fields, opted_out, opted_out_at, opted_out_reason, created_at, updated_at"

// insert adds cs as new contacts. Each table gets one INSERT per batch that
// reads its rows from a JSON array: this driver parses a statement on every
// execution, and a short statement over json_each parses once for the whole
// batch (about five times faster than a multi-row VALUES list).
func (w *writer) insert(cs []Contact, ids map[string]int64) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([][]any, len(cs))
	for i, c := range cs {
		rows[i] = []any{c.Phone, c.Name, c.Email, c.Company, c.Notes, encodeTags(c.Tags), encodeCustom(c.CustomFields),
			c.OptedOut, c.OptedOutAt, c.OptedOutReason}
	}
	batch, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("insert contacts: %w", err)
	}
	res, err := w.exec(`INSERT INTO contacts (`+contactColumns+`)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, ?2, ?2
		FROM json_each(?1) ORDER BY key`, string(batch), w.now)
	if err != nil {
		return fmt.Errorf("insert contacts: %w", err)
	}
	// One INSERT in one transaction takes consecutive rowids, in the order
	// of its rows.
	last, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert contacts: %w", err)
	}
	first := last - int64(len(cs)) + 1
	for i := range cs {
		cs[i].ID = first + int64(i)
		ids[cs[i].Phone] = cs[i].ID
	}
	// Links before the search entries: a contact's document lists its tags.
	if err := w.link(cs); err != nil {
		return err
	}
	switch {
	case w.bulk:
	case w.side != nil:
		w.side.ops <- sideOp{docs: w.docs(cs)}
	default:
		if _, err := w.exec(`INSERT INTO contacts_fts (rowid, doc) SELECT value->>0, value->>1 FROM json_each(?)`, w.docs(cs)); err != nil {
			return fmt.Errorf("index contacts for search: %w", err)
		}
	}
	return nil
}

// docs gives the search documents of cs, whose tags are linked, as a JSON
// array of [id, document]. They are made here rather than by the view's
// function, which SQLite would call once per row at a cost several times
// higher.
func (w *writer) docs(cs []Contact) string {
	docs := make([][2]any, len(cs))
	for i, c := range cs {
		tagIDs := make([]int64, len(c.Tags))
		for j, t := range c.Tags {
			tagIDs[j] = w.tagIDs[strings.ToLower(t)]
		}
		docs[i] = [2]any{c.ID, searchDoc(c.Name, c.Email, c.Company, c.Tags, tagIDs)}
	}
	return mustJSON(docs)
}

// exec runs a statement on the writer's transaction without GORM's
// statement building, which shows at a million rows.
func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	tx, ok := w.tx.Statement.ConnPool.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("not in a transaction")
	}
	return tx.ExecContext(context.Background(), query, args...)
}

func (w *writer) update(cs []Contact) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, len(cs))
	rows := make([][]any, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		rows[i] = []any{c.ID, c.Phone, c.Name, c.Email, c.Company, c.Notes, encodeTags(c.Tags), encodeCustom(c.CustomFields),
			c.OptedOut, c.OptedOutAt, c.OptedOutReason}
	}
	idList, batch := mustJSON(ids), mustJSON(rows)
	if w.side == nil {
		if err := w.unindexWhere(idsIn, idList); err != nil {
			return err
		}
	}
	// One statement for the batch, like insert. A new number has not been
	// checked on WhatsApp: the old answer is dropped (SET reads the row as
	// it was, so phone is the old one).
	_, err := w.exec(`UPDATE contacts SET phone = j.value->>1, name = j.value->>2, email = j.value->>3, company = j.value->>4,
		notes = j.value->>5, tags = j.value->>6, custom_fields = j.value->>7, opted_out = j.value->>8,
		opted_out_at = j.value->>9, opted_out_reason = j.value->>10, updated_at = ?2,
		on_whatsapp = CASE WHEN phone = j.value->>1 THEN on_whatsapp END,
		whatsapp_checked_at = CASE WHEN phone = j.value->>1 THEN whatsapp_checked_at END
		FROM json_each(?1) AS j WHERE contacts.id = j.value->>0`, batch, w.now)
	if err != nil {
		return fmt.Errorf("update contacts: %w", err)
	}
	if _, err := w.exec("DELETE FROM contact_tags WHERE contact_id IN ("+idsIn+")", idList); err != nil {
		return fmt.Errorf("unlink tags: %w", err)
	}
	if w.side != nil {
		// The side index's entries and links go before the new links come.
		w.side.ops <- sideOp{del: idList}
	}
	if err := w.link(cs); err != nil {
		return err
	}
	if w.side != nil {
		w.side.ops <- sideOp{docs: w.docs(cs)}
		return nil
	}
	return w.indexWhere(idsIn, idList)
}

// idsIn is the subquery that reads a JSON array of ids: one short statement
// whatever the batch size (see insert).
const idsIn = "SELECT value FROM json_each(?)"

// link records which tags each of cs has, creating tags on first use. A
// link carries its contact's name, so that a tag's contacts can be paged by
// name along the index contact_tags_name.
func (w *writer) link(cs []Contact) error {
	var links []any
	for _, c := range cs {
		for _, t := range c.Tags {
			tagID, err := w.tagID(t)
			if err != nil {
				return err
			}
			links = append(links, []any{tagID, c.ID, c.Name})
		}
	}
	if len(links) == 0 {
		return nil
	}
	batch, _ := json.Marshal(links)
	if w.side != nil {
		w.side.ops <- sideOp{links: string(batch)}
		return nil
	}
	_, err := w.exec("INSERT OR IGNORE INTO contact_tags (tag_id, contact_id, name) SELECT value->>0, value->>1, value->>2 FROM json_each(?)", string(batch))
	if err != nil {
		return fmt.Errorf("link tags: %w", err)
	}
	return nil
}

func (w *writer) tagID(name string) (int64, error) {
	key := strings.ToLower(name)
	if id, ok := w.tagIDs[key]; ok {
		return id, nil
	}
	if err := w.tx.Exec("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING", name).Error; err != nil {
		return 0, fmt.Errorf("create tag %q: %w", name, err)
	}
	var id int64
	if err := w.tx.Raw("SELECT id FROM tags WHERE name = ?", name).Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("find tag %q: %w", name, err)
	}
	w.tagIDs[key] = id
	return id, nil
}

// remove deletes the contacts ids with their search entries and tag links.
func (w *writer) remove(ids []int64) (int64, error) {
	idList := mustJSON(ids)
	if err := w.unindexWhere(idsIn, idList); err != nil {
		return 0, err
	}
	res := w.tx.Exec("DELETE FROM contacts WHERE id IN ("+idsIn+")", idList)
	if res.Error != nil {
		return 0, fmt.Errorf("delete contacts: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// indexWhere adds the contacts whose ids a subquery gives to the full-text
// index.
func (w *writer) indexWhere(subquery string, args ...any) error {
	if w.bulk {
		return nil
	}
	err := w.tx.Exec(`INSERT INTO contacts_fts (rowid, doc) SELECT id, doc FROM contacts_search WHERE id IN (`+subquery+`)`, args...).Error
	if err != nil {
		return fmt.Errorf("index contacts for search: %w", err)
	}
	return nil
}

// unindexWhere removes the contacts whose ids a subquery gives from the
// full-text index; it must run while the rows and their tag links still
// hold the values that were indexed.
func (w *writer) unindexWhere(subquery string, args ...any) error {
	if w.bulk {
		return nil
	}
	// Only contacts the index holds (each has a size entry): while an
	// import into an empty book runs, its contacts are in the side index
	// only (search_side.go), and removing what is not there would corrupt
	// the index.
	err := w.tx.Exec(`INSERT INTO contacts_fts (contacts_fts, rowid, doc)
		SELECT 'delete', id, doc FROM contacts_search WHERE id IN (`+subquery+`)
		AND id IN (SELECT id FROM contacts_fts_docsize)`, args...).Error
	if err != nil {
		return fmt.Errorf("remove contacts from search: %w", err)
	}
	return nil
}
