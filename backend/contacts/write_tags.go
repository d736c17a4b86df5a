package contacts

// The writer's part in tags: which tags each written contact carries, kept
// in the tags' bitmaps, and the tags created on first use.

import (
	"fmt"
	"strings"
)

// link records which tags each of cs has in the tags' bitmaps, creating
// tags on first use.
func (w *writer) link(cs []Contact) error {
	keys, err := w.links(cs)
	if err != nil || len(keys) == 0 {
		return err
	}
	if w.deferLinks {
		if w.pending == nil {
			w.pending = memberBits{}
		}
		for _, k := range keys {
			w.pending.add(k.tag, k.contact)
		}
		return nil
	}
	return setMembers(w.tx.Statement.ConnPool, memberBitsOf(keys), true)
}

// flushLinks writes the bits link has kept back.
func (w *writer) flushLinks() error {
	if len(w.pending) == 0 {
		return nil
	}
	err := setMembers(w.tx.Statement.ConnPool, w.pending, true)
	w.pending = nil
	return err
}

// links gives the keys of the tag links of cs.
func (w *writer) links(cs []Contact) ([]linkKey, error) {
	var keys []linkKey
	for _, c := range cs {
		for _, t := range c.Tags {
			tagID, err := w.tagID(t)
			if err != nil {
				return nil, err
			}
			keys = append(keys, linkKey{tagID, c.ID})
		}
	}
	return keys, nil
}

// linksOf selects the tags, as (tag, contact), of the contacts a subquery
// gives, from their rows.
const linksOf = `SELECT t.id, c.id FROM contacts c, json_each(c.tags) j JOIN tags t ON t.name = j.value
	WHERE c.id IN (%s)`

// linkKey is a contact carrying a tag.
type linkKey struct {
	tag     int64
	contact int64
}

// linksWhere gives the tags of the contacts a subquery gives, read from
// their rows: it must run while the rows still hold the tags they were
// linked with.
func (w *writer) linksWhere(subquery string, args ...any) ([]linkKey, error) {
	var keys []linkKey
	rows, err := w.tx.Raw(fmt.Sprintf(linksOf, subquery), args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("find tag links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k linkKey
		if err := rows.Scan(&k.tag, &k.contact); err != nil {
			return nil, fmt.Errorf("find tag links: %w", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find tag links: %w", err)
	}
	return keys, nil
}

// unlink clears the bits of keys, after setting those kept back: a bit
// set after it was cleared would outlive its tag.
func (w *writer) unlink(keys []linkKey) error {
	if err := w.flushLinks(); err != nil {
		return err
	}
	return setMembers(w.tx.Statement.ConnPool, memberBitsOf(keys), false)
}

func (w *writer) tagID(name string) (int64, error) {
	key := strings.ToLower(name)
	if id, ok := w.tagIDs[key]; ok {
		return id, nil
	}
	if err := w.tx.Exec("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING", name).Error; err != nil {
		return 0, fmt.Errorf("create tag %q: %w", name, err)
	}
	var id int64
	if err := w.tx.Raw("SELECT id FROM tags WHERE name = ?", name).Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("find tag %q: %w", name, err)
	}
	w.tagIDs[key] = id
	return id, nil
}
