package whatsmeow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	// The pure-Go SQLite driver Herald already links registers "sqlite".
	_ "github.com/glebarez/go-sqlite"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	waLog "go.mau.fi/whatsmeow/util/log"

	heraldstore "herald/backend/store"
)

// SessionFile is the linked phone's session in the data folder: whatsmeow's
// device store (keys, contacts' sessions, the LID map, retry buffer) and
// Herald's table of the messages it sent, which maps WhatsApp's message IDs
// back to Herald's. It lives apart from herald.db because whatsmeow owns its
// schema and upgrades it by itself.
const SessionFile = "whatsapp.db"

// sessionDSN names whatsapp.db for the "sqlite" driver. sqlstore refuses to
// start without foreign keys, and this driver takes pragmas only in the
// _pragma form (mattn's _foreign_keys=on would be ignored). Every
// transaction takes the write lock when it begins, so one that reads first
// and writes later waits out busy_timeout instead of failing at once when
// another connection wrote in between.
func sessionDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Set("_txlock", "immediate")
	return heraldstore.FileURI(path, q)
}

// session is whatsapp.db, opened and up to date.
type session struct {
	db        *sql.DB
	container *sqlstore.Container
}

// openSession opens (creating if needed) whatsapp.db in dir and brings
// whatsmeow's schema and Herald's table up to date.
func openSession(ctx context.Context, dir string, log waLog.Logger) (*session, error) {
	path := filepath.Join(dir, SessionFile)
	db, err := sql.Open("sqlite", sessionDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	c := sqlstore.NewWithDB(db, "sqlite", log)
	if err := c.Upgrade(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("upgrade %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("upgrade %s: %w", path, err)
	}
	return &session{db: db, container: c}, nil
}

// device returns the stored device, or a new unpaired one (saved only once
// it pairs).
func (s *session) device(ctx context.Context) (*store.Device, error) {
	dev, err := s.container.GetFirstDevice(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the linked device: %w", err)
	}
	return dev, nil
}

func (s *session) close() error {
	return s.container.Close()
}

// Herald's own table, versioned by SQLite's user_version, which whatsmeow
// leaves alone (it keeps its version in whatsmeow_version).
var migrations = []string{
	// herald_message maps each message Herald sent to the WhatsApp ID it
	// went with. sent_at is when the server acknowledged it (unix ms),
	// NULL while that is not known; receipt is the furthest receipt seen:
	// 0 none, 1 sent, 2 delivered, 3 read.
	`CREATE TABLE herald_message (
		herald_id TEXT PRIMARY KEY,
		wa_id     TEXT NOT NULL UNIQUE,
		recipient TEXT NOT NULL,
		sent_at   INTEGER,
		receipt   INTEGER NOT NULL DEFAULT 0
	)`,
}

func migrate(ctx context.Context, db *sql.DB) error {
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read Herald's schema version: %w", err)
	}
	for ; version < len(migrations); version++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("Herald's schema v%d: %w", version+1, err)
		}
		// PRAGMA takes no parameters; version is our own integer.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version+1)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("Herald's schema v%d: %w", version+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("Herald's schema v%d: %w", version+1, err)
		}
	}
	return nil
}

// Receipt levels kept in herald_message.receipt.
const (
	levelNone = iota
	levelSent
	levelDelivered
	levelRead
)

// sentRecord is one row of herald_message.
type sentRecord struct {
	HeraldID, WAID, To string
	// SentAt is zero while the server's acknowledgement is not known.
	SentAt time.Time
	Level  int
}

// remember records that heraldID goes to to as waID, before it is sent, so
// that a receipt or a reply for it maps back even if Herald stops right
// after the send. A row already there is kept.
func (s *session) remember(ctx context.Context, heraldID, waID, to string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO herald_message (herald_id, wa_id, recipient) VALUES (?, ?, ?)
		ON CONFLICT (herald_id) DO NOTHING`, heraldID, waID, to)
	if err != nil {
		return fmt.Errorf("record message %s: %w", heraldID, err)
	}
	return nil
}

// lookup returns the row of heraldID.
func (s *session) lookup(ctx context.Context, heraldID string) (sentRecord, bool, error) {
	return s.scan(s.db.QueryRowContext(ctx, `SELECT herald_id, wa_id, recipient, sent_at, receipt
		FROM herald_message WHERE herald_id = ?`, heraldID))
}

// byWAID returns the row of the WhatsApp message ID waID.
func (s *session) byWAID(ctx context.Context, waID string) (sentRecord, bool, error) {
	return s.scan(s.db.QueryRowContext(ctx, `SELECT herald_id, wa_id, recipient, sent_at, receipt
		FROM herald_message WHERE wa_id = ?`, waID))
}

func (s *session) scan(row *sql.Row) (sentRecord, bool, error) {
	var r sentRecord
	var sentAt sql.NullInt64
	err := row.Scan(&r.HeraldID, &r.WAID, &r.To, &sentAt, &r.Level)
	if errors.Is(err, sql.ErrNoRows) {
		return sentRecord{}, false, nil
	}
	if err != nil {
		return sentRecord{}, false, fmt.Errorf("read sent message: %w", err)
	}
	if sentAt.Valid {
		r.SentAt = time.UnixMilli(sentAt.Int64).UTC()
	}
	return r, true, nil
}

// markSent records the server's acknowledgement of heraldID at at; an
// earlier one is kept.
func (s *session) markSent(ctx context.Context, heraldID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE herald_message SET sent_at = COALESCE(sent_at, ?), receipt = MAX(receipt, ?)
		WHERE herald_id = ?`, at.UnixMilli(), levelSent, heraldID)
	if err != nil {
		return fmt.Errorf("record message %s as sent: %w", heraldID, err)
	}
	return nil
}

// advance raises the message sent as waID to level, and reports its Herald
// ID and whether that is news (a phone reports delivery once per device).
// A receipt proves the server took the message, so a message whose
// acknowledgement was lost counts as sent from then on.
func (s *session) advance(ctx context.Context, waID string, level int, at time.Time) (heraldID string, changed bool, err error) {
	err = s.db.QueryRowContext(ctx, `UPDATE herald_message SET receipt = ?, sent_at = COALESCE(sent_at, ?)
		WHERE wa_id = ? AND receipt < ? RETURNING herald_id`, level, at.UnixMilli(), waID, level).Scan(&heraldID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("record a receipt for %s: %w", waID, err)
	}
	return heraldID, true, nil
}
