// BackupService: backups made now and daily, the list of them, checking a file, and their
// settings. A backup is {path, name, size, createdAt, contacts, templates, campaigns, version,
// schemaVersion, whatsappSession, beforeRestore, problem}.
import * as Backup from '../../wailsjs/go/backup/Service.js';

/** Makes a backup now (or waits for the one being made) and returns it. */
export function backupNow() {
  return Backup.BackupNow();
}

/** The backups in the backup folder, newest first. */
export function listBackups() {
  return Backup.List();
}

/** Checks a backup file (a path List gave, or an uploaded file) and says what it holds. */
export function inspectBackup(path) {
  return Backup.Inspect(path);
}

/** Replaces the data with the backup at path. */
export function restoreBackup(path) {
  return Backup.Restore(path);
}

/** {automatic, time: "12:30", folder ("" for the default), keep, includeWhatsApp, defaultFolder}. */
export function backupSettings() {
  return Backup.Settings();
}

/** Saves the settings; rejects with what to change, in plain words. */
export function saveBackupSettings(settings) {
  return Backup.SetSettings(settings);
}

/**
 * {running, lastBackupAt, lastBackupPath, lastError, lastErrorAt, nextRunAt, stale, staleDays,
 * folder, automatic}; stale when no backup was made for staleDays days.
 */
export function backupStatus() {
  return Backup.Status();
}

/** The event that carries the status whenever a backup starts or ends, or the settings change. */
export const BACKUP_CHANGED = 'backup:changed';

/** The event that says a backup was restored, with its manifest: every page shows other data now. */
export const BACKUP_RESTORED = 'backup:restored';

/** The event the desktop app menu's "Back up now" sends. */
export const BACKUP_MENU = 'menu:backup-now';
