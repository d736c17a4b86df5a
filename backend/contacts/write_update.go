package contacts

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"herald/backend/contacts/internal/jsontext"
	"herald/backend/contacts/internal/sqlrun"
)

// updateColumn is a column of contacts that update writes: how a contact
// gives its value, and whether two contacts hold the same one.
type updateColumn struct {
	name  string
	value func(Contact) any
	same  func(a, b Contact) bool
}

// updateColumns are the columns update may write, in the order of its
// rows' arrays.
func updateColumns() []updateColumn {
	str := func(name string, f func(Contact) string) updateColumn {
		return updateColumn{name, func(c Contact) any { return f(c) }, func(a, b Contact) bool { return f(a) == f(b) }}
	}
	return []updateColumn{
		str("phone", func(c Contact) string { return c.Phone }),
		str("name", func(c Contact) string { return c.Name }),
		str("email", func(c Contact) string { return c.Email }),
		str("company", func(c Contact) string { return c.Company }),
		str("notes", func(c Contact) string { return c.Notes }),
		{"tags", func(c Contact) any { return encodeTags(c.Tags) }, func(a, b Contact) bool { return slices.Equal(a.Tags, b.Tags) }},
		{"custom_fields", func(c Contact) any { return encodeCustom(c.CustomFields) },
			func(a, b Contact) bool { return maps.Equal(a.CustomFields, b.CustomFields) }},
		{"opted_out", func(c Contact) any { return c.OptedOut }, func(a, b Contact) bool { return a.OptedOut == b.OptedOut }},
		{"opted_out_at", func(c Contact) any { return storedTime(c.OptedOutAt) }, func(a, b Contact) bool {
			return (a.OptedOutAt == nil) == (b.OptedOutAt == nil) && (a.OptedOutAt == nil || a.OptedOutAt.Equal(*b.OptedOutAt))
		}},
		str("opted_out_reason", func(c Contact) string { return c.OptedOutReason }),
		{"other_phones", func(c Contact) any { return encodeOtherPhones(c.OtherPhones) },
			func(a, b Contact) bool { return slices.Equal(a.OtherPhones, b.OtherPhones) }},
	}
}

// driverTimeLayout is how the database driver writes a time.
const driverTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// storedTime is t as the driver would store it: update's values travel as
// JSON, whose times read the same but sort apart from the driver's, and a
// time rewritten unchanged must stay the same text.
func storedTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(driverTimeLayout)
}

// changedColumns gives the columns of updateColumns in which some contact
// of cs differs from the same one of before; all of them without before.
func changedColumns(cs, before []Contact) []updateColumn {
	all := updateColumns()
	if before == nil {
		return all
	}
	var out []updateColumn
	for _, col := range all {
		for i, c := range cs {
			if !col.same(before[i], c) {
				out = append(out, col)
				break
			}
		}
	}
	return out
}

// update writes cs over their rows. before, when not nil, holds what each
// of cs holds now: only the columns that differ are written, and the
// search index and tags' bits are left alone when what they read did not
// change, which spares SQLite the indexes and triggers of the others. enc,
// when not nil, holds search documents made ahead (encoded.doc).
func (w *writer) update(cs, before []Contact, enc []encoded) error {
	if len(cs) == 0 {
		return nil
	}
	cols := changedColumns(cs, before)
	writes := map[string]bool{}
	for _, col := range cols {
		writes[col.name] = true
	}
	tags := writes["tags"]
	indexed := tags || writes["name"] || writes["email"] || writes["company"]
	ids := make([]int64, len(cs))
	rows := make([]byte, 0, 64*len(cs)*(1+len(cols)))
	rows = append(rows, '[')
	row := make([]any, 0, 1+len(cols))
	for i, c := range cs {
		ids[i] = c.ID
		row = append(row[:0], c.ID)
		for _, col := range cols {
			row = append(row, col.value(c))
		}
		if i > 0 {
			rows = append(rows, ',')
		}
		rows = jsontext.AppendValues(rows, row)
	}
	idList, batch := sqlrun.JSON(ids), string(append(rows, ']'))
	if w.undoRun != 0 {
		if err := w.keepBefore(cols, idList); err != nil {
			return err
		}
	}
	if indexed && w.fts.Import == nil {
		if err := w.unindexWhere(sqlrun.IDsIn, idList); err != nil {
			return err
		}
	}
	if tags && !onlyTagsAdded(cs, before) {
		// The tags are cleared as the rows have them now.
		unlinked, err := w.tags.LinksWhere(sqlrun.IDsIn, idList)
		if err != nil {
			return err
		}
		if err := w.tags.Unlink(unlinked); err != nil {
			return err
		}
	}
	// One statement for the batch, like insert. A new number has not been
	// checked on WhatsApp: the old answer is dropped (SET reads the row as
	// it was, so phone is the old one). Each row's array is taken out of
	// the batch once (MATERIALIZED): json_each would render it again for
	// every field read.
	var set strings.Builder
	for i, col := range cols {
		fmt.Fprintf(&set, "%s = j.value->>%d, ", col.name, i+1)
		if col.name == "phone" {
			fmt.Fprintf(&set, `on_whatsapp = CASE WHEN phone = j.value->>%[1]d THEN on_whatsapp END,
		whatsapp_checked_at = CASE WHEN phone = j.value->>%[1]d THEN whatsapp_checked_at END, `, i+1)
		}
	}
	_, err := w.exec(`WITH j AS MATERIALIZED (SELECT value FROM json_each(?1))
		UPDATE contacts SET `+set.String()+`updated_at = ?2 FROM j WHERE contacts.id = j.value->>0`, batch, w.now)
	if err != nil {
		return fmt.Errorf("update contacts: %w", err)
	}
	if !indexed {
		return nil
	}
	if w.fts.Import != nil {
		w.fts.Drop(idList)
	}
	if tags {
		if err := w.link(cs); err != nil {
			return err
		}
	}
	if w.fts.Import != nil {
		return w.index(cs, enc)
	}
	return w.indexWhere(sqlrun.IDsIn, idList)
}

// onlyTagsAdded tells whether each of cs keeps every tag of the same one
// of before, as a merge does: the bits of those tags stay set, and
// clearing them first (which also writes the bits an import keeps back)
// is work for nothing.
func onlyTagsAdded(cs, before []Contact) bool {
	if before == nil {
		return false
	}
	for i, c := range cs {
		if len(before[i].Tags) == 0 {
			continue
		}
		has := make(map[string]bool, len(c.Tags))
		for _, t := range c.Tags {
			has[strings.ToLower(t)] = true
		}
		for _, t := range before[i].Tags {
			if !has[strings.ToLower(t)] {
				return false
			}
		}
	}
	return true
}
