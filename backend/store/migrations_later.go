package store

// laterMigrations continue firstMigrations (migrations.go), in order.
var laterMigrations = [...]migration{
	// The inbox (backend/inbox): one conversation per number that wrote,
	// keeping its last message so that the list reads one row each, and
	// the messages received and answered in it. message_id is the driver's
	// ID of an incoming message, Herald's of an answer: an event seen twice
	// is stored once. Campaign messages stay in campaign_recipients. The
	// full-text index of message text is kept in step by triggers: messages
	// come one at a time and their text never changes.
	sqlMigration("inbox",
		`CREATE TABLE inbox_conversations (
			id INTEGER PRIMARY KEY,
			phone TEXT NOT NULL UNIQUE,
			last_at DATETIME NOT NULL,
			last_text TEXT NOT NULL DEFAULT '',
			last_from_them INTEGER NOT NULL DEFAULT 0,
			unread INTEGER NOT NULL DEFAULT 0)`,
		`CREATE INDEX inbox_conversations_last ON inbox_conversations (last_at, id)`,
		`CREATE INDEX inbox_conversations_unread ON inbox_conversations (last_at, id) WHERE unread > 0`,
		`CREATE INDEX inbox_conversations_waiting ON inbox_conversations (last_at, id) WHERE last_from_them = 1`,
		`CREATE TABLE inbox_messages (
			id INTEGER PRIMARY KEY,
			conversation_id INTEGER NOT NULL REFERENCES inbox_conversations (id) ON DELETE CASCADE,
			direction TEXT NOT NULL,
			text TEXT NOT NULL,
			at DATETIME NOT NULL,
			message_id TEXT NOT NULL UNIQUE,
			state TEXT NOT NULL DEFAULT '',
			error TEXT NOT NULL DEFAULT '',
			campaign_id INTEGER)`,
		`CREATE INDEX inbox_messages_conversation ON inbox_messages (conversation_id, at, id)`,
		`CREATE INDEX inbox_messages_campaign ON inbox_messages (campaign_id, conversation_id) WHERE campaign_id IS NOT NULL`,
		`CREATE INDEX inbox_messages_sending ON inbox_messages (id) WHERE state = 'sending'`,
		`CREATE VIRTUAL TABLE inbox_fts USING fts5 (
			text,
			content = 'inbox_messages', content_rowid = 'id',
			tokenize = 'unicode61 remove_diacritics 2', columnsize = 0)`,
		`CREATE TRIGGER inbox_messages_fts_insert AFTER INSERT ON inbox_messages BEGIN
			INSERT INTO inbox_fts (rowid, text) VALUES (new.id, new.text);
		END`,
		`CREATE TRIGGER inbox_messages_fts_delete AFTER DELETE ON inbox_messages BEGIN
			INSERT INTO inbox_fts (inbox_fts, rowid, text) VALUES ('delete', old.id, old.text);
		END`,
	),
	// A contact's numbers beside its WhatsApp number, as a JSON array of
	// {label, number}: an import keeps every number a file has.
	sqlMigration("contacts' other numbers",
		`ALTER TABLE contacts ADD COLUMN other_phones TEXT NOT NULL DEFAULT '[]'`,
	),
	// The triggers that keep the list orders' buckets (migration 9) in step
	// with every insert, delete and change of name or number, each counted
	// in contact_order_version (contacts/internal/order, which drops them
	// for an import and creates the same again after it). A book from
	// before this migration has them already, made when it started: hence
	// IF NOT EXISTS. One an import left without them keeps its mark in
	// maintenance, whose repair cuts the orders again at the next start.
	// The functions they call are the contacts package's
	// (contacts.SQLFunctions).
	sqlMigration("list order triggers",
		`CREATE TRIGGER IF NOT EXISTS contacts_order_insert AFTER INSERT ON contacts BEGIN
			UPDATE contact_order SET ids = herald_ids_add(ids, NEW.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 0 AND first_key <= NEW.name
					AND (first_key, first_id) <= (NEW.name, NEW.id) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 0 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order SET ids = herald_ids_add(ids, NEW.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 1 AND first_key <= NEW.phone
					AND (first_key, first_id) <= (NEW.phone, 0) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 1 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order_version SET v = v + 1;
		END`,
		`CREATE TRIGGER IF NOT EXISTS contacts_order_delete AFTER DELETE ON contacts BEGIN
			UPDATE contact_order SET ids = herald_ids_remove(ids, OLD.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 0 AND first_key <= OLD.name
					AND (first_key, first_id) <= (OLD.name, OLD.id) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 0 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order SET ids = herald_ids_remove(ids, OLD.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 1 AND first_key <= OLD.phone
					AND (first_key, first_id) <= (OLD.phone, 0) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 1 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order_version SET v = v + 1;
		END`,
		`CREATE TRIGGER IF NOT EXISTS contacts_order_name AFTER UPDATE OF name ON contacts WHEN OLD.name IS NOT NEW.name BEGIN
			UPDATE contact_order SET ids = herald_ids_remove(ids, OLD.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 0 AND first_key <= OLD.name
					AND (first_key, first_id) <= (OLD.name, OLD.id) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 0 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order SET ids = herald_ids_add(ids, NEW.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 0 AND first_key <= NEW.name
					AND (first_key, first_id) <= (NEW.name, NEW.id) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 0 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order_version SET v = v + 1;
		END`,
		`CREATE TRIGGER IF NOT EXISTS contacts_order_phone AFTER UPDATE OF phone ON contacts WHEN OLD.phone IS NOT NEW.phone BEGIN
			UPDATE contact_order SET ids = herald_ids_remove(ids, OLD.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 1 AND first_key <= OLD.phone
					AND (first_key, first_id) <= (OLD.phone, 0) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 1 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order SET ids = herald_ids_add(ids, NEW.id) WHERE id = COALESCE((SELECT id FROM contact_order WHERE sort = 1 AND first_key <= NEW.phone
					AND (first_key, first_id) <= (NEW.phone, 0) ORDER BY first_key DESC, first_id DESC LIMIT 1),
				(SELECT id FROM contact_order WHERE sort = 1 ORDER BY first_key, first_id LIMIT 1));
			UPDATE contact_order_version SET v = v + 1;
		END`,
	),
	// A search of the inbox asks which conversations hold a word, newest
	// first. The index says it without reading a message: a document's
	// rowid is its message's id shifted left by 24 bits plus its
	// conversation's id (conversations are numbers that wrote to one
	// business: far fewer than 2^24), so rowids run in the order messages
	// came and name their conversation. The index keeps no copy of the text
	// (contentless); the inbox writes it with each message
	// (backend/inbox/record.go). A contentless index cannot forget a
	// document: one of a deleted conversation stays and names an id no
	// conversation has.
	sqlMigration("inbox search by conversation",
		`DROP TRIGGER inbox_messages_fts_insert`,
		`DROP TRIGGER inbox_messages_fts_delete`,
		`DROP TABLE inbox_fts`,
		`CREATE VIRTUAL TABLE inbox_fts USING fts5 (
			text,
			content = '',
			tokenize = 'unicode61 remove_diacritics 2', columnsize = 0)`,
		`INSERT INTO inbox_fts (rowid, text) SELECT (id << 24) | conversation_id, text FROM inbox_messages`,
	),
	// The inbox's opted-out filter reads the numbers of every contact who
	// opted out; this index holds them, so the read touches no contact row.
	sqlMigration("numbers of contacts who opted out",
		`CREATE INDEX contacts_opted_out_phone ON contacts (phone) WHERE opted_out = 1`,
	),
	// The inbox's filters by number (contacts who opted out) look up each
	// number's conversation; with its place in the list in the index, the
	// page is chosen without reading the conversations off it.
	sqlMigration("inbox conversations by number and time",
		`CREATE INDEX inbox_conversations_phone_last ON inbox_conversations (phone, last_at)`,
	),
	// Templates of a second kind, quick replies: short answers the inbox's
	// reply box inserts. An answer sent to the user's own number as a test
	// of a message is marked, and an incoming message keeps the reply
	// keyword it matched and whether it tagged its contact, for the
	// campaign report's count per keyword.
	sqlMigration("quick replies, test sends and reply keywords",
		`ALTER TABLE templates ADD COLUMN kind TEXT NOT NULL DEFAULT 'message'`,
		`ALTER TABLE inbox_messages ADD COLUMN test INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE inbox_messages ADD COLUMN keyword TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE inbox_messages ADD COLUMN tagged INTEGER NOT NULL DEFAULT 0`,
		`CREATE INDEX inbox_messages_keyword ON inbox_messages (campaign_id, keyword, conversation_id) WHERE keyword <> ''`,
	),
	// Email notices: their settings (the password here only where no
	// keychain answers) with how far the notices have read the activity
	// log, starting at its end so that a new installation mails nothing of
	// its past; and the outbox, one row per notice, keyed on the event it
	// tells of so that none is queued twice.
	sqlMigration("email notices",
		`CREATE TABLE notice_config (
			id INTEGER PRIMARY KEY CHECK (id = 1),
			config TEXT NOT NULL DEFAULT '{}',
			password TEXT NOT NULL DEFAULT '',
			activity_cursor INTEGER NOT NULL DEFAULT 0,
			updated_at DATETIME NOT NULL)`,
		`INSERT INTO notice_config (id, activity_cursor, updated_at)
			SELECT 1, COALESCE(MAX(id), 0), datetime('now') FROM activity`,
		`CREATE TABLE notice_outbox (
			id INTEGER PRIMARY KEY,
			key TEXT NOT NULL UNIQUE,
			kind TEXT NOT NULL,
			subject TEXT NOT NULL,
			body TEXT NOT NULL,
			message_id TEXT NOT NULL,
			state TEXT NOT NULL,
			due_at DATETIME NOT NULL,
			attempts INTEGER NOT NULL DEFAULT 0,
			last_error TEXT NOT NULL DEFAULT '',
			campaign_id INTEGER NOT NULL DEFAULT 0,
			activity_id INTEGER NOT NULL DEFAULT 0,
			created_at DATETIME NOT NULL,
			sent_at DATETIME)`,
		`CREATE INDEX notice_outbox_due ON notice_outbox (state, due_at)`,
	),
	// A follow-up campaign's audience is the recipients of another campaign
	// in one state of its results, taken when the campaign is saved so that
	// receipts arriving later do not change it (campaigns/followup.go). The
	// frequency cap asks which numbers got a message since a time, from
	// campaigns other than one: the index answers without reading a row.
	sqlMigration("follow-up audiences and recent sends",
		`CREATE TABLE campaign_audience_members (
			campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
			contact_id INTEGER NOT NULL,
			PRIMARY KEY (campaign_id, contact_id)
		) WITHOUT ROWID`,
		`CREATE INDEX campaign_recipients_sent_phone ON campaign_recipients (sent_at, campaign_id, phone) WHERE sent_at IS NOT NULL`,
	),
}
