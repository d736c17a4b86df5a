package engine

import "slices"

// Required is a variable a template uses without a fallback: a contact
// with no value for it is skipped rather than sent a message with a hole.
type Required struct {
	// Variable is the canonical name, as Variables gives it.
	Variable string
	// Always is true when the variable is used outside every variation, so
	// that every contact's message needs it; false when only some picks
	// of a variation reach it.
	Always bool
}

// Required returns the variables the template uses without a fallback,
// in order of first use, each once. Date and time are never empty for a
// render with a time, and a contact always has a phone number, so they
// are left out.
func (t *Template) Required() []Required {
	var out []Required
	var walk func(nodes []node, always bool)
	walk = func(nodes []node, always bool) {
		for i := range nodes {
			n := &nodes[i]
			switch n.kind {
			case nodeVar:
				if n.hasFallback || n.field == fieldDate || n.field == fieldTime || n.field == fieldPhone {
					continue
				}
				at := slices.IndexFunc(out, func(r Required) bool { return r.Variable == n.name })
				if at < 0 {
					out = append(out, Required{Variable: n.name, Always: always})
				} else if always {
					out[at].Always = true
				}
			case nodeGroup:
				for _, opt := range n.group.options {
					walk(opt, false)
				}
			}
		}
	}
	walk(t.nodes, true)
	return out
}
