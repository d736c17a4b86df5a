// Formatting for display, in the user's own locale.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const integer = new Intl.NumberFormat();
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** An RFC 3339 timestamp as local date and time, e.g. "3 Mar 2026, 14:05:09". */
export function formatDateTime(rfc3339) {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

/** A country's English name from its two-letter code, e.g. "GB" -> "United Kingdom". */
export function countryName(code) {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** An RFC 3339 timestamp as a local date, e.g. "3 Mar 2026". */
export function formatDate(rfc3339) {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? '' : dateOnly.format(date);
}

/** A count with the locale's digit grouping, e.g. 12345 -> "12,345". */
export function formatCount(n) {
  return integer.format(n ?? 0);
}

/** "1 contact", "12,345 contacts": a count and its noun, plural with s unless given. */
export function plural(n, one, many = `${one}s`) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
