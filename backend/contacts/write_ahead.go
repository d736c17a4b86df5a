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

	"gorm.io/gorm"

	"herald/backend/contacts/internal/sqlrun"
)

// seenContacts is what a lookup before the writer's transaction found.
type seenContacts struct {
	// byPhone are the contacts found, by number.
	byPhone map[string]Contact
	// stamps is a JSON array of [id, updated_at as stored, phone], one for
	// each of byPhone.
	stamps string
}

// lookUpAhead looks up in db, outside the writer's transaction, the
// contacts of the numbers phones.
func lookUpAhead(db *gorm.DB, phones []string) (*seenContacts, error) {
	rows, err := dbMergeRows(db, lookupQuery, sqlrun.JSON(phones))
	if err != nil {
		return nil, fmt.Errorf("look up numbers ahead: %w", err)
	}
	stamps := make([][3]any, len(rows))
	for i, r := range rows {
		stamps[i] = [3]any{r.ID, r.Stamp, r.Phone}
	}
	return &seenContacts{byPhone: contactsByPhone(rows), stamps: sqlrun.JSON(stamps)}, nil
}

// known gives the contacts of the numbers phones: those of seen that are
// as they were, and those changed since as they are now; without seen, a
// lookup of them all.
func (w *writer) known(phones []string, seen *seenContacts) (map[string]Contact, error) {
	if seen == nil {
		return w.lookup(phones)
	}
	if len(seen.byPhone) == 0 {
		return seen.byPhone, nil
	}
	res, err := w.query(`SELECT j.value->>2 FROM json_each(?) j LEFT JOIN contacts c ON c.id = j.value->>0
		WHERE c.updated_at IS NOT j.value->>1`, seen.stamps)
	if err != nil {
		return nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
	}
	var stale []string
	for res.Next() {
		var phone string
		if err := res.Scan(&phone); err != nil {
			res.Close()
			return nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
		}
		stale = append(stale, phone)
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("look for contacts changed since their lookup: %w", err)
	}
	if len(stale) == 0 {
		return seen.byPhone, nil
	}
	now, err := w.lookup(stale)
	if err != nil {
		return nil, err
	}
	for _, p := range stale {
		if c, ok := now[p]; ok {
			seen.byPhone[p] = c
		} else {
			delete(seen.byPhone, p)
		}
	}
	return seen.byPhone, nil
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
// its own.
func (r *importRun) lookUpAhead(b *pendingBatch) {
	phones := make([]string, len(b.cs))
	for i, c := range b.cs {
		phones[i] = c.Phone
	}
	b.done = make(chan struct{})
	go func() {
		defer close(b.done)
		b.seen, b.err = lookUpAhead(r.svc.db, phones)
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
