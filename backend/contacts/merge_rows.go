package contacts

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"herald/backend/contacts/internal/jsontext"
)

// mergeRows is a JSON array of the contacts a query selects (FROM
// contacts WHERE …, or a join with contacts), each an array of the columns a merge reads and update
// writes, and its updated_at as stored. Read as one text, a batch costs a
// fraction of what the driver charges per column of every row.
const mergeRows = `SELECT json_group_array(json_array(contacts.id, contacts.phone, contacts.name, contacts.email,
	contacts.company, contacts.notes, contacts.tags, contacts.custom_fields, contacts.other_phones, contacts.opted_out,
	contacts.opted_out_at, contacts.opted_out_reason, CAST(contacts.updated_at AS TEXT))) `

// readMergeRows reads the text of a mergeRows query.
func readMergeRows(text string) ([]row, error) {
	var out []row
	err := jsontext.Rows(text, func(v []jsontext.Value) error {
		if len(v) != 13 {
			return fmt.Errorf("a contact of %d columns", len(v))
		}
		id, err := strconv.ParseInt(v[0].Text, 10, 64)
		if err != nil {
			return fmt.Errorf("contact id %q: %w", v[0].Text, err)
		}
		r := row{ID: id, Phone: v[1].Text, Name: v[2].Text, Email: v[3].Text, Company: v[4].Text, Notes: v[5].Text,
			Tags: v[6].Text, CustomFields: v[7].Text, OtherPhones: v[8].Text, OptedOut: v[9].Text == "1" || v[9].Text == "true",
			OptedOutReason: v[11].Text, Stamp: v[12].Text}
		if !v[10].Null {
			t, ok := parseStoredTime(v[10].Text)
			if !ok {
				return fmt.Errorf("contact %d: opt-out time %q", id, v[10].Text)
			}
			r.OptedOutAt = &t
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	return out, nil
}

// storedTimeLayouts are the layouts in which the database driver reads a
// time column, in its order.
var storedTimeLayouts = [...]string{
	driverTimeLayout,
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseStoredTime reads a time column's text as the driver does, so that
// a contact read as JSON holds the same time as one read by columns.
func parseStoredTime(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(cutMonotonic(s))); err == nil {
		return t, true
	}
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range storedTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// cutMonotonic drops the monotonic clock reading ("m=+1.2") that
// time.Time.String adds.
func cutMonotonic(s string) string {
	if i := strings.Index(s, "m="); i > 0 {
		return s[:i]
	}
	return s
}
