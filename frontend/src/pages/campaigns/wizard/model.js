// The wizard's model: what the user has chosen so far, the safe pace it starts from, and
// how it becomes the backend's campaign input (and back, to edit a campaign).
import { localZone, readCron, writeCron } from '../when.js';

/** No limit at all: for trying Herald out with the simulator, never for real customers. */
export const NO_LIMITS = Object.freeze({
  perMinute: 0, minDelaySec: 0, maxDelaySec: 0, batchSize: 0, batchPauseMinSec: 0, batchPauseMaxSec: 0,
  dailyCap: 0, hoursFrom: '', hoursTo: '', weekdays: [], warmupCap: 0, warmupStep: 0,
});

/** The warm-up offered when the safe pace has none of its own (practice mode). */
const DEFAULT_WARMUP = Object.freeze({ warmupCap: 50, warmupStep: 50 });

const PACE_KEYS = Object.keys(NO_LIMITS);

function samePace(a, b) {
  return PACE_KEYS.every((key) => (key === 'weekdays'
    ? JSON.stringify([...(a.weekdays ?? [])].sort()) === JSON.stringify([...(b.weekdays ?? [])].sort())
    : (a[key] ?? (typeof b[key] === 'string' ? '' : 0)) === (b[key] ?? (typeof a[key] === 'string' ? '' : 0))));
}

/** A copy of a pace (its weekdays too), every key present. */
export function copyPace(pace) {
  return { ...NO_LIMITS, ...pace, weekdays: [...(pace?.weekdays ?? [])] };
}

/** The warm-up the checkbox turns on: the safe pace's own, else Herald's default. */
export function warmupOf(safe) {
  return safe?.warmupCap ? { warmupCap: safe.warmupCap, warmupStep: safe.warmupStep } : { ...DEFAULT_WARMUP };
}

/**
 * Which preset a pace is: 'safe' (safe's, with or without its warm-up), 'none' or 'custom'.
 * safe is the backend's safe pace for the WhatsApp in use (null while unknown).
 */
export function presetOf(pace, safe) {
  if (safe && [safe, { ...safe, ...warmupOf(safe) }, { ...safe, warmupCap: 0, warmupStep: 0 }].some((s) => samePace(pace, s))) return 'safe';
  if (samePace(pace, NO_LIMITS)) return 'none';
  return 'custom';
}

/** The frequency cap the wizard offers when it is turned on. */
const RECENT_DAYS = 7;

/**
 * A new campaign's model: sent now, in the computer's time zone. Its pace and `safe` (the
 * safe pace for the WhatsApp in use) come from the backend when the pace step loads; `real`
 * says whether messages go out from the user's own number. followUp ({campaignId, result,
 * reason, label}) makes the audience one group of another campaign's results.
 */
export function newModel({ followUp = null } = {}) {
  return {
    id: 0,
    name: '',
    templateId: 0,
    audience: {
      mode: followUp ? 'followUp' : 'all', tags: [], tagsMatch: 'any', excludeTags: [], contacts: [], search: '',
      followUp: followUp && { campaignId: followUp.campaignId, result: followUp.result, reason: followUp.reason ?? '', label: followUp.label ?? '' },
      skipRecent: false, skipRecentDays: RECENT_DAYS,
    },
    pace: copyPace(NO_LIMITS),
    paceChosen: false,
    safe: null,
    real: false,
    when: { mode: 'now', at: '', zone: localZone(), repeat: 'daily', time: '09:00', days: [1], cron: '' },
  };
}

/** "YYYY-MM-DDTHH:MM" of an instant as a wall clock in zone (for a datetime-local field). */
export function wallClock(rfc3339, zone) {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const seconds = parts.second && parts.second !== '00' ? `:${parts.second}` : '';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}${seconds}`;
}

/** The model of an existing campaign, to edit it. */
export function modelOf(campaign) {
  const model = newModel();
  const a = campaign.audience ?? {};
  const schedule = campaign.schedule ?? {};
  model.id = campaign.id;
  model.name = campaign.name;
  model.templateId = campaign.templateId;
  let mode = 'tags';
  if (a.followUp) mode = 'followUp';
  else if (a.all) mode = 'all';
  else if (!(a.tags ?? []).length && (a.contactIds ?? []).length) mode = 'picked';
  else if (!(a.tags ?? []).length && a.search) mode = 'search';
  model.audience = {
    mode,
    tags: [...(a.tags ?? [])],
    tagsMatch: a.tagsMatch === 'all' ? 'all' : 'any',
    excludeTags: [...(a.excludeTags ?? [])],
    // Names are filled in by the audience step.
    contacts: (a.contactIds ?? []).map((id) => ({ id, name: '', phone: '' })),
    search: a.search ?? '',
    followUp: a.followUp ? { ...a.followUp, reason: a.followUp.reason ?? '' } : null,
    skipRecent: (a.skipRecentDays ?? 0) > 0,
    skipRecentDays: a.skipRecentDays || RECENT_DAYS,
  };
  model.pace = copyPace(campaign.pace);
  // An existing campaign keeps its own pace, whatever the safe one is now.
  model.paceChosen = true;
  const zone = schedule.timeZone || localZone();
  model.when.zone = zone;
  if (schedule.cron) {
    model.when.mode = 'repeat';
    const read = readCron(schedule.cron);
    if (read) Object.assign(model.when, { repeat: read.kind, time: read.time, days: read.days ?? [1] });
    else Object.assign(model.when, { repeat: 'custom', cron: schedule.cron });
  } else if (schedule.at) {
    model.when.mode = 'at';
    model.when.at = wallClock(schedule.at, zone);
  }
  return model;
}

/** The backend's audience of the model. */
export function audienceOf(model) {
  const a = model.audience;
  const out = {
    all: a.mode === 'all',
    tags: a.mode === 'tags' ? [...a.tags] : [],
    tagsMatch: a.tagsMatch,
    excludeTags: a.mode === 'picked' ? [] : [...a.excludeTags],
    contactIds: a.mode === 'picked' ? a.contacts.map((c) => c.id) : [],
    search: a.mode === 'search' ? a.search.trim() : '',
  };
  if (a.mode === 'followUp' && a.followUp) {
    out.followUp = { campaignId: a.followUp.campaignId, result: a.followUp.result, reason: a.followUp.reason ?? '' };
  }
  if (a.skipRecent) out.skipRecentDays = Math.trunc(Number(a.skipRecentDays)) || 0;
  return out;
}

/** The cron expression the model's repeat means. */
export function cronOf(when) {
  return when.repeat === 'custom' ? when.cron.trim() : writeCron({ kind: when.repeat, time: when.time, days: when.days });
}

/**
 * The backend's campaign input of the model. With draft true the schedule keeps only the
 * zone, so the campaign is saved without starting.
 */
export function inputOf(model, { draft = false } = {}) {
  const { when } = model;
  const schedule = { at: '', timeZone: when.zone, cron: '' };
  if (!draft && when.mode === 'at') schedule.at = when.at;
  if (!draft && when.mode === 'repeat') schedule.cron = cronOf(when);
  return {
    id: model.id,
    name: model.name.trim(),
    templateId: Number(model.templateId) || 0,
    audience: audienceOf(model),
    pace: { ...model.pace, weekdays: [...model.pace.weekdays].sort() },
    schedule,
  };
}
