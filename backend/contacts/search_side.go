package contacts

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/gorm"

	"herald/backend/store"
)

// sideIndex builds the full-text index of an import into an empty book in
// a database file of its own, on a goroutine and connection of its own.
// SQLite lets one connection write a file at a time, and the book's is busy
// with the contacts; the index is as much work as the contacts themselves
// (BENCHMARKS.md), and built beside them, it takes the other core. When the
// import ends, adopt copies it into the book: until then, its contacts
// have no search entries.
type sideIndex struct {
	index *sideDB
}

// sideDB is one scratch database and the goroutine that writes it.
type sideDB struct {
	path string
	db   *sql.DB
	ops  chan sideOp
	done chan error
	// rows is how many entries the index holds, set before done.
	rows int64
}

// sideOp removes the contacts of del (a JSON array of ids) from the side
// index, then adds docs.
type sideOp struct {
	del  string
	docs docRun
}

const sidePattern = "herald-import-search-*.db"

// ftsOptions are the full-text index's options (store migration 12): its
// tokenizer, the prefixes it keeps, and no size of each document.
const ftsOptions = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2', columnsize = 0"

// ftsDDL declares contacts_fts: the book's reads its documents from the
// view contacts_search (external), a side index keeps its own copy, so
// that its entries can be removed by id. Both share ftsOptions, so that the
// side index's tables can be copied into the book's.
func ftsDDL(external bool) string {
	opts := ftsOptions
	if external {
		opts = "content = 'contacts_search', content_rowid = 'id', " + opts
	}
	return "CREATE VIRTUAL TABLE contacts_fts USING fts5 (doc, " + opts + ")"
}

// startSideIndex starts a side index if the book is empty (nil if not).
// The book is counted, and its other writers told, inside one transaction:
// none of them can write in between, and from its end they list what they
// put in the book's index (writer.held).
func (s *Service) startSideIndex() (*sideIndex, error) {
	var side *sideIndex
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var existing int64
		if err := tx.Raw("SELECT count(*) FROM contacts").Scan(&existing).Error; err != nil || existing > 0 {
			return err
		}
		var err error
		if side, err = openSideIndex(tx); err != nil {
			s.log.Warn("import without a side search index", "err", err)
			return nil
		}
		s.sideImport.Store(true)
		return nil
	})
	if err != nil {
		if side != nil {
			side.finish()
			side.discard()
			s.sideImport.Store(false)
		}
		return nil, fmt.Errorf("start the import: %w", err)
	}
	return side, nil
}

// openSideIndex starts a side index next to the file of the book db reads.
func openSideIndex(db *gorm.DB) (*sideIndex, error) {
	var main string
	if err := db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Row().Scan(&main); err != nil || main == "" {
		return nil, fmt.Errorf("find the database file: %v", err)
	}
	dir := filepath.Dir(main)
	// Files an interrupted import left behind.
	if old, _ := filepath.Glob(filepath.Join(dir, sidePattern)); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	index, err := openSideDB(dir, []string{
		ftsDDL(false),
		// No merging of the index's segments while it fills: merged
		// level by level as they come, they cost more than the entries
		// themselves; applyIndex merges them once, into one, at the end.
		`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0)`,
		`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('crisismerge', 2000)`,
	})
	if err != nil {
		return nil, err
	}
	go index.run(applyIndex)
	return &sideIndex{index: index}, nil
}

// openSideDB creates a scratch database in dir with the tables of ddl.
func openSideDB(dir string, ddl []string) (*sideDB, error) {
	f, err := os.CreateTemp(dir, sidePattern)
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
	x := &sideDB{path: f.Name(), db: db, ops: make(chan sideOp, 4), done: make(chan error, 1)}
	for _, stmt := range ddl {
		if _, err := db.Exec(stmt); err != nil {
			x.discard()
			return nil, fmt.Errorf("create the import's search index: %w", err)
		}
	}
	return x, nil
}

func (x *sideDB) run(apply func(*sql.Tx, <-chan sideOp) (int64, error)) {
	x.done <- x.write(apply)
}

