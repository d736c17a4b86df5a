package templates

import (
	"fmt"
	"path/filepath"
	"strings"

	"gorm.io/gorm"
)

// MediaIn is the path, in the media folder dir, of a media file stored at
// stored by a Herald whose data folder may have been elsewhere (a backup
// restored on another computer, maybe under another system): the file
// keeps its name, which copyMedia made unique.
func MediaIn(dir, stored string) string {
	name := stored[strings.LastIndexAny(stored, `/\`)+1:]
	return filepath.Join(dir, name)
}

// RebasePaths points stored media paths at their files in the media folder
// dir, in tx: read selects the rows' id and media_path, write sets a row's
// path from the arguments (path, id). Each owner of a media column passes
// its own statements.
func RebasePaths(tx *gorm.DB, dir, read, write string) error {
	var rows []struct {
		ID        int64
		MediaPath string
	}
	if err := tx.Raw(read).Scan(&rows).Error; err != nil {
		return fmt.Errorf("read the media paths: %w", err)
	}
	for _, r := range rows {
		if p := MediaIn(dir, r.MediaPath); p != r.MediaPath {
			if err := tx.Exec(write, p, r.ID).Error; err != nil {
				return fmt.Errorf("point %d at its media: %w", r.ID, err)
			}
		}
	}
	return nil
}

// RebaseMedia points every template's media, in tx, at its file in the
// media folder dir: restored data names the folder of the Herald that made
// the backup. It is a function, not a method, because every exported
// method of Service is callable from the UI.
func RebaseMedia(tx *gorm.DB, dir string) error {
	return RebasePaths(tx, dir, "SELECT id, media_path FROM templates WHERE media_path != ''",
		"UPDATE templates SET media_path = ? WHERE id = ?")
}
