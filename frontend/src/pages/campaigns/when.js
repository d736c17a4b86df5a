// Times of campaigns in words: when it runs next, in the zone it was scheduled in, and
// what its repeat means.
import { userLocale, userZone } from '../../lib/preferences.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const SHORT_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The IANA time zone campaigns default to: the one chosen in Settings, else the computer's. */
export function localZone() {
  return userZone();
}

/** A moment shown in zone with the zone's name, e.g. "3 Mar 2026, 09:00 CET". */
export function formatInZone(rfc3339, zone) {
  const date = new Date(rfc3339);
  if (!rfc3339 || Number.isNaN(date.getTime())) return '';
  // dateStyle and timeStyle cannot be combined with timeZoneName: the fields one by one.
  const options = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(userLocale(), { ...options, timeZone: zone || userZone() }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

/** Days of a cron weekday field ("1-5", "1,3", "*") as numbers, or null when unreadable. */
function cronDays(field) {
  if (field === '*') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set();
  for (const part of field.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    for (let d = from; d <= to; d++) days.add(d % 7);
  }
  return [...days].sort();
}

/**
 * What a cron expression means, when it is one the wizard writes: {kind: 'daily', time}
 * or {kind: 'weekly', time, days}; null for anything else (a custom expression).
 */
export function readCron(cron) {
  const fields = String(cron ?? '').trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [min, hour, dom, month, dow] = fields;
  if (!/^\d{1,2}$/.test(min) || !/^\d{1,2}$/.test(hour) || dom !== '*' || month !== '*') return null;
  const time = `${hour.padStart(2, '0')}:${min.padStart(2, '0')}`;
  const days = cronDays(dow);
  if (!days) return null;
  return days.length === 7 ? { kind: 'daily', time } : { kind: 'weekly', time, days };
}

/** The cron expression for a daily or weekly repeat at time "HH:MM". */
export function writeCron({ kind, time, days = [] }) {
  const [hour, min] = time.split(':').map(Number);
  const dow = kind === 'daily' ? '*' : [...days].sort().join(',');
  return `${min} ${hour} * * ${dow}`;
}

/** "Every day at 09:00", "Every Monday and Thursday at 18:30", or the expression itself. */
export function describeRepeat(cron) {
  const read = readCron(cron);
  if (!read) return `Repeats on the schedule “${cron}”`;
  if (read.kind === 'daily') return `Every day at ${read.time}`;
  const names = read.days.map((d) => WEEKDAYS[d]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `Every ${list} at ${read.time}`;
}

/** A campaign's schedule in words, for the list and the review. */
export function describeSchedule(schedule) {
  const zone = schedule?.timeZone || localZone();
  if (schedule?.cron) return `${describeRepeat(schedule.cron)} (${zone})`;
  if (schedule?.at) return `At ${formatInZone(schedule.at, zone)}`;
  return 'Started by hand';
}
