// Package bulk decides how an import writes, from the size of its file and
// of the book, and holds the DDL of what a bulk import takes down.
//
// A bulk import drops the indexes a row-by-row insert would have to keep
// in step and builds them once at the end: for a big file into a small
// book that is several times faster (SQLITE-NOTES.md). An import into a
// much bigger book keeps the indexes but drops the list orders' triggers
// and rebuilds the orders at the end, when that costs less than the
// triggers would.
package bulk

import (
	"gorm.io/gorm"

	"herald/backend/contacts/internal/maintenance"
	"herald/backend/contacts/internal/order"
)

const (
	// MinRows is the smallest import worth the drop-and-rebuild.
	MinRows = 20000
	// bytesPerRowGuess turns a file size into a row estimate without
	// reading the file twice; contact rows run 60 to 150 bytes.
	bytesPerRowGuess = 100
	// RebuildMinRows is the smallest write for which rebuilding the list
	// orders after may beat their triggers.
	RebuildMinRows = 5000
	// rebuildRatio is how many contacts of the book a rebuild costs what
	// one row through the triggers does.
	rebuildRatio = 50
)

// Plan is how an import writes: in bulk (indexes rebuilt at the end) when
// the file is big and at least as big as the book; otherwise, without the
// list orders' triggers (orders rebuilt at the end) when
// RebuildBeatsTriggers. Empty says the book had no contact when it was
// counted (a bulk import then inserts before it looks numbers up).
type Plan struct {
	Bulk, WithoutTriggers, Empty bool
	// Rows is the file's rows, guessed from its size.
	Rows int64
}

// For plans the import of a file of fileSize bytes into a book of
// existing contacts.
func For(fileSize, existing int64) Plan {
	rows := fileSize / bytesPerRowGuess
	bulk := rows >= MinRows && rows >= existing
	return Plan{Bulk: bulk, WithoutTriggers: !bulk && RebuildBeatsTriggers(rows, existing), Empty: existing == 0, Rows: rows}
}

// RebuildBeatsTriggers tells whether writing rows contacts into (or out
// of) a book of existing ones costs less with the list orders rebuilt
// after than kept in step by their triggers: the triggers cost about
// rebuildRatio times as much per row as a rebuild per contact of the book
// (BENCHMARKS.md).
func RebuildBeatsTriggers(rows, existing int64) bool {
	return rows >= RebuildMinRows && rows*rebuildRatio >= existing
}

// indexes are the indexes a bulk import drops and rebuilds.
func indexes() map[string]string {
	return map[string]string{
		"contacts_name": "CREATE INDEX IF NOT EXISTS contacts_name ON contacts (name COLLATE NOCASE, id)",
	}
}

// Down is the DDL that begins a bulk import: its indexes and the list
// orders' triggers go.
func Down() []string {
	var ddl []string
	for name := range indexes() {
		ddl = append(ddl, "DROP INDEX IF EXISTS "+name)
	}
	return append(ddl, order.DropTriggers()...)
}

// BuildIndexes builds the indexes Down dropped, in tx; the list orders are
// the caller's to rebuild (order.Orders.RebuildAll).
func BuildIndexes(tx *gorm.DB) error {
	for _, ddl := range indexes() {
		if err := maintenance.Exec(tx, ddl); err != nil {
			return err
		}
	}
	return nil
}
