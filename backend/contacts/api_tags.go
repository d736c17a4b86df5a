package contacts

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/contacts/internal/tagset"
	"herald/backend/usertext"
)

// Tagged is what API.Tag did.
type Tagged struct {
	// Tag is the tag's name as the book spells it (an existing tag keeps
	// its spelling).
	Tag string
	// Contacts counts the ids that are contacts; Added those of them that
	// got the tag: the others had it already or have no room for another.
	Contacts int64
	Added    int64
}

// Tag adds the tag name to each of ids, creating the tag if need be, in
// one transaction however many ids there are.
func (x *API) Tag(ids []int64, name string) (Tagged, error) {
	s := x.s
	if err := s.awaitReady(); err != nil {
		return Tagged{}, err
	}
	// Cleaned as a contact's tags are (tidy), so that it matches them.
	name = strings.Join(strings.Fields(usertext.Clean(name)), " ")
	if name == "" {
		return Tagged{}, apperr.Invalid("A tag needs a name.")
	}
	if utf8.RuneCountInString(name) > 100 {
		return Tagged{}, apperr.Invalid("The tag “%.40s…” is too long.", name)
	}
	if s.bulkImport.Load() {
		// As for retag: a big import may be indexing its contacts beside
		// the book, where a tag added now would not follow.
		return Tagged{}, apperr.Conflict("Herald is importing contacts. Tag them when the import has finished.")
	}
	out := Tagged{Tag: name}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		w := s.writer(tx)
		tagID, err := w.tags.TagID(name)
		if err != nil {
			return err
		}
		if err := tx.Raw("SELECT name FROM tags WHERE id = ?", tagID).Scan(&out.Tag).Error; err != nil {
			return fmt.Errorf("read tag %q: %w", name, err)
		}
		if err := tx.Raw("SELECT count(*) FROM contacts WHERE id IN ("+sqlrun.IDsIn+")", sqlrun.JSON(ids)).Scan(&out.Contacts).Error; err != nil {
			return fmt.Errorf("count the contacts to tag: %w", err)
		}
		have, err := tagset.Tagged(tx, []int64{tagID}, false)
		if err != nil {
			return err
		}
		set := have.Set()
		want := make([]int64, 0, len(ids))
		for _, id := range ids {
			if !set.Has(id) {
				want = append(want, id)
			}
		}
		var found []int64
		err = tx.Raw("SELECT id FROM contacts WHERE id IN ("+sqlrun.IDsIn+") AND json_array_length(tags) < ? ORDER BY id",
			sqlrun.JSON(want), maxTags).Scan(&found).Error
		if err != nil {
			return fmt.Errorf("find the contacts to tag: %w", err)
		}
		if len(found) == 0 {
			return nil
		}
		touched := "SELECT value FROM json_each(?)"
		list := sqlrun.JSON(found)
		if err := w.unindexWhere(touched, list); err != nil {
			return err
		}
		res := tx.Exec("UPDATE contacts SET tags = json_insert(tags, '$[#]', ?), updated_at = ? WHERE id IN ("+touched+")",
			out.Tag, s.now(), list)
		if res.Error != nil {
			return fmt.Errorf("tag contacts: %w", res.Error)
		}
		links := make([]tagset.Link, len(found))
		for i, id := range found {
			links[i] = tagset.Link{Tag: tagID, Contact: id}
		}
		if err := w.tags.Link(links); err != nil {
			return err
		}
		if err := w.flush(); err != nil {
			return err
		}
		out.Added = res.RowsAffected
		return w.indexWhere(touched, list)
	})
	if err != nil {
		return Tagged{}, err
	}
	return out, nil
}
