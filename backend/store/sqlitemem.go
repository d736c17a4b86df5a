package store

import (
	"sync"

	"gorm.io/gorm"
	"modernc.org/libc"
)

// The pure-Go SQLite allocates its memory from modernc.org/memory, which
// carves each size class out of 1 MB mappings and unmaps a mapping as soon
// as its last block is freed. SQLite allocates some buffers once per
// operation and frees them straight after (the ~25 KB scratch space of
// every b-tree page split is one): with no other block of that size alive,
// each operation maps, faults in and unmaps a fresh megabyte. An import
// spent about a tenth of its time in mmap and munmap that way. One block
// held in each larger class while a database is open keeps its mapping
// alive. The allocator serves the whole process, so the blocks a database
// holds serve every SQLite connection beside it too (an import's side
// index).
//
// heldMemory is a gorm plugin so that Close, which has only the *gorm.DB,
// finds the blocks to free.
type heldMemory struct {
	mu     sync.Mutex
	blocks []uintptr
}

const heldMemoryName = "herald:held_memory"

func (*heldMemory) Name() string { return heldMemoryName }

// Initialize takes one block of each class from 1 KB to 256 KB.
func (h *heldMemory) Initialize(*gorm.DB) error {
	tls := libc.NewTLS()
	defer tls.Close()
	h.mu.Lock()
	defer h.mu.Unlock()
	for log := 10; log <= 18; log++ {
		h.blocks = append(h.blocks, libc.Xmalloc(tls, 1<<log))
	}
	return nil
}

// release frees the blocks; a second call has nothing to free.
func (h *heldMemory) release() {
	tls := libc.NewTLS()
	defer tls.Close()
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, b := range h.blocks {
		libc.Xfree(tls, b)
	}
	h.blocks = nil
}

// releaseHeldMemory frees the blocks db holds, if any.
func releaseHeldMemory(db *gorm.DB) {
	if h, ok := db.Config.Plugins[heldMemoryName].(*heldMemory); ok {
		h.release()
	}
}
