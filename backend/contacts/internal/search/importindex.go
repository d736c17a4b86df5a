package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/store"
)

// ImportIndex is the full-text index of a bulk import, built in a
// database file of its own, on a goroutine and connection of its own.
// SQLite lets one connection write a file at a time, and the book's is
// busy with the contacts; the index is as much work as the contacts
// themselves (BENCHMARKS.md), and built beside them, it takes the other
// core. An import into a book that has contacts ends it with theirs
// (OpenImportIndex). When the import ends, Adopt puts it in place of the
// book's index: until then, the contacts the import writes have no new
// search entries in the book.
type ImportIndex struct {
	path string
	db   *sql.DB
	// seedUpTo, when not 0, says that the book is attached, to take the
	// entries of its contacts up to that id after the import's (seedRest).
	seedUpTo int64
	ops      chan importOp
	done     chan error
	// rows is how many entries the index holds, set before done.
	rows int64
}

// importOp removes the contacts of del (a JSON array of ids) from the
// import's index, then adds docs.
type importOp struct {
	del  string
	docs DocRun
}

// runDocs is how many documents an import's index takes in one statement.
const runDocs = 10000

// backlog is how many batches an import may hand its index ahead of it: a
// few runs' worth, so that the import goes on while the index writes one.
const backlog = 64

// FilePattern names the files of import indexes, beside the book's.
const FilePattern = "herald-import-search-*.db"

// OpenImportIndex starts an import's index next to the file of the book db
// reads. With seedUpTo, the largest id of the book's contacts as the
// import begins (0 for an empty book), once the import's entries are in
// (Finish), the index also takes those of every contact up to that id it
// has none for, read as the book is then. Taken first, they would include
// the contacts the import rewrites, whose entries would be added, deleted
// and added again. A contact someone else writes meanwhile, whatever its
// id, is in the book's list of written contacts, which Adopt indexes
// again whatever the index holds.
func OpenImportIndex(db *gorm.DB, seedUpTo int64) (*ImportIndex, error) {
	main, err := bookFile(db)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(main)
	// Files an interrupted import left behind.
	if old, _ := filepath.Glob(filepath.Join(dir, FilePattern)); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	index, err := openScratch(dir, []string{
		DDL(false),
		// No merging of the index's segments while it fills: merged
		// level by level as they come, they cost more than the entries
		// themselves; write merges them once, into one, at the end.
		`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0)`,
		`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('crisismerge', 2000)`,
	})
	if err != nil {
		return nil, err
	}
	if seedUpTo > 0 {
		// ATTACH is refused inside a transaction: the book is attached
		// now, and read at the end, inside the index's.
		if _, err := index.db.Exec("ATTACH DATABASE ? AS book", main); err != nil {
			index.Discard()
			return nil, fmt.Errorf("read the book for the import's search index: %w", err)
		}
		index.seedUpTo = seedUpTo
	}
	go index.run(applyIndex)
	return index, nil
}

// bookFile is the file of the book db reads.
func bookFile(db *gorm.DB) (string, error) {
	var main string
	if err := db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Row().Scan(&main); err != nil || main == "" {
		return "", fmt.Errorf("find the database file: %v", err)
	}
	return main, nil
}

// seedRest indexes, in tx, the documents of the book's contacts up to the
// id upTo that the index has no entry for, and returns how many it indexed.
func seedRest(tx *sql.Tx, upTo int64) (int64, error) {
	res, err := tx.Exec(`INSERT INTO main.contacts_fts (rowid, doc) SELECT s.id, s.doc FROM book.contacts_search s
		WHERE s.id <= ? AND NOT EXISTS (SELECT 1 FROM main.contacts_fts_content c WHERE c.id = s.id)`, upTo)
	if err != nil {
		return 0, fmt.Errorf("index the book's other contacts: %w", err)
	}
	return res.RowsAffected()
}

