package backup

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// prune deletes the oldest of the regular backups in folder beyond the
// newest keep; other files, and the backups a restore made, stay.
func (s *Service) prune(folder string, keep int) {
	if keep < 1 {
		return
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		s.d.Log.Error("backup: read the folder to keep the newest", "err", err)
		return
	}
	type named struct {
		name string
		at   time.Time
	}
	var regular []named
	for _, e := range entries {
		at, safety, ok := parseName(e.Name(), time.Local)
		if ok && !safety && e.Type().IsRegular() {
			regular = append(regular, named{e.Name(), at})
		}
	}
	sort.Slice(regular, func(i, j int) bool { return regular[i].at.After(regular[j].at) })
	if len(regular) <= keep {
		return
	}
	var gone []string
	for _, old := range regular[keep:] {
		if err := os.Remove(filepath.Join(folder, old.name)); err != nil {
			s.d.Log.Error("backup: delete an old backup", "name", old.name, "err", err)
			continue
		}
		gone = append(gone, old.name)
	}
	if len(gone) > 0 {
		s.record("deleted", fmt.Sprintf("%d old backups deleted, keeping the newest %d", len(gone), keep), strings.Join(gone, "\n"))
	}
}

// removeParts deletes what backups cut short by a quit or a crash left:
// files under their temporary names in folder, and working folders in
// dataDir.
func removeParts(folder, dataDir string, log *slog.Logger) {
	parts, _ := filepath.Glob(filepath.Join(folder, partPrefix+"Herald-backup-*"))
	work, _ := filepath.Glob(filepath.Join(dataDir, workPrefix+"*"))
	for _, p := range append(parts, work...) {
		if err := os.RemoveAll(p); err != nil {
			log.Warn("backup: remove what an unfinished backup left", "path", p, "err", err)
		}
	}
}
