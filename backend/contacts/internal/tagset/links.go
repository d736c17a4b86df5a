package tagset

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Link is a contact carrying a tag.
type Link struct {
	Tag     int64
	Contact int64
}

// Linker keeps the tags' bitmaps in step with the tag lists that one
// transaction writes, creating tags on first use.
type Linker struct {
	tx *gorm.DB
	// deferred keeps the new bits in pending until Flush, so that an
	// import writes each bitmap chunk once per transaction rather than
	// once per batch.
	deferred bool
	pending  Bits
	// ids caches tag ids by lower-cased name for the transaction.
	ids map[string]int64
}

// NewLinker returns a Linker on tx; deferred keeps the bits it sets until
// Flush.
func NewLinker(tx *gorm.DB, deferred bool) *Linker {
	return &Linker{tx: tx, deferred: deferred, ids: map[string]int64{}}
}

// Link sets the bits of links.
func (l *Linker) Link(links []Link) error {
	if len(links) == 0 {
		return nil
	}
	if l.deferred {
		if l.pending == nil {
			l.pending = Bits{}
		}
		for _, k := range links {
			l.pending.Add(k.Tag, k.Contact)
		}
		return nil
	}
	return Set(l.tx.Statement.ConnPool, BitsOf(links), true)
}

// Flush writes the bits Link has kept back.
func (l *Linker) Flush() error {
	if len(l.pending) == 0 {
		return nil
	}
	err := Set(l.tx.Statement.ConnPool, l.pending, true)
	l.pending = nil
	return err
}

// Unlink clears the bits of links, after setting those kept back: a bit
// set after it was cleared would outlive its tag.
func (l *Linker) Unlink(links []Link) error {
	if err := l.Flush(); err != nil {
		return err
	}
	return Set(l.tx.Statement.ConnPool, BitsOf(links), false)
}

// linksOf selects the tags, as (tag, contact), of the contacts a subquery
// gives, from their rows.
const linksOf = `SELECT t.id, c.id FROM contacts c, json_each(c.tags) j JOIN tags t ON t.name = j.value
	WHERE c.id IN (%s)`

// LinksWhere gives the tags of the contacts a subquery gives, read from
// their rows: it must run while the rows still hold the tags they were
// linked with.
func (l *Linker) LinksWhere(subquery string, args ...any) ([]Link, error) {
	var links []Link
	rows, err := l.tx.Raw(fmt.Sprintf(linksOf, subquery), args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("find tag links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k Link
		if err := rows.Scan(&k.Tag, &k.Contact); err != nil {
			return nil, fmt.Errorf("find tag links: %w", err)
		}
		links = append(links, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find tag links: %w", err)
	}
	return links, nil
}

// TagID returns the id of the tag name, creating the tag if need be.
func (l *Linker) TagID(name string) (int64, error) {
	key := strings.ToLower(name)
	if id, ok := l.ids[key]; ok {
		return id, nil
	}
	if err := l.tx.Exec("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING", name).Error; err != nil {
		return 0, fmt.Errorf("create tag %q: %w", name, err)
	}
	var id int64
	if err := l.tx.Raw("SELECT id FROM tags WHERE name = ?", name).Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("find tag %q: %w", name, err)
	}
	l.ids[key] = id
	return id, nil
}
