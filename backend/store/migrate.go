package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// A migration moves the schema from version N-1 to N. Migrations are never
// edited once released: users keep their database file for years, so a
// change is always a new migration appended to the list.
type migration struct {
	name string
	up   func(tx *gorm.DB) error
}

func sqlMigration(name string, statements ...string) migration {
	return migration{name: name, up: func(tx *gorm.DB) error {
		for _, s := range statements {
			if err := tx.Exec(s).Error; err != nil {
				return err
			}
		}
		return nil
	}}
}

// SchemaVersion reports the version the database at db has been migrated to.
func SchemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v).Error
	return v, err
}

// LatestVersion is the schema version this build of Herald migrates to.
func LatestVersion() int { return len(allMigrations()) }

func migrate(db *gorm.DB, target int) error {
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at DATETIME NOT NULL)`).Error; err != nil {
		return err
	}
	current, err := SchemaVersion(db)
	if err != nil {
		return err
	}
	if current > len(allMigrations()) {
		return fmt.Errorf("the database was written by a newer Herald (schema %d, this build knows %d): update Herald", current, len(allMigrations()))
	}
	for v := current + 1; v <= target; v++ {
		m := allMigrations()[v-1]
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				v, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", v, m.name, err)
		}
	}
	return nil
}
