package store

import (
	"context"
	"database/sql"
	"fmt"
)

// writeFirst is the connection pool gorm works through: every transaction
// it begins takes the write lock at once, as BEGIN IMMEDIATE does. The
// driver ignores its _txlock parameter whenever _time_format is given too,
// so without this every transaction began deferred, and one that read
// before it wrote failed with SQLITE_BUSY at once, without waiting out
// busy_timeout, whenever another connection had written in between: an
// import beside a sending campaign failed that way.
type writeFirst struct{ *sql.DB }

// takeWriteLock writes nothing, but as a write it takes the write lock,
// waiting out busy_timeout for it like any first statement of a
// transaction.
const takeWriteLock = "DELETE FROM schema_migrations WHERE 0"

// BeginTx begins a transaction that holds the write lock, unless opts asks
// for a read-only one.
func (p writeFirst) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil || (opts != nil && opts.ReadOnly) {
		return tx, err
	}
	if _, err := tx.ExecContext(ctx, takeWriteLock); err != nil {
		_ = tx.Rollback()
		return nil, fmt.Errorf("begin a transaction: %w", err)
	}
	return tx, nil
}

// GetDBConn is the pool's database, for gorm's DB().
func (p writeFirst) GetDBConn() (*sql.DB, error) { return p.DB, nil }