// write runs apply on the ops as they come, in one transaction, and keeps
// the count of rows it gives.
func (x *sideDB) write(apply func(*sql.Tx, <-chan sideOp) (int64, error)) error {
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
	if x.rows, err = apply(tx, x.ops); err != nil {
		return err
	}
	return tx.Commit()
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

// applyIndex writes the search entries of ops, then merges the index. It
// returns how many entries the index holds.
func applyIndex(tx *sql.Tx, ops <-chan sideOp) (int64, error) {
	stmts, err := prepare(tx,
		"DELETE FROM contacts_fts WHERE rowid IN (SELECT value FROM json_each(?))",
		insertDocs)
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
	for op := range ops {
		if op.del != "" {
			if err := apply(stmts[0], -1, op.del); err != nil {
				return 0, err
			}
		}
		if op.docs.docs != "" {
			if err := apply(stmts[1], 1, op.docs.docs, op.docs.first); err != nil {
				return 0, err
			}
		}
	}
	_, err = tx.Exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')")
	return rows, err
}

// send hands op's search entries to the index's writer.
func (x *sideIndex) send(op sideOp) {
	x.index.ops <- op
}

// finish waits for the side index to have every entry.
func (x *sideIndex) finish() error {
	close(x.index.ops)
	return <-x.index.done
}

func (x *sideIndex) discard() {
	x.index.discard()
}

func (x *sideDB) discard() {
	x.db.Close()
	os.Remove(x.path)
}

// adopt replaces the book's full-text index with the side index: the
// import began on an empty book, so the side index has every contact the
// import wrote. Contacts someone else indexed while it ran (listed in
// contacts_fts_held) are taken out of the side index first and indexed
// again from the book; those someone removed are taken out. It runs on a
// connection of its own, closed after: the index's tables are written
// directly, so no connection may keep the old index cached, and the others
// see the change as another connection's commit.
func (s *Service) adoptSideIndex(x *sideIndex) error {
	defer x.discard()
	var main string
	if err := s.db.Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Row().Scan(&main); err != nil {
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
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS side", x.index.path); err != nil {
		return fmt.Errorf("attach the import's search index: %w", err)
	}
	defer conn.ExecContext(ctx, "DETACH DATABASE side")
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err := adoptIn(ctx, conn, x.index.rows); err != nil {
		conn.ExecContext(ctx, "ROLLBACK")
		return fmt.Errorf("adopt the import's search index: %w", err)
	}
	// Before the commit, which no other writer can start before: from it
	// on, the book's index holds every contact.
	s.sideImport.Store(false)
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// adoptIn does adoptSideIndex's work inside its transaction; side is how
// many entries the side index holds.
func adoptIn(ctx context.Context, conn *sql.Conn, side int64) error {
	// The contacts others indexed while the import ran, as they are now
	// (contacts_fts_held, kept by the book's writers since the import
	// began on an empty book).
	touched, err := queryIDs(ctx, conn, "SELECT id FROM main.contacts_fts_held")
	if err != nil {
		return err
	}
	list := mustJSON(touched)
	// Whether any contact of the side index has gone from the book (deleted
	// meanwhile, or in a chunk that failed): counting is cheap, looking for
	// them is not.
	var book, touchedInSide int64
	err = conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM main.contacts),
		(SELECT count(*) FROM side.contacts_fts_content WHERE id IN (SELECT value FROM json_each(?)))`, list).Scan(&book, &touchedInSide)
	if err != nil {
		return err
	}
	newInBook := int64(len(touched)) - touchedInSide
	if side > book-newInBook {
		if _, err := conn.ExecContext(ctx, "DELETE FROM side.contacts_fts WHERE rowid NOT IN (SELECT id FROM main.contacts)"); err != nil {
			return err
		}
	}
	for _, stmt := range []string{
		`DELETE FROM side.contacts_fts WHERE rowid IN (SELECT value FROM json_each(?1))`,
		`DELETE FROM main.contacts_fts_data`,
		`DELETE FROM main.contacts_fts_idx`,
		`DELETE FROM main.contacts_fts_held`,
		`INSERT INTO main.contacts_fts_data (id, block) SELECT id, block FROM side.contacts_fts_data`,
		`INSERT INTO main.contacts_fts_idx (segid, term, pgno) SELECT segid, term, pgno FROM side.contacts_fts_idx`,
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
