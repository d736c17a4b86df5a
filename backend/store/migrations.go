package store

// migrations lists every schema change in order; index i is version i+1.
var migrations = []migration{
	sqlMigration("activity and settings",
		`CREATE TABLE activity (
			id INTEGER PRIMARY KEY,
			at DATETIME NOT NULL,
			kind TEXT NOT NULL,
			action TEXT NOT NULL,
			summary TEXT NOT NULL)`,
		`CREATE INDEX activity_kind ON activity (kind, id)`,
		`CREATE TABLE settings (
			key TEXT PRIMARY KEY,
			value TEXT NOT NULL,
			updated_at DATETIME NOT NULL)`,
	),
	// Entries can carry structured detail (counts, ids) for later reports;
	// older rows simply have none.
	sqlMigration("activity detail",
		`ALTER TABLE activity ADD COLUMN detail TEXT NOT NULL DEFAULT ''`,
	),
}
