// Formatting for display, in the user's own locale.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
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
