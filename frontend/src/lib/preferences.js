// The user's country, time zone and language of dates and numbers, read once at start and
// kept in step with Settings, so that formatting and schedules follow the user's choice.
import { on } from '../api/events.js';
import { preferences as readPreferences } from '../api/settings.js';

const KEYS = { defaultCountry: 'country', timeZone: 'timeZone', locale: 'locale' };
const current = { country: '', timeZone: '', locale: '', welcomed: false };
const listeners = new Set();

function changed() {
  listeners.forEach((listener) => listener({ ...current }));
}

/** Reads the preferences and follows their changes; resolves to them. */
export async function loadPreferences() {
  Object.assign(current, await readPreferences());
  on('settings:changed', ({ key, value } = {}) => {
    if (!KEYS[key]) return;
    current[KEYS[key]] = value ?? '';
    changed();
  });
  return { ...current };
}

/** The preferences as last read: {country, timeZone, locale, welcomed}. */
export function preferences() {
  return { ...current };
}

/** Takes answers just saved, without waiting for the backend's event. */
export function updatePreferences(answers) {
  Object.assign(current, answers);
  changed();
}

/** Calls listener(preferences) on every change; returns a function that stops it. */
export function onPreferences(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The zone this browser or window runs in. */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The browser's own language, e.g. "es-MX". */
export function browserLocale() {
  try {
    return Intl.getCanonicalLocales(navigator.language || 'en-US')[0];
  } catch {
    return 'en-US';
  }
}

/** The zone the user chose, else the computer's. */
export function userZone() {
  return current.timeZone || browserZone();
}

/** The language of dates and numbers the user chose, else undefined (the computer's). */
export function userLocale() {
  return current.locale || undefined;
}
