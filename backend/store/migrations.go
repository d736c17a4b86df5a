package store

import "slices"

// allMigrations lists every schema change in order; index i is version
// i+1. The list is fixed when Herald is built and nothing may add to it or
// reorder it at run time; it is kept in two files only for their length.
func allMigrations() []migration {
	return slices.Concat(firstMigrations[:], laterMigrations[:])
}

// firstMigrations are the first schema changes; laterMigrations follow.
var firstMigrations = [...]migration{
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
	// Campaigns and their recipients, the durable send queue. A recipient's
	// message_id is chosen before the send and kept across retries, so a
	// send interrupted by a crash is repeated with the same ID and the
	// driver takes it once. A recurring campaign starts a child campaign
	// (parent_id) for each run, so every run has its own recipients.
	sqlMigration("campaigns",
		`CREATE TABLE campaigns (
			id INTEGER PRIMARY KEY,
			parent_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
			name TEXT NOT NULL,
			template_id INTEGER NOT NULL,
			template_body TEXT NOT NULL DEFAULT '',
			media_path TEXT NOT NULL DEFAULT '',
			media_type TEXT NOT NULL DEFAULT '',
			audience TEXT NOT NULL DEFAULT '{}',
			pace TEXT NOT NULL DEFAULT '{}',
			schedule TEXT NOT NULL DEFAULT '{}',
			state TEXT NOT NULL,
			message_key TEXT NOT NULL,
			next_run_at DATETIME,
			excluded_opted_out INTEGER NOT NULL DEFAULT 0,
			excluded_not_on_whatsapp INTEGER NOT NULL DEFAULT 0,
			note TEXT NOT NULL DEFAULT '',
			created_at DATETIME NOT NULL,
			updated_at DATETIME NOT NULL,
			started_at DATETIME,
			finished_at DATETIME)`,
		`CREATE INDEX campaigns_state ON campaigns (state, next_run_at)`,
		`CREATE INDEX campaigns_parent ON campaigns (parent_id)`,
		`CREATE TABLE campaign_recipients (
			id INTEGER PRIMARY KEY,
			campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
			contact_id INTEGER NOT NULL,
			phone TEXT NOT NULL,
			name TEXT NOT NULL DEFAULT '',
			state TEXT NOT NULL DEFAULT 'queued',
			message_id TEXT,
			error TEXT NOT NULL DEFAULT '',
			attempts INTEGER NOT NULL DEFAULT 0,
			next_attempt_at DATETIME,
			sent_at DATETIME,
			delivered_at DATETIME,
			read_at DATETIME,
			replied_at DATETIME,
			reply TEXT NOT NULL DEFAULT '',
			UNIQUE (campaign_id, contact_id))`,
		`CREATE INDEX campaign_recipients_state ON campaign_recipients (campaign_id, state)`,
		`CREATE UNIQUE INDEX campaign_recipients_message ON campaign_recipients (message_id) WHERE message_id IS NOT NULL`,
		`CREATE INDEX campaign_recipients_phone ON campaign_recipients (phone)`,
		`CREATE INDEX campaign_recipients_sent ON campaign_recipients (sent_at, delivered_at, read_at) WHERE sent_at IS NOT NULL`,
		`CREATE INDEX campaign_recipients_replied ON campaign_recipients (campaign_id) WHERE replied_at IS NOT NULL`,
	),
	// Contacts list and search at a million contacts. The full-text index
	// reads one document per contact from the view contacts_search, built by
	// the function herald_search_doc that the contacts package registers
	// (letters and digits split apart, one token per tag: see
	// contacts/internal/search/doc.go); prefix indexes of one and two characters
	// answer short prefixes ("9*", "ab*") without merging thousands of
	// terms. Tag links carry their contact's name, so that the contacts of a
	// tag can be paged by name along one index. The contacts package fills
	// the new index when it sees the "rebuild contact indexes" task, which
	// is how it also finishes an interrupted bulk import.
	sqlMigration("contacts search v2",
		`DROP TABLE contacts_fts`,
		`CREATE VIEW contacts_search AS SELECT id, herald_search_doc(name, email, company, tags,
			(SELECT group_concat(ct.tag_id, ' ') FROM contact_tags ct WHERE ct.contact_id = contacts.id)) AS doc
			FROM contacts`,
		`CREATE VIRTUAL TABLE contacts_fts USING fts5 (
			doc,
			content = 'contacts_search', content_rowid = 'id',
			tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')`,
		`ALTER TABLE contact_tags ADD COLUMN name TEXT NOT NULL DEFAULT ''`,
		`UPDATE contact_tags SET name = (SELECT c.name FROM contacts c WHERE c.id = contact_tags.contact_id)`,
		`CREATE INDEX contact_tags_name ON contact_tags (tag_id, name COLLATE NOCASE, contact_id)`,
		`INSERT OR REPLACE INTO maintenance (task, since) VALUES ('rebuild contact indexes', CURRENT_TIMESTAMP)`,
	),
	// Tag links keyed in the order a tag's contacts are listed: (tag, name,
	// contact). One b-tree instead of three (the key (tag, contact), an
	// index on contact and one on (tag, name)), which an import fills in
	// key order, each link at its end, instead of sorting 2M links into two
	// more indexes (BENCHMARKS.md). A contact's links are found from its
	// own name and tag list, which it always has at hand, so no index on
	// contact_id is needed, and the foreign key that would scan for one is
	// gone: the contacts package removes a contact's links itself. The
	// search documents' tag tokens are made from tag names instead of ids
	// (FTS5 reads the view of documents with json_each forbidden), so the
	// index is rebuilt, without its prefix index of one character: a
	// search never asks for a one-character prefix (contacts.ftsQuery), and
	// it cost a fifth of the time an import spends indexing. Each tag's
	// contacts are also a bitmap, for counting (contacts/internal/tagset), made
	// by the same rebuild.
	sqlMigration("contact tag links in name order",
		`DROP VIEW contacts_search`,
		`CREATE TABLE contact_tags_v8 (
			tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
			name TEXT NOT NULL COLLATE NOCASE,
			contact_id INTEGER NOT NULL,
			PRIMARY KEY (tag_id, name, contact_id)) WITHOUT ROWID`,
		`CREATE TABLE tag_members (
			tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
			chunk INTEGER NOT NULL,
			bits BLOB NOT NULL,
			PRIMARY KEY (tag_id, chunk)) WITHOUT ROWID`,
		`INSERT INTO contact_tags_v8 (tag_id, name, contact_id)
			SELECT tag_id, name, contact_id FROM contact_tags ORDER BY tag_id, name COLLATE NOCASE, contact_id`,
		`DROP TABLE contact_tags`,
		`ALTER TABLE contact_tags_v8 RENAME TO contact_tags`,
		`CREATE VIEW contacts_search AS SELECT id, herald_search_doc(name, email, company, tags) AS doc FROM contacts`,
		`DROP TABLE contacts_fts`,
		`CREATE VIRTUAL TABLE contacts_fts USING fts5 (
			doc,
			content = 'contacts_search', content_rowid = 'id',
			tokenize = 'unicode61 remove_diacritics 2', prefix = '2')`,
		`INSERT OR REPLACE INTO maintenance (task, since) VALUES ('rebuild contact indexes', CURRENT_TIMESTAMP)`,
	),
	// The orders a list is shown in (by name, by phone), cut into buckets
	// of a few thousand contacts: the first key of each and the ids in it.
	// A deep page of a filter counts its matches bucket by bucket and walks
	// only the bucket its offset falls in, instead of the index from the
	// start (contacts/internal/order). The contacts package fills the
	// table and keeps it in step with triggers of its own, which also count
	// every change in contact_order_version, so that a reader can keep the
	// buckets in memory until they change.
	sqlMigration("contact order buckets",
		`CREATE TABLE contact_order (
			id INTEGER PRIMARY KEY,
			sort INTEGER NOT NULL,
			first_key TEXT NOT NULL COLLATE NOCASE,
			first_id INTEGER NOT NULL,
			ids BLOB)`,
		`CREATE UNIQUE INDEX contact_order_key ON contact_order (sort, first_key, first_id)`,
		`CREATE TABLE contact_order_version (v INTEGER NOT NULL)`,
		`INSERT INTO contact_order_version (v) VALUES (0)`,
	),
	// Tag links are gone: which contacts carry a tag is its bits in
	// tag_members (tagbits.go), which the contacts package already kept in
	// step with the links. An import no longer writes 2M links in a third
	// b-tree, and a tag's contacts are paged by name from the buckets of
	// the name order (migration 9).
	sqlMigration("tags as bits only",
		`DROP TABLE contact_tags`,
	),
	// The search documents lose their token per tag (contacts/internal/search/doc.go):
	// tag filters read the tags' bits since migration 10. The index is
	// rebuilt from the new documents at the next start.
	sqlMigration("search documents without tag tokens",
		`INSERT OR REPLACE INTO maintenance (task, since) VALUES ('rebuild contact indexes', CURRENT_TIMESTAMP)`,
	),
	// The search index keeps no size of each document (columnsize=0): the
	// sizes serve only ranking, which Herald never asks for (it lists by
	// name, phone or date), and writing them was a fifth of the work of
	// indexing an import. The index is rebuilt at the next start. The sizes
	// also told which contacts the index held, which matters while an
	// import builds its entries beside the book (contacts/internal/search/importindex.go):
	// contacts_fts_held lists, then, the contacts others put in the book's
	// index, the only ones it holds.
	sqlMigration("search index without document sizes",
		`CREATE TABLE contacts_fts_held (id INTEGER PRIMARY KEY)`,
		`DROP TABLE contacts_fts`,
		`CREATE VIRTUAL TABLE contacts_fts USING fts5 (
			doc,
			content = 'contacts_search', content_rowid = 'id',
			tokenize = 'unicode61 remove_diacritics 2', prefix = '2', columnsize = 0)`,
		`INSERT OR REPLACE INTO maintenance (task, since) VALUES ('rebuild contact indexes', CURRENT_TIMESTAMP)`,
	),
	// An import in progress, so that one cut short by a crash or kill -9 is
	// told in the activity log at the next start. rows counts the rows
	// whose outcome is committed, updated in the transaction of each chunk.
	sqlMigration("imports in progress",
		`CREATE TABLE import_runs (
			id INTEGER PRIMARY KEY,
			file TEXT NOT NULL,
			started_at DATETIME NOT NULL,
			rows INTEGER NOT NULL DEFAULT 0)`,
	),
	// What an activity entry concerns (a campaign, a contact, a template,
	// an import's problems report), so the page can link to it. Older
	// entries that kept it in their detail get it from there.
	sqlMigration("activity references",
		`ALTER TABLE activity ADD COLUMN ref_kind TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE activity ADD COLUMN ref_id INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE activity ADD COLUMN ref_path TEXT NOT NULL DEFAULT ''`,
		`UPDATE activity SET ref_kind = 'import', ref_path = json_extract(detail, '$.report')
			WHERE kind = 'contacts' AND action = 'imported' AND json_valid(detail) AND json_extract(detail, '$.report') <> ''`,
		`UPDATE activity SET ref_kind = 'campaign', ref_id = json_extract(detail, '$.campaignId')
			WHERE kind = 'campaigns' AND action = 'replied' AND json_valid(detail) AND json_extract(detail, '$.campaignId') > 0`,
	),
	// The Activity page counts the connection steps it hides by their kind
	// and action: from this index rather than from every row.
	sqlMigration("activity by kind and action",
		`CREATE INDEX activity_kind_action ON activity (kind, action)`,
	),
	// An import can be undone for a while after it (contacts/undo.go): its
	// run stays, with when it ended and was undone and what it did, beside
	// the ids of the contacts it created (as ranges, one row for a
	// batch's run of consecutive ids) and what each contact it changed
	// held before. A run with no ended_at is one a crash cut short. Run ids
	// are never reused (AUTOINCREMENT): an undo or an activity entry names
	// a run by its id, which must not come to mean a later import.
	sqlMigration("imports that can be undone",
		`CREATE TABLE import_runs_undoable (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			file TEXT NOT NULL,
			started_at DATETIME NOT NULL,
			rows INTEGER NOT NULL DEFAULT 0,
			ended_at DATETIME,
			undone_at DATETIME,
			created INTEGER NOT NULL DEFAULT 0,
			updated INTEGER NOT NULL DEFAULT 0)`,
		`INSERT INTO import_runs_undoable (id, file, started_at, rows) SELECT id, file, started_at, rows FROM import_runs`,
		`DROP TABLE import_runs`,
		`ALTER TABLE import_runs_undoable RENAME TO import_runs`,
		`CREATE TABLE import_created (
			run INTEGER NOT NULL,
			lo INTEGER NOT NULL,
			hi INTEGER NOT NULL,
			PRIMARY KEY (run, lo)) WITHOUT ROWID`,
		`CREATE TABLE import_updated (
			run INTEGER NOT NULL,
			contact INTEGER NOT NULL,
			before TEXT NOT NULL,
			PRIMARY KEY (run, contact)) WITHOUT ROWID`,
	),
}
