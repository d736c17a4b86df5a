package contacts

// tuning are the sizes the contact list is paged with, beside those of the
// list orders (order.Config). They are the book's own, not the package's,
// so that a test can make them small enough for a few dozen contacts to
// take the paths a big book takes, without changing them for any other
// book.
type tuning struct {
	// sortInSQL is the number of matches up to which a page is sorted by
	// SQLite; above it, the sort's index is read in order
	// (pageAlongIndex), from the bucket of the order where the page starts.
	sortInSQL int64
}

func defaultTuning() tuning {
	return tuning{sortInSQL: 1000}
}
