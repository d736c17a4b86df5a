package contacts

import "herald/backend/contacts/importer"

// RowCheck is what importing one row of a preview would do.
type RowCheck struct {
	// Phone is the E.164 number the contact would have, "" when the row
	// would be skipped or fail.
	Phone string `json:"phone"`
	// Country is the English name of Phone's country.
	Country string `json:"country"`
	// Others counts the other numbers kept on the contact.
	Others int `json:"others"`
	// Problem says why the row would be skipped (Skip) or fail.
	Problem string `json:"problem"`
	Skip    bool   `json:"skip"`
}

// recordContact is the contact a record of a file makes, before tidy.
func recordContact(rec importer.Record) Contact {
	c := Contact{Name: rec.Name, Phone: rec.Phone, Email: rec.Email, Company: rec.Company, Notes: rec.Notes,
		Tags: rec.Tags, CustomFields: rec.Custom, OptedOut: rec.OptedOut}
	if len(rec.OtherPhones) > 0 {
		c.OtherPhones = make([]OtherPhone, len(rec.OtherPhones))
		for i, p := range rec.OtherPhones {
			c.OtherPhones[i] = OtherPhone{Label: p.Label, Number: p.Number}
		}
	}
	return c
}

// checkRows reads the rows of preview p as Import would with mapping,
// numbers and all the checks of a contact, without writing anything.
func (s *Service) checkRows(p importer.Preview, mapping []string) []RowCheck {
	recs := p.Records(mapping, s.defaultCountry())
	out := make([]RowCheck, len(recs))
	for i, rec := range recs {
		if rec.Problem != "" {
			out[i] = RowCheck{Problem: rec.Problem, Skip: rec.Skip}
			continue
		}
		c := recordContact(rec)
		if err := tidy(&c); err != nil {
			out[i] = RowCheck{Problem: err.Error()}
			continue
		}
		out[i] = RowCheck{Phone: c.Phone, Country: importer.Country(c.Phone), Others: len(c.OtherPhones)}
	}
	return out
}
