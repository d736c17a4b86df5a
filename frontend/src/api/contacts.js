// ContactService: the contact book, its tags, import and export.
import * as Contacts from '../../wailsjs/go/contacts/Service.js';
import * as Campaigns from '../../wailsjs/go/campaigns/Service.js';

/** Whether Herald is still preparing the contacts after an interrupted import (see lib/preparing.js). */
export function contactsPreparing() {
  return Contacts.Preparing();
}

/**
 * One page of contacts and the total matching:
 * query {search, tags: [], optedOut: null|true|false, ids: [], sort: 'name'|'phone'|'createdAt', desc, offset, limit}
 * → {items: [Contact], total}.
 */
export function listContacts(query) {
  return Contacts.List(query);
}

export function getContact(id) {
  return Contacts.Get(id);
}

/** Adds a contact; when its number is already in the book, that contact is updated and returned. */
export function createContact(contact) {
  return Contacts.Create(contact);
}

export function updateContact(contact) {
  return Contacts.Update(contact);
}

/** Deletes the contacts; resolves to how many went. */
export function deleteContacts(ids) {
  return Contacts.Delete(ids);
}

/** Opts the contacts out of (or back into) every campaign; resolves to how many changed. */
export function setOptedOut(ids, optedOut, reason = '') {
  return Contacts.SetOptedOut(ids, optedOut, reason);
}

/** Every tag with its number of contacts: [{name, count}], by name. */
export function listTags() {
  return Contacts.Tags();
}

/** Renames a tag everywhere; renaming onto an existing tag merges the two. */
export function renameTag(from, to) {
  return Contacts.RenameTag(from, to);
}

export function mergeTags(from, into) {
  return Contacts.MergeTags(from, into);
}

/** Removes a tag from every contact; the contacts stay. */
export function deleteTag(name) {
  return Contacts.DeleteTag(name);
}

/**
 * What Herald finds in the file at path: {format, encoding, delimiter, sheets, sheet,
 * headers, mapping, rows, targets, savedMapping, checks: [{phone, others, problem, skip}]}.
 * checks say, row by row, the number Herald would store under options.mapping (else the
 * mapping it suggests) or why the row would be skipped or fail. options {format, encoding,
 * delimiter, sheet, mapping}; empty values are detected.
 */
export function previewImport(path, options = {}) {
  return Contacts.PreviewImport(path, options);
}

/**
 * Which rows of the file at path match contacts already in the book (same number), and what
 * importing them would change: {rows, matches, duplicates, fillChanges, overwriteChanges,
 * items: [{line, id, phone, name, fill: [{field, before, after}], overwrite: [...]}], cancelled}.
 * options as for importContacts; cancelImport stops it.
 */
export function previewMatches(path, options = {}) {
  return Contacts.PreviewMatches(path, options);
}

/**
 * Imports the file at path: {run, created, updated, unchanged, skipped, failed,
 * errors: [{line, name, phone, skipped, message}], notes: [{line, name, phone, message}],
 * errorsTruncated, report, changes: [{line, id, phone, name, fields: [{field, before, after}]}],
 * changesTruncated, changesReport, undoUntil, cancelled}. errors are the rows skipped or failed,
 * notes say which number a row with several gave WhatsApp; name and phone are as the file has
 * them. options.matches: 'fill' (default) | 'overwrite' | 'skip'. Progress arrives as
 * `import:progress` events.
 */
export function importContacts(path, options = {}) {
  return Contacts.Import(path, options);
}

/** The imports of the last days: [{id, file, startedAt, endedAt, created, updated, undoneAt, undoUntil}]. */
export function pastImports() {
  return Contacts.Imports();
}

/** Takes back the import run: {removed, restored, kept, summary}. */
export function undoImport(run) {
  return Contacts.UndoImport(run);
}

/** Stops the running import (or check of a file against the book); what was imported so far stays. */
export function cancelImport() {
  return Contacts.CancelImport();
}

/** Writes the contacts matching query to path (.csv or .xlsx); a bare name goes to the exports folder. */
export function exportContactsTo(path, query) {
  return Contacts.Export(path, query);
}

/** Stops the exports of contacts in progress; each writes no file. */
export function cancelContactsExport() {
  return Contacts.CancelExport();
}

/**
 * The campaign messages sent to a contact, newest first, with their replies:
 * [{campaignId, campaignName, state, error, sentAt, deliveredAt, readAt, repliedAt, reply}].
 */
export function contactMessages(contactId) {
  return Campaigns.ContactMessages(contactId);
}
