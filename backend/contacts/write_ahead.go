package contacts

// An import into a book that has contacts looks the numbers of each batch
// up before the writer writes it, on a connection of its own, while the
// writer writes the batch before. The writer's transaction then only
// checks that the contacts found are as they were: every change of a
// contact sets its updated_at, and a contact changed since, or a number
// that came in since, is looked up again in the transaction, so that a
// lookup made early never undoes a change made meanwhile.

import (
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/jsontext"
	"herald/backend/contacts/internal/sqlrun"
)

// seenContacts is what a lookup before the writer's transaction found.
type seenContacts struct {
	// byPhone are the contacts found, by number.
	byPhone map[string]Contact
	// stamped holds, for each of byPhone, its id, updated_at as stored
	// and number, for the check of which changed (stampsJSON).
	stamped []row
	// ids is a JSON array of the ids of byPhone, and joined their
	// updated_at as stored, in the same order, each after a unitSep.
	ids, joined string
	// folded is the batch looked up, and merged its rows merged into the
	// contacts found, made ahead too: the writer takes them unless the
	// contact changed since.
	folded *foldedBatch
	merged map[string]*mergedRow
}

// lookUpAhead looks up in db, outside the writer's transaction, the
// contacts of the numbers phones.
func lookUpAhead(db *gorm.DB, phones []string) (*seenContacts, error) {
	rows, err := dbMergeRows(db, lookupQuery, sqlrun.JSON(phones))
	if err != nil {
		return nil, fmt.Errorf("look up numbers ahead: %w", err)
	}
	ids := make([]byte, 0, 8*len(rows)+2)
	var joined strings.Builder
	ids = append(ids, '[')
	for i, r := range rows {
		if i > 0 {
			ids = append(ids, ',')
		}
		ids = strconv.AppendInt(ids, r.ID, 10)
		joined.WriteString(unitSep)
		joined.WriteString(r.Stamp)
	}
	ids = append(ids, ']')
	return &seenContacts{byPhone: contactsByPhone(rows), stamped: rows, ids: string(ids), joined: joined.String()}, nil
}

// stampsJSON is a JSON array of [id, updated_at as stored, phone] for each
// contact seen, written by hand: encoding/json's reflection costs more than
// the query that reads it. Only a lookup that something changed since
// needs it.
func (seen *seenContacts) stampsJSON() string {
	b := make([]byte, 0, 64*len(seen.stamped)+2)
	b = append(b, '[')
	for i, r := range seen.stamped {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, r.ID, 10)
		b = append(b, ',')
		b = jsontext.AppendString(b, r.Stamp)
		b = append(b, ',')
		b = jsontext.AppendString(b, r.Phone)
		b = append(b, ']')
	}
	return string(append(b, ']'))
}

// unitSep separates the stamps of seenContacts.joined: no time holds it.
const unitSep = "\x1f"

// unchangedQuery gives the updated_at as stored of the contacts of a JSON
// array of ids, in its order, each after a unitSep; a contact gone leaves
// its stamp out, which makes the text differ too.
const unchangedQuery = `SELECT coalesce(group_concat(char(31) || stamp, ''), '') FROM
	(SELECT CAST(c.updated_at AS TEXT) AS stamp FROM json_each(?) j JOIN contacts c ON c.id = j.value ORDER BY j.key)`

// known gives the contacts of the numbers phones: those of seen that are
// as they were, and those changed since as they are now, whose numbers it
// lists as stale; without seen, a lookup of them all.
func (w *writer) known(phones []string, seen *seenContacts) (map[string]Contact, map[string]bool, error) {
	if seen == nil {
		found, err := w.lookup(phones)
		return found, nil, err
	}
	if len(seen.byPhone) == 0 {
		return seen.byPhone, nil, nil
	}
	// Nearly always nothing changed: one aggregate of the stamps says so
	// for a fraction of the query that finds which did.
	if now, err := w.queryText(unchangedQuery, seen.ids); err != nil {
		return nil, nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
	} else if now == seen.joined {
		return seen.byPhone, nil, nil
	}
	res, err := w.query(`SELECT j.value->>2 FROM json_each(?) j LEFT JOIN contacts c ON c.id = j.value->>0
		WHERE c.updated_at IS NOT j.value->>1`, seen.stampsJSON())
	if err != nil {
		return nil, nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
	}
	var stale []string
	for res.Next() {
		var phone string
		if err := res.Scan(&phone); err != nil {
			res.Close()
			return nil, nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
		}
		stale = append(stale, phone)
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
	}
	if len(stale) == 0 {
		return seen.byPhone, nil, nil
	}
	now, err := w.lookup(stale)
	if err != nil {
		return nil, nil, err
	}
	isStale := make(map[string]bool, len(stale))
	for _, p := range stale {
		isStale[p] = true
		if c, ok := now[p]; ok {
			seen.byPhone[p] = c
		} else {
			delete(seen.byPhone, p)
		}
	}
	return seen.byPhone, isStale, nil
}

// lookUpLate merges, with merge, the contacts whose numbers came in
// between a lookup before the transaction and the insert of cs: those of
// cs that insert did not create.
func (w *writer) lookUpLate(cs []Contact, created map[string]bool, merge func(phone string, k Contact)) error {
	var late []string
	for _, c := range cs {
		if !created[c.Phone] {
			late = append(late, c.Phone)
		}
	}
	if len(late) == 0 {
		return nil
	}
	now, err := w.lookup(late)
	if err != nil {
		return err
	}
	for _, p := range late {
		k, ok := now[p]
		if !ok {
			return fmt.Errorf("number %s was neither added nor found", p)
		}
		merge(p, k)
	}
	return nil
}

// pendingBatch is a batch of rows on its way to the writer, with the
// lookup of its numbers made ahead (write_ahead.go) when it has one.
type pendingBatch struct {
	cs    []Contact
	enc   []encoded
	lines []int
	// done is closed once the lookup has given seen, or failed with err.
	done chan struct{}
	seen *seenContacts
	err  error
}

// lookedUp waits for the lookup ahead of b and gives what it found: nil
// when there was none, or it failed, which leaves the lookup to the
// writer.
func (b *pendingBatch) lookedUp() *seenContacts {
	if b.done == nil {
		return nil
	}
	<-b.done
	if b.err != nil {
		return nil
	}
	return b.seen
}

// lookUpAhead starts the lookup of the numbers of b, on a connection of
// its own, and the merge of its rows into the contacts found, which is
// work the writer then need not do.
func (r *importRun) lookUpAhead(b *pendingBatch) {
	matches := r.matches
	b.done = make(chan struct{})
	go func() {
		defer close(b.done)
		f := fold(b.cs, b.enc, matches)
		if b.seen, b.err = lookUpAhead(r.svc.db, f.order); b.err != nil {
			return
		}
		b.seen.folded = &f
		b.seen.merged = make(map[string]*mergedRow, len(b.seen.byPhone))
		rows := make([]mergedRow, 0, len(b.seen.byPhone))
		for _, p := range f.order {
			if k, found := b.seen.byPhone[p]; found {
				rows = append(rows, mergeRow(k, f.batch[p], matches))
				b.seen.merged[p] = &rows[len(rows)-1]
			} else if f.encOf[p] == (encoded{}) {
				f.encOf[p] = encode(f.batch[p])
			}
		}
	}()
}

// dropPending forgets the rows not written yet, once the lookup ahead of
// them is over.
func (r *importRun) dropPending() {
	r.batch, r.enc, r.lines = r.batch[:0], r.enc[:0], r.lines[:0]
	if r.ahead != nil {
		r.ahead.lookedUp()
		r.ahead = nil
	}
}
