package contacts

import (
	"fmt"
	"strings"
)

// Missing is how many of an audience's reachable contacts have no value
// for some fields, as a message template names them.
type Missing struct {
	// Any counts the contacts without a value for at least one field.
	Any int64
	// ByField counts, for each field asked about, the contacts without it.
	ByField map[string]int64
}

// emptyField is the condition, on contacts aliased c, that a contact has
// no value for field, named as a template variable is ("email",
// "first_name", "custom.city"), with its arguments; ok is false for a
// field a contact always has (its phone) or that is not a contact's.
func emptyField(field string) (cond string, args []any, ok bool) {
	switch field {
	case "name", "first_name":
		return "c.name = ''", nil, true
	case "last_name":
		// The last name is what follows the first word of the name.
		return "instr(trim(c.name), ' ') = 0", nil, true
	case "email":
		return "c.email = ''", nil, true
	case "company":
		return "c.company = ''", nil, true
	}
	if key, found := strings.CutPrefix(field, "custom."); found && key != "" {
		// Keys keep the case they were written in; templates name them in
		// any case.
		return `(c.custom_fields = '{}' OR NOT EXISTS (SELECT 1 FROM json_each(c.custom_fields) AS j
			WHERE lower(j.key) = lower(?) AND trim(j.value) <> ''))`, []any{key}, true
	}
	return "", nil, false
}

// CountMissing counts the reachable contacts of aud (those a campaign
// would queue) without a value for each of fields, and without at least
// one of them, in one pass over the audience.
func (x *API) CountMissing(aud Audience, fields []string) (Missing, error) {
	out := Missing{ByField: make(map[string]int64, len(fields))}
	var sums, ors []string
	var sumArgs, orArgs []any
	var counted []string
	for _, f := range fields {
		cond, args, ok := emptyField(f)
		out.ByField[f] = 0
		if !ok {
			continue
		}
		counted = append(counted, f)
		sums, sumArgs = append(sums, "coalesce(sum("+cond+"), 0)"), append(sumArgs, args...)
		ors, orArgs = append(ors, cond), append(orArgs, args...)
	}
	if len(counted) == 0 {
		return out, nil
	}
	where, wargs, err := x.where(aud)
	if err != nil {
		return Missing{}, err
	}
	query := "SELECT count(*), " + strings.Join(sums, ", ") + " FROM contacts c WHERE " + where + " AND " + reachable +
		" AND (" + strings.Join(ors, " OR ") + ")"
	args := append(append(append([]any{}, sumArgs...), wargs...), orArgs...)
	dest := make([]any, 1+len(counted))
	counts := make([]int64, len(counted))
	dest[0] = &out.Any
	for i := range counts {
		dest[i+1] = &counts[i]
	}
	if err := x.s.db.Raw(query, args...).Row().Scan(dest...); err != nil {
		return Missing{}, fmt.Errorf("count the audience's contacts without %s: %w", strings.Join(counted, ", "), err)
	}
	for i, f := range counted {
		out.ByField[f] = counts[i]
	}
	return out, nil
}
