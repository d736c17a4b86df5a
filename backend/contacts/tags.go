package contacts

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/contacts/internal/tagset"
	"herald/backend/usertext"
)

// Tag is a tag and how many contacts carry it.
type Tag struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// Tags lists every tag with its number of contacts, by name.
func (s *Service) Tags() ([]Tag, error) {
	if err := s.awaitReady(); err != nil {
		return nil, err
	}
	tags := []Tag{}
	err := s.db.Raw(`SELECT t.name AS name, (SELECT coalesce(sum(` + tagset.PopcountSQL + `(bits)), 0) FROM tag_members m WHERE m.tag_id = t.id) AS count
		FROM tags t ORDER BY t.name COLLATE NOCASE`).Scan(&tags).Error
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return tags, nil
}

// RenameTag renames a tag on every contact. Renaming it to a tag that
// exists merges the two.
func (s *Service) RenameTag(from, to string) error {
	if err := s.awaitReady(); err != nil {
		return err
	}
	// Cleaned as a contact's tags are (tidy), or the name would not match.
	to = strings.Join(strings.Fields(usertext.Clean(to)), " ")
	if to == "" {
		return apperr.Invalid("A tag needs a name.")
	}
	if err := s.retag([]string{from}, to); err != nil {
		return err
	}
	s.record("updated", fmt.Sprintf("Renamed tag “%s” to “%s”", from, to))
	return nil
}

// MergeTags moves every contact of the tags from onto into, and removes them.
func (s *Service) MergeTags(from []string, into string) error {
	if err := s.awaitReady(); err != nil {
		return err
	}
	into = strings.Join(strings.Fields(usertext.Clean(into)), " ")
	if into == "" || len(from) == 0 {
		return apperr.Invalid("Choose the tags to merge and the tag to keep.")
	}
	if err := s.retag(from, into); err != nil {
		return err
	}
	s.record("updated", fmt.Sprintf("Merged tags %s into “%s”", someTags(from), into))
	return nil
}

// DeleteTag removes a tag from every contact; the contacts stay.
func (s *Service) DeleteTag(name string) error {
	if err := s.awaitReady(); err != nil {
		return err
	}
	if err := s.retag([]string{name}, ""); err != nil {
		return err
	}
	s.record("deleted", fmt.Sprintf("Deleted tag “%s”", name))
	return nil
}

// retag moves the contacts of the tags from onto the tag into ("" drops
// them), then rebuilds the tag list and search entry of every contact touched.
func (s *Service) retag(from []string, into string) error {
	if s.bulkImport.Load() {
		// A big import may be indexing its contacts beside the book
		// (search.ImportIndex), where a tag changed now would not follow.
		return apperr.Conflict("Herald is importing contacts. Rename, merge or delete tags when the import has finished.")
	}
	return s.db.Transaction(func(tx *gorm.DB) error {
		var fromIDs []int64
		if err := tx.Raw("SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?))", sqlrun.JSON(from)).Scan(&fromIDs).Error; err != nil {
			return fmt.Errorf("find tags: %w", err)
		}
		if len(fromIDs) == 0 {
			return apperr.NotFound("There is no tag %s.", someTags(from))
		}
		touched := "SELECT contact_id FROM touched_contacts"
		if err := tx.Exec("CREATE TEMP TABLE IF NOT EXISTS touched_contacts (contact_id INTEGER PRIMARY KEY)").Error; err != nil {
			return err
		}
		defer tx.Exec("DROP TABLE IF EXISTS temp.touched_contacts")
		bits, err := tagset.Tagged(tx, fromIDs, false)
		if err != nil {
			return err
		}
		tagged := bits.Set().IDs()
		if err := tx.Exec("INSERT OR IGNORE INTO touched_contacts SELECT value FROM json_each(?)", sqlrun.JSON(tagged)).Error; err != nil {
			return fmt.Errorf("collect tagged contacts: %w", err)
		}
		w := s.writer(tx)
		if err := w.unindexWhere(touched); err != nil {
			return err
		}
		if into != "" {
			intoID, err := w.tags.TagID(into)
			if err != nil {
				return err
			}
			err = tx.Exec(`INSERT INTO tag_members (tag_id, chunk, bits) SELECT ?, chunk, bits FROM tag_members WHERE tag_id IN (`+sqlrun.IDsIn+`)
				ON CONFLICT (tag_id, chunk) DO UPDATE SET bits = `+tagset.OrSQL+`(bits, excluded.bits)`, intoID, sqlrun.JSON(fromIDs)).Error
			if err != nil {
				return fmt.Errorf("move tag counts: %w", err)
			}
			// Renaming a tag to another spelling of itself keeps its row.
			fromIDs = without(fromIDs, intoID)
			if err := tx.Exec("UPDATE tags SET name = ? WHERE id = ?", into, intoID).Error; err != nil {
				return fmt.Errorf("rename tag: %w", err)
			}
		}
		if len(fromIDs) > 0 {
			if err := tx.Exec("DELETE FROM tags WHERE id IN ("+sqlrun.IDsIn+")", sqlrun.JSON(fromIDs)).Error; err != nil {
				return fmt.Errorf("remove tags: %w", err)
			}
		}
		// Each tag list keeps its order, with the tags of from replaced by
		// into (or dropped) and twins folded.
		err = tx.Exec(`UPDATE contacts SET updated_at = ?, tags = (SELECT coalesce(json_group_array(n), '[]') FROM (
			SELECT n, min(k) AS k FROM (
				SELECT j.key AS k, CASE WHEN j.value COLLATE NOCASE IN (SELECT value FROM json_each(?)) THEN ? ELSE j.value END AS n
				FROM json_each(contacts.tags) j)
			WHERE n <> '' GROUP BY n COLLATE NOCASE ORDER BY k))
			WHERE id IN (`+touched+`)`, s.now(), sqlrun.JSON(from), into).Error
		if err != nil {
			return fmt.Errorf("update tagged contacts: %w", err)
		}
		return w.indexWhere(touched)
	})
}

func without(ids []int64, drop int64) []int64 {
	out := ids[:0]
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}

// someTags names tags in a message: the first few, then how many more, as a
// merge can take thousands and the activity log keeps a line.
func someTags(names []string) string {
	const shown = 10
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}
