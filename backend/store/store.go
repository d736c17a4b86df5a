// Package store opens Herald's SQLite database and keeps its schema current.
// It knows nothing about contacts, campaigns or any other domain: packages
// register their schema changes as numbered migrations in migrations.go.
package store

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// pragmas are applied through the DSN so that every pooled connection gets
// them, not only the first one.
func pragmas() []string {
	return []string{
		"journal_mode(WAL)",
		// NORMAL in WAL mode survives a killed process without losing
		// committed transactions; only a power cut can lose the last ones.
		"synchronous(NORMAL)",
		"foreign_keys(1)",
		"busy_timeout(10000)",
		// 64 MB page cache: the default 2 MB makes index builds and bulk
		// imports several times slower.
		"cache_size(-65536)",
		"temp_store(MEMORY)",
	}
}

// Open opens (creating if needed) the database at path and migrates it to
// the newest schema. Its connections get the SQL functions funcs besides
// the store's own (register): a program that writes to the database passes
// every package's, since the triggers the packages create call them. The
// database and its -wal and -shm files are made readable by their owner
// only (prepareFile).
func Open(path string, funcs ...Function) (*gorm.DB, error) {
	return openAt(path, len(allMigrations()), funcs)
}

// openAt migrates only up to version; tests use it to build databases as an
// older Herald left them.
func openAt(path string, version int, funcs []Function) (*gorm.DB, error) {
	if err := register(append(Functions(), funcs...)); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range pragmas() {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	// Every transaction takes the write lock when it begins (writeFirst). A
	// deferred one that reads first and writes later can hit SQLITE_BUSY at
	// once, without waiting out busy_timeout, when another connection wrote
	// in between.
	q.Set("_txlock", "immediate")
	dsn := FileURI(path, q)
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db, err := gorm.Open(&sqlite.Dialector{DSN: dsn, Conn: writeFirst{pool}}, &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return time.Now().UTC() },
		Logger:         logger.Discard,
	})
	if err != nil {
		_ = pool.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := errors.Join(explainMissingFunctions(db), db.Use(&heldMemory{})); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// WAL lets readers run beside the one writer, so the UI can page through
	// contacts while an import writes. Writers queue on the write lock
	// (immediate transactions, busy_timeout); long jobs commit in chunks so
	// that nobody waits for long.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	if err := migrate(db, version); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}
	return db, nil
}

// FileURI is the driver's name for the SQLite file at path, opened with
// the parameters q. Every database Herald opens by its path goes through
// it, so a path SQLite's URIs would misread still names its own file.
func FileURI(path string, q url.Values) string {
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes what SQLite's file: URIs give a meaning to, so the path
// names the file it says: # ends the path and ? starts the parameters (a
// data folder under C:\Users\C#Dev\ opened a database named "C" one folder
// up), and %HH is decoded. Everything else, \ and drive letters and
// accented or spaced names included, SQLite takes as it is.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "#", "%23", "?", "%3f").Replace(path)
}

// Close closes the database behind db and frees what Open held for it.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	err = sqlDB.Close()
	releaseHeldMemory(db)
	return err
}
