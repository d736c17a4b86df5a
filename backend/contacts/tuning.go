package contacts

// tuning are the sizes the contact list is paged with. They are the
// book's own, not the package's, so that a test can make them small enough
// for a few dozen contacts to take the paths a big book takes, without
// changing them for any other book.
type tuning struct {
	// bucketSize is how many contacts a bucket of a list order gets when
	// the order is cut (order_buckets.go): a walk inside one costs ~1 ms.
	// One that grows to twice as big is cut again.
	bucketSize int
	// sortInSQL is the number of matches up to which a search page is
	// sorted by SQLite (4.5 µs a match); above it, the sort's index is
	// walked in order (walkIndex), from the bucket of the order where the
	// page starts.
	sortInSQL int64
	// walkFirstRun is the length of walkIndex's first run of ids.
	walkFirstRun int64
}

func defaultTuning() tuning {
	return tuning{bucketSize: 2048, sortInSQL: 1000, walkFirstRun: 1024}
}
