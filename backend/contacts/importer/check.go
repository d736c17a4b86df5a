package importer

// Records reads the rows of a preview as an import would, with mapping
// (nil or empty: the preview's own) and region for numbers without a
// country code, so that the person sees how each phone will be stored and
// which rows will fail before the import starts. Cells cut short for the
// preview are read as they are shown. Line is 0: a preview does not know
// where its rows start.
func (p Preview) Records(mapping []string, region string) []Record {
	headers := p.Headers
	if p.Format == FormatVCard {
		cols := VCardColumns()
		headers, mapping = cols[:], []string{Name, Phone, Email, Company, Tags, Notes}
	} else if len(mapping) == 0 {
		mapping = p.Mapping
	}
	if len(mapping) > len(headers) {
		mapping = mapping[:len(headers)]
	}
	plan := compilePlan(headers, mapping)
	out := make([]Record, len(p.Rows))
	for i, cells := range p.Rows {
		out[i] = finish(plan.draft(row{cells: cells}), region)
	}
	return out
}
