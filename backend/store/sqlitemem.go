package store

import "modernc.org/libc"

// The pure-Go SQLite allocates its memory from modernc.org/memory, which
// carves each size class out of 1 MB mappings and unmaps a mapping as soon
// as its last block is freed. SQLite allocates some buffers once per
// operation and frees them straight after (the ~25 KB scratch space of
// every b-tree page split is one): with no other block of that size alive,
// each operation maps, faults in and unmaps a fresh megabyte. An import
// spent about a tenth of its time in mmap and munmap that way. One block
// held for good in each larger class keeps its mapping alive.
func init() {
	tls := libc.NewTLS()
	defer tls.Close()
	for log := 10; log <= 18; log++ {
		libc.Xmalloc(tls, 1<<log)
	}
}
