package contacts

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/contacts/internal/tagset"
)

// searchPage answers a full-text search, with any tags, opt-out and id
// filters. The index is read once: its matches are both the count and the
// set a page is cut from. Running it twice (count, then page) doubled the
// cost of every search, and paging by testing each row of the name index
// against the full-text index materialised the whole match set in SQLite.
func (s *Service) searchPage(q Query, f *filter) ([]int64, int64, error) {
	match := f.ftsMatch
	// A page past the first of a broad search walks the sort's index
	// (walkIndex): its first runs are read on another core while the
	// full-text index is read here.
	var ahead *indexRuns
	if q.Offset > 0 && (q.Offset < s.tuning.bucketSize || !s.ordered.Load()) && q.Sort != "createdAt" && !s.bulkImport.Load() {
		ahead = s.newIndexRuns(q.Sort, q.Desc).prefetch(int64(q.Offset) * walkPerMatch)
	}
	defer ahead.stop()
	var list string
	if err := s.db.Raw("SELECT json_group_array(rowid) FROM contacts_fts WHERE contacts_fts MATCH ?", match).Row().Scan(&list); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	ids, err := tagset.ParseIDs(list)
	if err != nil {
		return nil, 0, err
	}
	slices.Sort(ids)
	if len(f.tagIDs) > 0 {
		if ids, err = s.keepTagged(ids, f.tagIDs); err != nil {
			return nil, 0, err
		}
	}
	if q.OptedOut != nil {
		if ids, err = s.keepOptedOut(ids, *q.OptedOut); err != nil {
			return nil, 0, err
		}
	}
	if len(q.IDs) > 0 {
		ids = keepIDs(ids, q.IDs)
	}
	total := int64(len(ids))
	if int64(q.Offset) >= total {
		return nil, total, nil
	}
	if q.Sort == "createdAt" {
		// The matches are already in id order.
		w := pageWindow(q, total)
		var page []int64
		if w.desc {
			for i := total - 1 - w.offset; i >= 0 && int64(len(page)) < w.limit; i-- {
				page = append(page, ids[i])
			}
		} else {
			page = append(page, ids[w.offset:min(w.offset+w.limit, total)]...)
		}
		return w.order(page), total, nil
	}
	if total > s.tuning.sortInSQL && !s.bulkImport.Load() {
		page, ok, err := s.walkIndex(q, total, tagset.NewIDSet(ids), walkPerMatch*total, ahead)
		if err != nil || ok {
			return page, total, err
		}
	}
	var page []int64
	by := orderBy(q.Sort, direction(q.Desc))
	err = s.db.Raw("SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY "+by+" LIMIT ? OFFSET ?",
		sqlrun.JSON(ids), q.Limit, q.Offset).Scan(&page).Error
	return page, total, err
}

// walkPerMatch bounds a walk of the index at this many rows per match
// (0.4 µs a row), after which SQLite sorts the matches instead (about
// 4.5 µs each): a walk that fails costs at most as much again as sorting
// would have. Matches bunched in the middle of the order, or spread thin,
// are slow either way; a pre-sorted key would cure that (BENCHMARKS.md).
const walkPerMatch = 10

func direction(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
}

// walkIndex reads the ids of the sort's index in order, from the end nearer
// the page, and keeps the members of set until it has the page. A broad
// search is dense in the index, so the walk is short; and unlike an IN list
// in SQL, the set costs nothing to build. A deep page starts at the bucket
// of the order its offset falls in (order_buckets.go). It gives up (ok
// false) after budget rows. ahead, when not nil, has been reading the index
// in q's own direction meanwhile, and is used when the page is read that
// way.
func (s *Service) walkIndex(q Query, total int64, set tagset.IDSet, budget int64, ahead *indexRuns) (page []int64, ok bool, err error) {
	w := pageWindow(q, total)
	skip := w.offset
	runs := ahead
	deep, deepSkip, found, err := s.fromBucket(q.Sort, w, total, set)
	if err != nil {
		ahead.stop()
		return nil, false, err
	}
	if found {
		runs, skip = deep, deepSkip
		ahead.stop()
	}
	if runs == nil || w.desc != runs.desc {
		ahead.stop()
		runs = s.newIndexRuns(q.Sort, w.desc)
	}
	defer runs.stop()
	var walked int64
	for {
		ids, err := runs.next()
		if err != nil || len(ids) == 0 {
			return nil, false, err
		}
		for _, id := range ids {
			if walked++; walked > budget {
				return nil, false, nil
			}
			if !set.Has(id) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			if page = append(page, id); int64(len(page)) == w.limit {
				return w.order(page), true, nil
			}
		}
	}
}

