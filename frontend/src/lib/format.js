// Formatting for display, in the user's chosen language of dates and numbers and time zone.
import { userLocale, userZone } from './preferences.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const OPTIONS = {
  dateTime: { dateStyle: 'medium', timeStyle: 'medium' },
  dateOnly: { dateStyle: 'medium' },
};
const formatters = new Map();

/** A formatter of kind ('dateTime', 'dateOnly' or 'integer') for the current choice. */
function formatter(kind) {
  const locale = userLocale();
  const zone = userZone();
  const key = `${kind}|${locale ?? ''}|${zone}`;
  if (!formatters.has(key)) {
    const make = (l, z) => (kind === 'integer' ? new Intl.NumberFormat(l) : new Intl.DateTimeFormat(l, { ...OPTIONS[kind], timeZone: z }));
    let made;
    try {
      made = make(locale, zone);
    } catch {
      // A choice this engine cannot format in falls back to the computer's.
      made = make(undefined, undefined);
    }
    formatters.set(key, made);
  }
  return formatters.get(key);
}

/** An RFC 3339 timestamp as date and time, e.g. "3 Mar 2026, 14:05:09". */
export function formatDateTime(rfc3339) {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? '' : formatter('dateTime').format(date);
}

/** A country's English name from its two-letter code, e.g. "GB" -> "United Kingdom". */
export function countryName(code) {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** An RFC 3339 timestamp as a date, e.g. "3 Mar 2026". */
export function formatDate(rfc3339) {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? '' : formatter('dateOnly').format(date);
}

/** A count with the locale's digit grouping, e.g. 12345 -> "12,345". */
export function formatCount(n) {
  return formatter('integer').format(n ?? 0);
}

/** "1 contact", "12,345 contacts": a count and its noun, plural with s unless given. */
export function plural(n, one, many = `${one}s`) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A file size as people read it: "512 bytes", "14 KB", "3.2 MB", "1.4 GB". */
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
