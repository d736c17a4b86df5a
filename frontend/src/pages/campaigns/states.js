// What a campaign's state and numbers look like: badges, labels, progress, durations.
import { h, icon } from '../../lib/dom.js';
import { formatCount } from '../../lib/format.js';

/** Each campaign state: its label, the badge's colour and icon. */
export const STATES = {
  draft: { label: 'Draft', cls: 'text-bg-secondary', icon: 'fa-solid fa-pen' },
  scheduled: { label: 'Scheduled', cls: 'text-bg-info', icon: 'fa-regular fa-clock' },
  running: { label: 'Sending', cls: 'text-bg-primary', icon: 'fa-solid fa-paper-plane' },
  paused: { label: 'Paused', cls: 'text-bg-warning', icon: 'fa-solid fa-pause' },
  waiting: { label: 'Waiting', cls: 'text-bg-warning', icon: 'fa-solid fa-hourglass-half' },
  completed: { label: 'Completed', cls: 'text-bg-success', icon: 'fa-solid fa-check' },
  cancelled: { label: 'Cancelled', cls: 'text-bg-dark border', icon: 'fa-solid fa-ban' },
  failed: { label: 'Failed', cls: 'text-bg-danger', icon: 'fa-solid fa-triangle-exclamation' },
};

/** Each recipient state: its label and badge colour. */
export const RECIPIENT_STATES = {
  queued: { label: 'Queued', cls: 'text-bg-secondary' },
  sending: { label: 'Sending', cls: 'text-bg-primary' },
  sent: { label: 'Sent', cls: 'text-bg-info' },
  delivered: { label: 'Delivered', cls: 'text-bg-success' },
  read: { label: 'Read', cls: 'text-bg-success' },
  failed: { label: 'Failed', cls: 'text-bg-danger' },
  skipped: { label: 'Skipped', cls: 'text-bg-warning' },
  cancelled: { label: 'Cancelled', cls: 'text-bg-dark border' },
  unconfirmed: { label: 'Unconfirmed', cls: 'text-bg-warning' },
};

/** The state badge of a campaign (data-state for tests and styles). */
export function stateBadge(state, extraClass = '') {
  const s = STATES[state] ?? { label: state, cls: 'text-bg-secondary', icon: 'fa-solid fa-circle' };
  return h('span', { class: `badge ${s.cls} campaign-state ${extraClass}`.trim(), dataset: { state } }, icon(`${s.icon} me-1`), s.label);
}

/** True while a campaign is sending or could send (pause and cancel make sense). */
export const isActive = (state) => state === 'running' || state === 'waiting';
/** True once a campaign will never send again. */
export const isFinished = (state) => state === 'completed' || state === 'cancelled' || state === 'failed';
/** True while a campaign can still be edited. */
export const isEditable = (state) => state === 'draft' || state === 'scheduled';

/**
 * The counts a person reads, cumulative along the way a message goes: a read message was
 * also delivered and sent. stats are the backend's counts by current state.
 */
export function counts(stats = {}) {
  const n = (key) => stats[key] ?? 0;
  const read = n('read');
  const delivered = n('delivered') + read;
  const sent = n('sent') + delivered;
  const done = sent + n('failed') + n('skipped') + n('cancelled') + n('unconfirmed');
  return {
    total: n('total'), queued: n('queued') + n('sending'), sent, delivered, read,
    failed: n('failed'), skipped: n('skipped'), cancelled: n('cancelled'), unconfirmed: n('unconfirmed'),
    replied: n('replied'), done,
  };
}

/** How far a campaign is, 0..100: the share of recipients whose message has an outcome. */
export function percentDone(stats) {
  const c = counts(stats);
  return c.total > 0 ? Math.min(100, Math.round((c.done / c.total) * 100)) : 0;
}

/** "3 h 5 min", "4 min 10 s", "12 s": a duration in seconds for people. */
export function formatSeconds(total) {
  if ((total ?? 0) < 1) return 'under a second';
  const sec = Math.round(total);
  const d = Math.floor(sec / 86400);
  const hrs = Math.floor((sec % 86400) / 3600);
  const min = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (d > 0) return hrs > 0 ? `${d} d ${hrs} h` : `${d} d`;
  if (hrs > 0) return min > 0 ? `${hrs} h ${min} min` : `${hrs} h`;
  if (min > 0) return s > 0 && min < 10 ? `${min} min ${s} s` : `${min} min`;
  return `${s} s`;
}

/** "12 of 40": how many of the recipients have an outcome. */
export function progressText(stats) {
  const c = counts(stats);
  return `${formatCount(c.done)} of ${formatCount(c.total)}`;
}

/** A thin progress bar of a campaign, coloured by outcome (delivered, sent, unconfirmed, failed, skipped). */
export function progressBar(stats, { id, thin = false } = {}) {
  const c = counts(stats);
  const share = (n) => (c.total > 0 ? (n / c.total) * 100 : 0);
  const segment = (n, cls, label) => n > 0 && h('div', {
    class: `progress-bar ${cls}`, style: `width: ${share(n).toFixed(2)}%`, title: `${label}: ${formatCount(n)}`,
  });
  const percent = percentDone(stats);
  return h('div', {
    id, class: `progress campaign-progress${thin ? ' campaign-progress-thin' : ''}`, role: 'progressbar',
    'aria-label': 'Messages with an outcome', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent),
    dataset: { percent: String(percent) },
  },
  segment(c.delivered, 'bg-success', 'Delivered'),
  segment(c.sent - c.delivered, 'bg-info', 'Sent, not yet delivered'),
  segment(c.unconfirmed, 'bg-warning', 'Unconfirmed'),
  segment(c.failed, 'bg-danger', 'Failed'),
  segment(c.skipped + c.cancelled, 'bg-secondary', 'Skipped or cancelled'));
}