// indexRuns reads the ids of a sort's index in order, in runs of growing
// length, each run one string of ids that starts after the key of the last
// id of the one before: half the cost of reading the index a row at a time
// (0.4 µs a row against 0.8 at a million contacts). With prefetch it reads
// on a goroutine (and connection) of its own, ahead of its reader.
type indexRuns struct {
	s *Service
	// SELECT id FROM from WHERE after ORDER BY order, where after is the
	// key condition: its arguments are the key of the last id read (key
	// read by its id), then the id.
	from, key, after string
	order            string
	desc, phone      bool
	last             []any
	run              int64
	// start, when set, is where the walk starts (a condition and its
	// arguments), until the first run is read.
	start     string
	startArgs []any
	// db, when set, is the transaction to read in instead of the book.
	db *gorm.DB
	// Set when prefetching.
	out    chan indexRun
	cancel context.CancelFunc
	done   chan struct{}
}

type indexRun struct {
	ids []int64
	err error
}

func (s *Service) newIndexRuns(sort string, desc bool) *indexRuns {
	// The first term of the key condition is the one SQLite seeks the
	// index with: with the row value alone it scans from the start.
	r := &indexRuns{s: s, from: "contacts INDEXED BY contacts_name", key: "name",
		after: "name COLLATE NOCASE >= ? AND (name COLLATE NOCASE, id) > (?, ?)",
		order: orderBy(sort, direction(desc)), desc: desc, run: s.tuning.walkFirstRun}
	if sort == "phone" {
		r.from, r.key, r.after, r.phone = "contacts", "phone", "phone > ?", true
	}
	if desc {
		r.after = strings.NewReplacer(">", "<").Replace(r.after)
	}
	return r
}

// fromBucket opens the walk of a deep page at the bucket of the order its
// offset falls in, with the matches to skip there, when the order is cut
// and a walk from the end would be long (found false otherwise).
func (s *Service) fromBucket(sort string, w window, total int64, set tagset.IDSet) (runs *indexRuns, skip int64, found bool, err error) {
	k := orderOf(sort)
	if k == nil || total == 0 || !s.ordered.Load() || s.bulkImport.Load() {
		return nil, 0, false, nil
	}
	buckets, book, err := s.orderBuckets(k)
	// The walk's length if the matches were spread evenly; bunched ones
	// ("lena.fischer", all under L) may be anywhere, which the buckets find.
	if err != nil || (w.offset+w.limit)*book/total < deepWalk*int64(s.tuning.bucketSize) {
		return nil, 0, false, err
	}
	b, skip, ok := locate(buckets, set, w.desc, w.offset)
	if !ok {
		return nil, 0, false, nil
	}
	runs = s.newIndexRuns(sort, w.desc)
	switch {
	case !w.desc && b > 0:
		runs.start, runs.startArgs = k.from, k.args(buckets[b].key, buckets[b].keyID)
	case w.desc && b < len(buckets)-1:
		runs.start, runs.startArgs = k.below, k.args(buckets[b+1].key, buckets[b+1].keyID)
	}
	return runs, skip, true, nil
}

// deepWalk is the length of a walk (offset over density), in buckets, above
// which a page starts at its bucket: counting the matches of every bucket
// costs about as much as walking that many rows of the index.
const deepWalk = 4

