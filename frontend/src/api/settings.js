// SettingsService: user preferences and facts about this installation.
import * as Settings from '../../wailsjs/go/settings/Service.js';

/** The value of one setting, as a string. */
export function getSetting(key) {
  return Settings.Get(key);
}

/** Stores a setting; rejects with a plain-language message when the value is not allowed. */
export function setSetting(key, value) {
  return Settings.Set(key, value);
}

/** Where the data lives and what is running: {dataDir, database, logFile, exportsDir, version, mode}. */
export function appInfo() {
  return Settings.Info();
}

/** The libraries bundled into Herald, each with its licence in full: [{name, version, license, source: "go"|"npm", text}, ...]. */
export function licenses() {
  return Settings.Licenses();
}

/** The countries Herald knows phone numbers for: [{code: "GB", callingCode: 44}, ...]. */
export function countries() {
  return Settings.Countries();
}

/**
 * The welcome step's answers and whether it was answered: {country, timeZone, locale,
 * welcomed}. An empty timeZone or locale means the computer's.
 */
export function preferences() {
  return Settings.Preferences();
}

/** Stores the welcome step's answers ({country, timeZone, locale}) and marks it answered. */
export function welcome(answers) {
  return Settings.Welcome(answers);
}