// openScratch creates a scratch database in dir with the tables of ddl.
func openScratch(dir string, ddl []string) (*ImportIndex, error) {
	f, err := os.CreateTemp(dir, FilePattern)
	if err != nil {
		return nil, fmt.Errorf("create the import's search file: %w", err)
	}
	f.Close()
	// Scratch data: no journal, no syncing.
	q := url.Values{}
	for _, p := range []string{"journal_mode(OFF)", "synchronous(OFF)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", store.FileURI(f.Name(), q))
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	db.SetMaxOpenConns(1)
	x := &ImportIndex{path: f.Name(), db: db, ops: make(chan importOp, backlog), done: make(chan error, 1)}
	for _, stmt := range ddl {
		if _, err := db.Exec(stmt); err != nil {
			x.Discard()
			return nil, fmt.Errorf("create the import's search index: %w", err)
		}
	}
	return x, nil
}

func (x *ImportIndex) run(apply func(*sql.Tx, <-chan importOp) (int64, error)) {
	x.done <- x.write(apply)
}

// write runs apply on the ops as they come, then seeds the index from the
// book if asked (seedRest) and merges it, in one transaction, and keeps
// the count of entries it holds.
func (x *ImportIndex) write(apply func(*sql.Tx, <-chan importOp) (int64, error)) error {
	defer func() {
		for range x.ops {
			// Drained, so that the import never waits on a dead index.
		}
	}()
	tx, err := x.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := apply(tx, x.ops)
	if err != nil {
		return err
	}
	if x.seedUpTo > 0 {
		seeded, err := seedRest(tx, x.seedUpTo)
		if err != nil {
			return err
		}
		rows += seeded
	}
	// One segment: see the automerge setting in OpenImportIndex.
	if _, err := tx.Exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')"); err != nil {
		return err
	}
	x.rows = rows
	if err := tx.Commit(); err != nil {
		return err
	}
	if x.seedUpTo > 0 {
		_, err = x.db.Exec("DETACH DATABASE book")
	}
	return err
}

