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
	// Contacts. phone is E.164 and unique: one number, one contact. tags is
	// the contact's tag names as a JSON array, for showing and searching;
	// contact_tags is the same as rows, for filtering and counting. The FTS
	// index is kept in step by the contacts package (not triggers), so that
	// an import can feed it a batch at a time.
	sqlMigration("contacts",
		`CREATE TABLE contacts (
			id INTEGER PRIMARY KEY,
			phone TEXT NOT NULL UNIQUE,
			name TEXT NOT NULL DEFAULT '',
			email TEXT NOT NULL DEFAULT '',
			company TEXT NOT NULL DEFAULT '',
			notes TEXT NOT NULL DEFAULT '',
			tags TEXT NOT NULL DEFAULT '[]',
			custom_fields TEXT NOT NULL DEFAULT '{}',
			opted_out INTEGER NOT NULL DEFAULT 0,
			opted_out_at DATETIME,
			opted_out_reason TEXT NOT NULL DEFAULT '',
			created_at DATETIME NOT NULL,
			updated_at DATETIME NOT NULL)`,
		`CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE, id)`,
		`CREATE INDEX contacts_opted_out ON contacts (name COLLATE NOCASE, id) WHERE opted_out = 1`,
		`CREATE TABLE tags (
			id INTEGER PRIMARY KEY,
			name TEXT NOT NULL UNIQUE COLLATE NOCASE)`,
		`CREATE TABLE contact_tags (
			tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
			contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
			PRIMARY KEY (tag_id, contact_id)) WITHOUT ROWID`,
		`CREATE INDEX contact_tags_contact ON contact_tags (contact_id)`,
		`CREATE VIRTUAL TABLE contacts_fts USING fts5 (
			name, email, company, tags,
			content = 'contacts', content_rowid = 'id',
			tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE TABLE maintenance (
			task TEXT PRIMARY KEY,
			since DATETIME NOT NULL)`,
		`CREATE TABLE import_mappings (
			signature TEXT PRIMARY KEY,
			mapping TEXT NOT NULL,
			updated_at DATETIME NOT NULL)`,
	),
	// Message templates. media_path is a copy inside the data dir, so the
	// template keeps working when the original file moves.
	sqlMigration("templates",
		`CREATE TABLE templates (
			id INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			body TEXT NOT NULL DEFAULT '',
			category TEXT NOT NULL DEFAULT 'marketing',
			media_path TEXT NOT NULL DEFAULT '',
			media_type TEXT NOT NULL DEFAULT '',
			created_at DATETIME NOT NULL,
			updated_at DATETIME NOT NULL)`,
		`CREATE INDEX templates_name ON templates (name COLLATE NOCASE, id)`,
	),
	// The WhatsApp connection's state changes, newest last, for the timeline
	// on the WhatsApp page; and on each contact the answer of the last
	// "is this number on WhatsApp?" check (NULL: never checked), so that
	// campaigns can skip numbers without an account.
	sqlMigration("whatsapp history and contact checks",
		`CREATE TABLE whatsapp_history (
			id INTEGER PRIMARY KEY,
			state TEXT NOT NULL,
			at DATETIME NOT NULL,
			detail TEXT NOT NULL DEFAULT '')`,
		`ALTER TABLE contacts ADD COLUMN on_whatsapp INTEGER`,
		`ALTER TABLE contacts ADD COLUMN whatsapp_checked_at DATETIME`,
	),
}
