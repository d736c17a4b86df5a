// A campaign's one estimate (the backend's Estimate) in words, the same in the review, the
// list and the campaign's page, and what a waiting campaign waits for, with a countdown to
// its start that counts from the server's answer, not from this computer's clock.
import { h } from '../../lib/dom.js';
import { plural } from '../../lib/format.js';
import { formatSeconds } from './states.js';

/** The calendar day of a moment in zone, for comparing days. */
function dayIn(date, zone) {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone || undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-CA').format(date);
  }
}

/** "09:02" on the day of now, "Thu 4 Dec, 09:02" on another: a moment in the campaign's zone. */
export function clockTime(rfc3339, zone, nowRfc3339) {
  const date = new Date(rfc3339);
  if (!rfc3339 || Number.isNaN(date.getTime())) return '';
  const sameDay = dayIn(date, zone) === dayIn(new Date(nowRfc3339 ?? Date.now()), zone);
  const options = sameDay ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone || undefined }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

/** "13 messages: done in about 8 min 31 s, by 09:02", or '' without an estimate. */
export function estimateText(est, zone) {
  if (!est) return '';
  if (!est.messages) return 'Nothing left to send';
  const wait = est.waitSec > 0 ? `, starting at ${clockTime(est.startsAt, zone, est.now)}` : '';
  const took = est.sec < 1 ? 'in under a second' : `in about ${formatSeconds(est.sec)}`;
  return `${plural(est.messages, 'message')}${wait}: done ${took}, by ${clockTime(est.finishesAt, zone, est.now)}`;
}

/**
 * The estimate as an element with its figures as data (sec, finishes-at) for tests and
 * styles; attrs are the element's own (id, class).
 */
export function estimateElement(est, zone, attrs = {}) {
  return h('span', {
    ...attrs,
    class: `campaign-estimate ${attrs.class ?? ''}`.trim(),
    dataset: { sec: String(est?.sec ?? 0), finishesAt: est?.finishesAt ?? '', messages: String(est?.messages ?? 0) },
  }, estimateText(est, zone));
}

/** When, on this computer's clock, the server's estimate says the sending starts. */
const startsAtHere = new WeakMap();

function startMillis(est) {
  if (!startsAtHere.has(est)) startsAtHere.set(est, Date.now() + Math.max(0, est.waitSec ?? 0) * 1000);
  return startsAtHere.get(est);
}

/** "in 6 min" until millis, on this computer's clock. */
function inWords(millis) {
  const left = Math.max(0, Math.round((millis - Date.now()) / 1000));
  return left > 0 ? `in ${formatSeconds(left)}` : 'any moment now';
}

/**
 * What campaign c waits for, as one line: its reason, and for the sending hours or the next
 * sending day a live "(in 6 min)" (see tickCountdowns); null when it is not waiting.
 */
export function waitingLine(c, attrs = {}) {
  if (c.state !== 'waiting') return null;
  const reason = (c.note || 'Waiting.').replace(/\.$/, '');
  const est = c.estimate;
  const counts = c.waitingFor !== 'connection' && est && est.waitSec > 0;
  return h('span', { ...attrs, class: `campaign-waiting ${attrs.class ?? ''}`.trim(), dataset: { waitingFor: c.waitingFor ?? '' } },
    reason,
    counts ? [' (', h('span', { class: 'campaign-countdown', dataset: { until: String(startMillis(est)) } }, inWords(startMillis(est))), ')'] : null);
}

/** Keeps the countdowns under root ticking, every second; returns the function that stops it. */
export function tickCountdowns(root) {
  const timer = setInterval(() => {
    for (const el of root.querySelectorAll('.campaign-countdown')) el.textContent = inWords(Number(el.dataset.until));
  }, 1000);
  return () => clearInterval(timer);
}