// prepare prepares queries on tx: this driver would parse each again on
// every call.
func prepare(tx *sql.Tx, queries ...string) ([]*sql.Stmt, error) {
	stmts := make([]*sql.Stmt, len(queries))
	for i, q := range queries {
		var err error
		if stmts[i], err = tx.Prepare(q); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// applyIndex writes the search entries of ops and returns how many
// entries the index holds.
func applyIndex(tx *sql.Tx, ops <-chan importOp) (int64, error) {
	stmts, err := prepare(tx,
		"DELETE FROM contacts_fts WHERE rowid IN (SELECT value FROM json_each(?))",
		insertDocs,
		"SELECT EXISTS (SELECT 1 FROM contacts_fts_content WHERE id IN (SELECT value FROM json_each(?)))")
	if err != nil {
		return 0, err
	}
	var rows int64
	apply := func(stmt *sql.Stmt, sign int64, args ...any) error {
		res, err := stmt.Exec(args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		rows += sign * n
		return err
	}
	// FTS5 writes a segment at the end of every statement, and merges
	// them when they pile up: the import's batches are joined into long
	// runs, so that its index is written in segments of FTS5's own size.
	// A merge sends the entries of new contacts and of the ones it
	// updates, whose ids run apart: a few runs are kept open at once.
	var open openRuns
	write := func(r *joinedRun) error {
		docs, first := r.take()
		return apply(stmts[1], 1, docs, first)
	}
	for op := range ops {
		if op.del != "" {
			// Nearly always, the index has none of them yet: it takes the
			// book's contacts last (seedRest).
			held, err := open.holdsAny(op.del, stmts[2])
			if err != nil {
				return 0, err
			}
			if held {
				if err := open.flush(write); err != nil {
					return 0, err
				}
				if err := apply(stmts[0], -1, op.del); err != nil {
					return 0, err
				}
			}
		}
		if op.docs.Count == 0 {
			continue
		}
		if err := open.add(op.docs, write); err != nil {
			return 0, err
		}
	}
	return rows, open.flush(write)
}

// send hands op to the index's writer.
func (x *ImportIndex) send(op importOp) {
	x.ops <- op
}

// Path is the index's file.
func (x *ImportIndex) Path() string { return x.path }

// Finish waits for the import's index to have every entry.
func (x *ImportIndex) Finish() error {
	close(x.ops)
	return <-x.done
}

// Discard deletes the import's index; Finish must have returned.
func (x *ImportIndex) Discard() {
	x.db.Close()
	os.Remove(x.path)
}

// Adopt replaces the book's full-text index with the import's, which has
// every contact the import wrote and, when seeded, every other contact the
// book had as the import ended. Contacts someone else indexed while it ran (listed in
// writtenList) are taken out of the import's index first and indexed
// again from the book; those someone removed are taken out. It runs on a
// connection of its own, closed after: the index's tables are written
// directly, so no connection may keep the old index cached, and the others
// see the change as another connection's commit. beforeCommit runs before
// the commit, which no other writer can start before: from the commit on,
// the book's index holds every contact. Adopt discards x.
func (x *ImportIndex) Adopt(book *gorm.DB, beforeCommit func()) error {
	defer x.Discard()
	main, err := bookFile(book)
	if err != nil {
		return err
	}
	q := url.Values{}
	// The index's tables have no foreign keys: none are turned on.
	for _, p := range []string{"busy_timeout(10000)", "synchronous(NORMAL)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	db, err := sql.Open("sqlite", store.FileURI(main, q))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS imported", x.path); err != nil {
		return fmt.Errorf("attach the import's search index: %w", err)
	}
	defer conn.ExecContext(ctx, "DETACH DATABASE imported")
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err := adoptIn(ctx, conn, x.rows); err != nil {
		conn.ExecContext(ctx, "ROLLBACK")
		return fmt.Errorf("adopt the import's search index: %w", err)
	}
	beforeCommit()
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// adoptIn does Adopt's work inside its transaction; entries is how many
// entries the import's index holds.
func adoptIn(ctx context.Context, conn *sql.Conn, entries int64) error {
	// The contacts others indexed while the import ran, as they are now
	// (writtenList, kept by the book's writers since the import
	// began on an empty book).
	touched, err := sqlrun.IDs(ctx, conn, "SELECT id FROM main."+writtenList)
	if err != nil {
		return err
	}
	listJSON, err := json.Marshal(touched)
	if err != nil {
		return err
	}
	list := string(listJSON)
	// Whether any contact of the import's index has gone from the book (deleted
	// meanwhile, or in a chunk that failed): counting is cheap, looking for
	// them is not.
	var book, touchedInImport int64
	err = conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM main.contacts),
		(SELECT count(*) FROM imported.contacts_fts_content WHERE id IN (SELECT value FROM json_each(?)))`, list).Scan(&book, &touchedInImport)
	if err != nil {
		return err
	}
	newInBook := int64(len(touched)) - touchedInImport
	if entries > book-newInBook {
		if _, err := conn.ExecContext(ctx, "DELETE FROM imported.contacts_fts WHERE rowid NOT IN (SELECT id FROM main.contacts)"); err != nil {
			return err
		}
	}
	for _, stmt := range []string{
		`DELETE FROM imported.contacts_fts WHERE rowid IN (SELECT value FROM json_each(?1))`,
		`DELETE FROM main.contacts_fts_data`,
		`DELETE FROM main.contacts_fts_idx`,
		`DELETE FROM main.` + writtenList,
		`INSERT INTO main.contacts_fts_data (id, block) SELECT id, block FROM imported.contacts_fts_data`,
		`INSERT INTO main.contacts_fts_idx (segid, term, pgno) SELECT segid, term, pgno FROM imported.contacts_fts_idx`,
		`INSERT INTO main.contacts_fts (rowid, doc) SELECT id, doc FROM main.contacts_search WHERE id IN (SELECT value FROM json_each(?1))`,
	} {
		var args []any
		if strings.Contains(stmt, "?1") {
			args = append(args, list)
		}
		if _, err := conn.ExecContext(ctx, stmt, args...); err != nil {
			return err
		}
	}
	return nil
}
