package contacts

import (
	"fmt"
	"math"
	"slices"

	"herald/backend/contacts/internal/order"
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
	// (pageAlongIndex): its first runs are read on another core while the
	// full-text index is read here.
	var ahead *order.Reader
	if q.Offset > 0 && (q.Offset < s.orders.Config.BucketSize || !s.ordered.Load()) && q.Sort != "createdAt" && !s.bulkImport.Load() {
		ahead = s.orders.NewReader(q.Sort, q.Desc).Prefetch(int64(q.Offset) * readPerMatch)
	}
	defer ahead.Stop()
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
		page, ok, err := s.pageAlongIndex(q, total, tagset.NewIDSet(ids), readPerMatch*total, ahead)
		if err != nil || ok {
			return page, total, err
		}
	}
	var page []int64
	by := order.By(q.Sort, order.Direction(q.Desc))
	err = s.db.Raw("SELECT id FROM contacts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY "+by+" LIMIT ? OFFSET ?",
		sqlrun.JSON(ids), q.Limit, q.Offset).Scan(&page).Error
	return page, total, err
}

// readPerMatch bounds a read of the sort's index at this many rows per
// match, after which SQLite sorts the matches instead: a read that fails
// costs at most as much again as sorting would have. Matches bunched in the
// middle of the order, or spread thin, are slow either way (BENCHMARKS.md).
const readPerMatch = 10

// pageAlongIndex reads the page of q out of set along the sort's index
// (order.Orders.PageAlongIndex), from the end nearer the page, within
// budget rows.
func (s *Service) pageAlongIndex(q Query, total int64, set tagset.IDSet, budget int64, ahead *order.Reader) ([]int64, bool, error) {
	w := pageWindow(q, total)
	p := order.Page{Sort: q.Sort, Desc: w.desc, Offset: w.offset, Limit: w.limit, Total: total,
		InStep: s.ordered.Load() && !s.bulkImport.Load()}
	page, ok, err := s.orders.PageAlongIndex(p, set, budget, ahead)
	return w.order(page), ok, err
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
// from the bucket of the order the page falls in (internal/order), or,
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
		page, ok, err := s.pageAlongIndex(q, total, set, math.MaxInt64, nil)
		if err != nil || ok {
			return page, total, err
		}
	}
	var page []int64
	by := order.By(q.Sort, order.Direction(q.Desc))
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
