package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

const (
	// defaultUploadQuota is room for several large contact files at once:
	// a million contacts is about 100 MB, and one upload may be 1 GB.
	defaultUploadQuota = 4 << 30
	// uploadsKeptFor is how long an uploaded file stays: long enough to
	// preview and import it, not so long that copies of people's contact
	// lists pile up.
	uploadsKeptFor = 24 * time.Hour
	// uploadGrace is how long a finished upload is safe from being swept
	// to make room for another: the time to preview it and start its
	// import.
	uploadGrace = 15 * time.Minute
	// sweepInterval is how often old uploads are swept while Herald runs.
	sweepInterval = time.Hour
)

// errNoRoom is reserve's answer when the quota has no room for an upload
// even without the uploads that may be swept.
var errNoRoom = errors.New("uploads: over quota")

// uploads is the uploads folder: each upload in a folder of its own, all
// of them within a quota, the oldest swept.
type uploads struct {
	dir   string
	quota int64
	now   func() time.Time
	log   *slog.Logger

	mu sync.Mutex
	// arriving holds the folders of the uploads under way and the bytes
	// each reserved: counted against the quota, never swept.
	arriving map[string]int64
}

func newUploads(opts Options) *uploads {
	u := &uploads{dir: opts.UploadDir, quota: opts.UploadQuota, now: opts.Now, log: opts.Log, arriving: map[string]int64{}}
	if u.quota <= 0 {
		u.quota = defaultUploadQuota
	}
	if u.now == nil {
		u.now = time.Now
	}
	return u
}

// stored is an upload that has arrived (or a stray file in the folder).
type stored struct {
	path string
	size int64
	at   time.Time // when it arrived
}

// reserve makes the folder for an upload of size bytes. When the quota
// would be passed it sweeps the oldest uploads past their grace; when that
// is not enough it answers errNoRoom.
func (u *uploads) reserve(size int64) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	have := u.storedLocked()
	used := int64(0)
	for _, s := range have {
		used += s.size
	}
	for _, n := range u.arriving {
		used += n
	}
	sort.Slice(have, func(i, j int) bool { return have[i].at.Before(have[j].at) })
	now := u.now()
	for _, s := range have {
		if used+size <= u.quota || now.Sub(s.at) < uploadGrace {
			break
		}
		if err := os.RemoveAll(s.path); err != nil {
			// Still open elsewhere (Windows): it keeps its room.
			u.log.Warn("sweep upload to make room", "err", err)
			continue
		}
		used -= s.size
	}
	if used+size > u.quota {
		return "", errNoRoom
	}
	name := make([]byte, 8)
	_, _ = rand.Read(name)
	dir := filepath.Join(u.dir, hex.EncodeToString(name))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create upload folder: %w", err)
	}
	u.arriving[dir] = size
	return dir, nil
}

// release ends the upload into dir: kept, it is dated now, so that its
// age counts from its arrival; otherwise it goes.
func (u *uploads) release(dir string, kept bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.arriving, dir)
	if !kept {
		_ = os.RemoveAll(dir)
		return
	}
	now := u.now()
	if err := os.Chtimes(dir, now, now); err != nil {
		u.log.Warn("date upload", "err", err)
	}
}

// sweep removes the uploads older than uploadsKeptFor at now.
func (u *uploads) sweep(now time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, s := range u.storedLocked() {
		if now.Sub(s.at) > uploadsKeptFor {
			if err := os.RemoveAll(s.path); err != nil {
				u.log.Warn("sweep old upload", "err", err)
			}
		}
	}
}

// sweepOn sweeps at each tick (its value is the time to sweep at), on an
// hourly timer when ticks is nil, until the returned stop is called; stop
// returns once sweeping has stopped.
func (u *uploads) sweepOn(ticks <-chan time.Time) (stop func()) {
	var timer *time.Ticker
	if ticks == nil {
		timer = time.NewTicker(sweepInterval)
		ticks = timer.C
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			case now := <-ticks:
				u.sweep(now)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(quit)
			<-done
			if timer != nil {
				timer.Stop()
			}
		})
	}
}

// storedLocked lists the uploads that have arrived, with their sizes.
func (u *uploads) storedLocked() []stored {
	entries, err := os.ReadDir(u.dir)
	if err != nil {
		return nil
	}
	var out []stored
	for _, e := range entries {
		path := filepath.Join(u.dir, e.Name())
		if _, ok := u.arriving[path]; ok {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, stored{path: path, size: sizeOf(path), at: info.ModTime()})
	}
	return out
}

// sizeOf is the size of the files at path, a file or a folder.
func sizeOf(path string) int64 {
	var n int64
	_ = filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// gigabytes writes a quota for people: "4 GB", "1.5 GB", "500 MB".
func gigabytes(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.3g GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20)
}