// prefetch starts reading ahead, up to max ids.
func (r *indexRuns) prefetch(max int64) *indexRuns {
	ctx, cancel := context.WithCancel(context.Background())
	r.out, r.cancel, r.done = make(chan indexRun, 8), cancel, make(chan struct{})
	go func() {
		defer close(r.done)
		defer close(r.out)
		for n := int64(0); n < max; {
			ids, err := r.read(ctx)
			select {
			case r.out <- indexRun{ids, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(ids) == 0 {
				return
			}
			n += int64(len(ids))
		}
	}()
	return r
}

// next returns the next run of ids, none at the end of the index.
func (r *indexRuns) next() ([]int64, error) {
	if r.out == nil {
		return r.read(context.Background())
	}
	if run, ok := <-r.out; ok {
		return run.ids, run.err
	}
	// Read ahead as far as it was allowed: on from there.
	r.out = nil
	return r.read(context.Background())
}

// stop ends the reading ahead, if any.
func (r *indexRuns) stop() {
	if r == nil || r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
	r.cancel = nil
}

func (r *indexRuns) read(ctx context.Context) ([]int64, error) {
	db := r.s.db
	if r.db != nil {
		db = r.db
	}
	db = db.WithContext(ctx)
	where, args := "", []any{}
	switch {
	case r.last != nil:
		where, args = " WHERE "+r.after, slices.Clone(r.last)
	case r.start != "":
		where, args = " WHERE "+r.start, slices.Clone(r.startArgs)
	}
	var list sql.NullString
	err := db.Raw("SELECT group_concat(id) FROM (SELECT id FROM "+r.from+where+" ORDER BY "+r.order+" LIMIT ?)",
		append(args, r.run)...).Row().Scan(&list)
	if err != nil {
		return nil, err
	}
	r.run = min(r.run*2, 32768)
	ids, err := tagset.ParseIDs("[" + list.String + "]")
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	lastID := ids[len(ids)-1]
	var k string
	if err := db.Raw("SELECT "+r.key+" FROM contacts WHERE id = ?", lastID).Row().Scan(&k); err != nil {
		return nil, err
	}
	r.last = []any{k}
	if !r.phone {
		r.last = append(r.last, k, lastID)
	}
	return ids, nil
}

// keepOptedOut keeps the ids that are opted out (optedOut) or reachable.
// Opted-out contacts are few and have their own index.
func (s *Service) keepOptedOut(ids []int64, optedOut bool) ([]int64, error) {
	var out []int64
	if err := s.db.Raw(optedOutIDs).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("read opted-out contacts: %w", err)
	}
	set := tagset.NewIDSet(out)
	kept := ids[:0]
	for _, id := range ids {
		if set.Has(id) == optedOut {
			kept = append(kept, id)
		}
	}
	return kept, nil
}

// keepTagged keeps the ids that carry every tag of tagIDs, from the tags'
// bitmaps.
func (s *Service) keepTagged(ids []int64, tagIDs []int64) ([]int64, error) {
	and, err := tagset.Tagged(s.db, tagIDs, true)
	if err != nil {
		return nil, err
	}
	return and.Set().Keep(ids), nil
}

func keepIDs(ids, keep []int64) []int64 {
	return tagset.NewIDSet(keep).Keep(ids)
}

// tagPage pages the contacts that carry every tag of f (and match its
// opt-out filter), from the tags' bitmaps: by creation straight from the
// bits, which are in id order; by name or phone along the sort's index,
// from the bucket of the order the page falls in (order_buckets.go), or,
// for a few hundred contacts, sorted by SQLite.
func (s *Service) tagPage(q Query, f *filter) ([]int64, int64, error) {
	set, total, err := s.tagged(f, q.OptedOut)
	if err != nil || int64(q.Offset) >= total {
		return nil, total, err
	}
	w := pageWindow(q, total)
	if q.Sort == "createdAt" {
		return w.order(set.Window(w.desc, w.offset, w.limit)), total, nil
	}
	if total > s.tuning.sortInSQL {
		page, ok, err := s.walkIndex(q, total, set, math.MaxInt64, nil)
		if err != nil || ok {
			return page, total, err
		}
	}
	var page []int64
	by := orderBy(q.Sort, direction(q.Desc))
	err = s.db.Raw("SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY "+by+" LIMIT ? OFFSET ?",
		sqlrun.JSON(set.IDs()), q.Limit, q.Offset).Scan(&page).Error
	return page, total, err
}

// countTagged counts the contacts that carry every tag of f and match the
// opt-out filter.
func (s *Service) countTagged(f *filter, optedOut *bool) (int64, error) {
	_, total, err := s.tagged(f, optedOut)
	return total, err
}

// tagged tells which contacts carry every tag of f and match the opt-out
// filter, and how many do, from the tags' bitmaps (internal/tagset). The
// reachable ones are all of them minus the opted out, who are few and have
// their own index.
func (s *Service) tagged(f *filter, optedOut *bool) (set tagset.IDSet, total int64, err error) {
	and, err := tagset.Tagged(s.db, f.tagIDs, true)
	if err != nil {
		return nil, 0, err
	}
	set, total = and.Set(), and.Count()
	if optedOut == nil {
		return set, total, nil
	}
	var opted []int64
	if err := s.db.Raw(optedOutIDs).Scan(&opted).Error; err != nil {
		return nil, 0, fmt.Errorf("read opted-out contacts: %w", err)
	}
	var out []int64
	for _, id := range opted {
		if set.Has(id) {
			out = append(out, id)
			set.Clear(id)
		}
	}
	if *optedOut {
		return tagset.NewIDSet(out), int64(len(out)), nil
	}
	return set, total - int64(len(out)), nil
}
