package core

import (
	"log/slog"
	"path/filepath"

	"herald/backend/backup"
	"herald/backend/store"
	"herald/backend/templates"
	"herald/backend/whatsapp/simulator"
)

// sessionFile is whatsmeow.SessionFile, the linked phone's keys, named here
// so that a build without the phone driver does not pull in whatsmeow.
const sessionFile = "whatsapp.db"

// privateDataDir narrows the data folder, the folders Herald keeps in it
// and the files it writes there to their owner (store.Private). A new
// folder is made private already; one an older Herald made, or one the
// user gave with --data, may let every user of the computer read the
// contacts, the messages and the linked phone's keys.
//
// Only Herald's own names are touched: --data may name a folder that holds
// other things too. A narrowing that fails is logged and Herald carries on:
// a file system without Unix modes (FAT on a USB stick) refuses chmod, and
// the data folder's mode, when it took, still keeps others out. On Windows
// store.Private does nothing, as the profile folder's ACL guards the data.
func privateDataDir(dir string, log *slog.Logger) {
	paths := []string{dir}
	for _, sub := range []string{ExportsDir, UploadsDir, templates.MediaDir, backup.DefaultFolder} {
		paths = append(paths, filepath.Join(dir, sub))
	}
	for _, name := range []string{LogFile, LockFile, simulator.JournalFile, simulator.DeliveredFile, simulator.SessionFile, backup.StateFile} {
		paths = append(paths, filepath.Join(dir, name))
	}
	// store.Open narrows the database too, silently; here a failure is told.
	for _, db := range []string{DatabaseFile, sessionFile} {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			paths = append(paths, filepath.Join(dir, db+suffix))
		}
	}
	for _, p := range paths {
		if err := store.Private(p); err != nil {
			log.Warn("data folder: others may read this file", "path", p, "err", err)
		}
	}
}
