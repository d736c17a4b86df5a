// Package sqlrun holds what the contact book's packages need to run SQL
// beside GORM: the interface of a transaction or connection, and the
// reading of a column of ids.
package sqlrun

import (
	"context"
	"database/sql"
	"encoding/json"
)

// Runner is a transaction or connection to run statements on.
type Runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// IDs runs a query of one integer column and returns its values.
func IDs(ctx context.Context, r Runner, query string, args ...any) ([]int64, error) {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// IDsIn is the subquery that reads a JSON array of ids (JSON): one short
// statement whatever the number of ids, where a variable each would be
// parsed again on every run and fail past SQLite's limit of 32,766.
const IDsIn = "SELECT value FROM json_each(?)"

// JSON is v as JSON text, for a JSON array argument such as IDsIn's.
func JSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
