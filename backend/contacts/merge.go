package contacts

// What becomes of a contact when a row of a file, or an "add", brings its
// number again: the three ways the user may choose, and the list of what
// changed, field by field, that the import's preview, summary and report
// show.

import (
	"maps"
	"slices"
	"strings"

	"herald/backend/apperr"
)

// The ways an import handles a row whose number a contact already has
// (ImportOptions.Matches).
const (
	// MatchesFill fills the contact's empty fields from the row, the
	// default: nothing the contact holds is replaced.
	MatchesFill = "fill"
	// MatchesOverwrite replaces the contact's fields by the row's
	// non-empty values.
	MatchesOverwrite = "overwrite"
	// MatchesSkip leaves the contact as it is.
	MatchesSkip = "skip"
)

// matchMode checks the user's choice of ImportOptions.Matches; "" is the
// default, MatchesFill.
func matchMode(m string) (string, error) {
	switch m {
	case "":
		return MatchesFill, nil
	case MatchesFill, MatchesOverwrite, MatchesSkip:
		return m, nil
	}
	return "", apperr.Invalid("Choose how rows whose number is already in your contacts are handled: fill empty fields, overwrite, or skip (not %q).", m)
}

// mergeInto folds in into existing as mode says. Whatever the mode but
// skip, tags are added and the opt-out is only ever set: an import never
// opts a person back in.
func mergeInto(existing Contact, in Contact, mode string) Contact {
	if mode == MatchesSkip {
		return existing
	}
	fill := mode == MatchesFill
	take := func(dst *string, src string) {
		if src != "" && (!fill || *dst == "") {
			*dst = src
		}
	}
	out := existing
	take(&out.Name, in.Name)
	take(&out.Email, in.Email)
	take(&out.Company, in.Company)
	take(&out.Notes, in.Notes)
	out.Tags = CleanTags(append(append([]string{}, existing.Tags...), in.Tags...))
	out.CustomFields = maps.Clone(existing.CustomFields)
	if out.CustomFields == nil {
		out.CustomFields = map[string]string{}
	}
	for k, v := range in.CustomFields {
		old := out.CustomFields[k]
		take(&old, v)
		if old != "" {
			out.CustomFields[k] = old
		}
	}
	if in.OptedOut && !existing.OptedOut {
		out.OptedOut, out.OptedOutAt, out.OptedOutReason = true, in.OptedOutAt, in.OptedOutReason
	}
	out.OtherPhones = mergeOtherPhones(existing, in)
	return out
}

// mergeOtherPhones adds to existing's other numbers those of in that
// existing does not have: like tags, numbers are only ever added.
func mergeOtherPhones(existing, in Contact) []OtherPhone {
	if len(in.OtherPhones) == 0 {
		return existing.OtherPhones
	}
	has := map[string]bool{existing.Phone: true}
	out := slices.Clone(existing.OtherPhones)
	for _, p := range out {
		has[p.Number] = true
	}
	for _, p := range in.OtherPhones {
		if !has[p.Number] {
			has[p.Number] = true
			out = append(out, p)
		}
	}
	return out
}

// FieldChange is one field of a contact that an import changes.
type FieldChange struct {
	// Field names it as the user knows it: "Name", "Tags", "Opted out",
	// or a custom field's own name.
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// changesOf lists what differs from before to after, in the order the
// contact editor shows the fields.
func changesOf(before, after Contact) []FieldChange {
	var out []FieldChange
	add := func(field, b, a string) {
		if b != a {
			out = append(out, FieldChange{Field: field, Before: b, After: a})
		}
	}
	add("Name", before.Name, after.Name)
	add("Email", before.Email, after.Email)
	add("Company", before.Company, after.Company)
	add("Tags", strings.Join(before.Tags, ", "), strings.Join(after.Tags, ", "))
	add("Other phones", otherPhonesCell(before.OtherPhones), otherPhonesCell(after.OtherPhones))
	add("Notes", before.Notes, after.Notes)
	keys := slices.Sorted(maps.Keys(after.CustomFields))
	for k := range before.CustomFields {
		if _, ok := after.CustomFields[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		add(k, before.CustomFields[k], after.CustomFields[k])
	}
	if before.OptedOut != after.OptedOut {
		add("Opted out", yesNo(before.OptedOut), yesNo(after.OptedOut))
	}
	return out
}
