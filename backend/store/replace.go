package store

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// replacedAlias is the name the database whose rows replace the live ones
// is attached under.
const replacedAlias = "herald_replacement"

// Replace puts the rows of the database at src, at the same schema version
// as db, in place of every row of db, and runs within in the same
// transaction before it commits. It is all or nothing: SQLite's journal
// makes a process killed at any point leave db as it was before or as src
// made it, never a mix, and the schema (tables, indexes, triggers) stays
// db's own. Every ordinary table is copied, the full-text index's shadow
// tables and sqlite_sequence included; the triggers are dropped for the
// copy, so that they neither fire on rows that are already complete nor
// slow it, and created again before the commit. Foreign keys are checked
// at the commit, once every table holds its new rows.
func Replace(db *gorm.DB, src string, within func(tx *gorm.DB) error) error {
	return db.Connection(func(conn *gorm.DB) (err error) {
		// ATTACH is refused inside a transaction: the connection attaches
		// first, and detaches whatever happens.
		if err := conn.Exec("ATTACH DATABASE ? AS "+replacedAlias, src).Error; err != nil {
			return fmt.Errorf("open the database to restore: %w", err)
		}
		defer func() {
			if derr := conn.Exec("DETACH DATABASE " + replacedAlias).Error; derr != nil {
				err = errors.Join(err, fmt.Errorf("close the restored database: %w", derr))
			}
		}()
		if err := sameSchema(conn); err != nil {
			return err
		}
		return conn.Transaction(func(tx *gorm.DB) error {
			if err := replaceRows(tx); err != nil {
				return err
			}
			if within == nil {
				return nil
			}
			// A fresh session on the transaction: what within builds
			// starts from no statement of the copy's.
			return within(tx.Session(&gorm.Session{NewDB: true}))
		})
	})
}

// sameSchema refuses a database at another schema version than the live
// one: its rows would not fit the live tables.
func sameSchema(conn *gorm.DB) error {
	var live, other int
	if err := conn.Raw("SELECT COALESCE(MAX(version), 0) FROM main.schema_migrations").Scan(&live).Error; err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if err := conn.Raw("SELECT COALESCE(MAX(version), 0) FROM " + replacedAlias + ".schema_migrations").Scan(&other).Error; err != nil {
		return fmt.Errorf("read the restored database's schema version: %w", err)
	}
	if live != other {
		return fmt.Errorf("the restored database is at schema %d, this database at %d", other, live)
	}
	return nil
}

type schemaObject struct {
	Name string
	SQL  string
}

// replaceRows empties every table of main and fills it from the attached
// database, with the triggers down meanwhile.
func replaceRows(tx *gorm.DB) error {
	// The transaction is begun on a connection of its own, not through the
	// pool's writeFirst: it takes the write lock itself, before it reads.
	if err := tx.Exec(takeWriteLock).Error; err != nil {
		return fmt.Errorf("wait for the other writers: %w", err)
	}
	if err := tx.Exec("PRAGMA defer_foreign_keys = ON").Error; err != nil {
		return fmt.Errorf("defer foreign keys: %w", err)
	}
	var triggers []schemaObject
	if err := tx.Raw("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name").Scan(&triggers).Error; err != nil {
		return fmt.Errorf("read the triggers: %w", err)
	}
	for _, t := range triggers {
		if err := tx.Exec(`DROP TRIGGER main."` + quoteIdent(t.Name) + `"`).Error; err != nil {
			return fmt.Errorf("drop trigger %s: %w", t.Name, err)
		}
	}
	tables, err := ordinaryTables(tx)
	if err != nil {
		return err
	}
	// Every table is emptied before any is filled, so that a cascade of
	// one table's delete never reaches rows already copied into another.
	for _, t := range tables {
		if err := tx.Exec(`DELETE FROM main."` + quoteIdent(t) + `"`).Error; err != nil {
			return fmt.Errorf("empty %s: %w", t, err)
		}
	}
	for _, t := range tables {
		if err := copyTable(tx, t); err != nil {
			return err
		}
	}
	for _, t := range triggers {
		if err := tx.Exec(t.SQL).Error; err != nil {
			return fmt.Errorf("create trigger %s again: %w", t.Name, err)
		}
	}
	return nil
}

// ordinaryTables are main's tables that hold rows of their own: not the
// virtual tables (whose rows are their shadow tables') nor SQLite's
// internals, but sqlite_sequence, which says where AUTOINCREMENT goes on.
func ordinaryTables(tx *gorm.DB) ([]string, error) {
	var tables []string
	err := tx.Raw(`SELECT name FROM main.sqlite_master WHERE type = 'table'
		AND (name NOT LIKE 'sqlite\_%' ESCAPE '\' OR name = 'sqlite_sequence')
		AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`).Scan(&tables).Error
	if err != nil {
		return nil, fmt.Errorf("read the tables: %w", err)
	}
	return tables, nil
}

// copyTable fills main's table from the attached database's table of the
// same name, column by column.
func copyTable(tx *gorm.DB, table string) error {
	var cols []string
	if err := tx.Raw(`SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid`, table).Scan(&cols).Error; err != nil {
		return fmt.Errorf("read the columns of %s: %w", table, err)
	}
	var present int
	if err := tx.Raw("SELECT count(*) FROM "+replacedAlias+".sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&present).Error; err != nil {
		return fmt.Errorf("look for %s in the restored database: %w", table, err)
	}
	if present == 0 {
		// sqlite_sequence appears with the first AUTOINCREMENT row; a
		// database that never had one has none, and nothing to copy.
		if table == "sqlite_sequence" {
			return nil
		}
		return fmt.Errorf("the restored database has no table %s", table)
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + quoteIdent(c) + `"`
	}
	list := strings.Join(quoted, ", ")
	q := `INSERT INTO main."` + quoteIdent(table) + `" (` + list + `) SELECT ` + list +
		` FROM ` + replacedAlias + `."` + quoteIdent(table) + `"`
	if err := tx.Exec(q).Error; err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

// quoteIdent doubles the double quotes of an SQL identifier, for use
// between double quotes.
func quoteIdent(name string) string {
	return strings.ReplaceAll(name, `"`, `""`)
}
