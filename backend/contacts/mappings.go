package contacts

import (
	"encoding/json"
	"fmt"
	"strings"

	"herald/backend/apperr"
	"herald/backend/contacts/importer"
)

// mappingSignature identifies files with the same columns.
func mappingSignature(p importer.Preview) string {
	return p.Format + "\x1f" + strings.ToLower(strings.Join(p.Headers, "\x1f"))
}

func (s *Service) savedMapping(p importer.Preview) []string {
	if len(p.Headers) == 0 {
		return nil
	}
	var raw string
	s.db.Raw("SELECT mapping FROM import_mappings WHERE signature = ?", mappingSignature(p)).Scan(&raw)
	var m []string
	if json.Unmarshal([]byte(raw), &m) != nil || len(m) != len(p.Headers) {
		return nil
	}
	return m
}

func (s *Service) saveMapping(p importer.Preview, mapping []string) error {
	if len(mapping) != len(p.Headers) {
		return apperr.Invalid("The mapping has %d columns but the file has %d.", len(mapping), len(p.Headers))
	}
	b, _ := json.Marshal(mapping)
	err := s.db.Exec(`INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
		mappingSignature(p), string(b), s.now()).Error
	if err != nil {
		return fmt.Errorf("save the column mapping: %w", err)
	}
	return nil
}
