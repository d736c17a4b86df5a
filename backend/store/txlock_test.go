package store

import (
	"database/sql"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// A transaction holds the write lock from its start: another connection's
// write waits for it (here: gives up after a short busy_timeout), and the
// transaction's own write after a read never meets SQLITE_BUSY.
func TestTransactionsHoldTheWriteLockFromTheStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	if err := db.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)").Error; err != nil {
		t.Fatal(err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(50)")
	other, err := sql.Open("sqlite", FileURI(path, q))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	tx := db.Begin()
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	var n int64
	if err := tx.Raw("SELECT count(*) FROM notes").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	_, err = other.Exec("INSERT INTO notes (body) VALUES ('from elsewhere')")
	if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
		t.Fatalf("another connection wrote during the transaction (%v)", err)
	}
	if err := tx.Exec("INSERT INTO notes (body) VALUES ('mine')").Error; err != nil {
		t.Fatalf("the transaction's write after its read: %v", err)
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("INSERT INTO notes (body) VALUES ('after')"); err != nil {
		t.Fatalf("a write after the commit: %v", err)
	}
	// A read-only transaction takes no write lock.
	ro := db.Begin(&sql.TxOptions{ReadOnly: true})
	if ro.Error != nil {
		t.Fatal(ro.Error)
	}
	if _, err := other.Exec("INSERT INTO notes (body) VALUES ('beside a reader')"); err != nil {
		t.Fatalf("a write beside a read-only transaction: %v", err)
	}
	ro.Rollback()
}
