// The WhatsApp connection status, kept from `whatsapp:status` events for the whole app, and
// the driver in use (practice with the simulator, or your phone), from `whatsapp:driver`.
import { on } from '../api/events.js';
import { drivers, whatsappStatus } from '../api/whatsapp.js';
import { h } from './dom.js';
import { formatDateTime } from './format.js';

const labels = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  qr: 'Waiting for scan',
  pairing_code: 'Waiting for code',
  connected: 'Connected',
  logged_out: 'Logged out',
  error: 'Error',
};

let current = { state: 'disconnected', phone: '', pushName: '', since: '', lastError: '', ban: null };
const listeners = new Set();
let driverList = [];
const driverListeners = new Set();

function update(status) {
  if (typeof status?.state !== 'string') return;
  current = { ...current, ...status };
  for (const listener of listeners) listener(current.state, current);
}

function updateDrivers(list) {
  if (!Array.isArray(list)) return;
  driverList = list;
  for (const listener of driverListeners) listener(activeDriver(), driverList);
}

/** Asks for the status and the driver once and then follows their events; call once at start-up. */
export function watchConnection() {
  let heard = false;
  on('whatsapp:status', (status) => {
    heard = true;
    // A status without a ban has none: the field is left out, not set to null.
    update({ ban: null, ...status });
  });
  // An event that arrived while the answer was on its way is newer than the answer.
  whatsappStatus().then(
    (status) => heard || update({ ban: null, ...status }),
    (err) => console.warn('WhatsApp status unavailable', err),
  );
  let heardDriver = false;
  on('whatsapp:driver', (list) => {
    heardDriver = true;
    updateDrivers(list);
  });
  drivers().then(
    (list) => heardDriver || updateDrivers(list),
    (err) => console.warn('WhatsApp drivers unavailable', err),
  );
}

/** The name of the driver in use ('simulator' or 'whatsapp'), '' until it is known. */
export function activeDriver() {
  return driverList.find((d) => d.active)?.name ?? '';
}

/**
 * Calls listener(name, list) now and whenever the driver in use changes; name is '' until
 * it is known. Returns a function that stops it.
 */
export function onDriver(listener) {
  driverListeners.add(listener);
  listener(activeDriver(), driverList);
  return () => driverListeners.delete(listener);
}

/**
 * Calls listener(state, status) now and on every status event; status is the whole
 * {state, phone, pushName, since, lastError}. Returns a function that stops it.
 */
export function onConnection(listener) {
  listeners.add(listener);
  listener(current.state, current);
  return () => listeners.delete(listener);
}

/** The words shown for a state; unknown future states are shown as they come. */
export function connectionLabel(state) {
  return labels[state] ?? state.charAt(0).toUpperCase() + state.slice(1).replaceAll('_', ' ');
}

/** The words for a whole status: "Banned" while WhatsApp has banned the number. */
export function statusLabel(status) {
  return status?.state === 'error' && status.ban ? 'Banned' : connectionLabel(status?.state ?? 'disconnected');
}

/**
 * What a ban or a logout means for the campaigns, in words, or '' when nothing stops them:
 * the engine pauses every sending campaign on either.
 */
export function stopNotice(status) {
  if (status?.state === 'error' && status.ban) {
    const reason = (status.ban.reason ?? '').trim().replace(/\.$/, '');
    const until = status.ban.until ? ` until ${formatDateTime(status.ban.until)}` : '';
    return `WhatsApp has banned this number for now${reason ? ` (${reason})` : ''}${until}. Every campaign that was sending is paused: resume it once the ban is over, at the safe pace.`;
  }
  if (status?.state === 'logged_out') {
    return 'Herald was logged out of WhatsApp: this computer is no longer linked to the phone. Every campaign that was sending is paused until you link it again.';
  }
  return '';
}

/** A badge that follows the connection state (its colour comes from data-state in styles.css). */
export function connectionBadge(attrs = {}) {
  const badge = h('span', { class: 'connection-badge', ...attrs });
  const unsubscribe = onConnection((state, status) => {
    badge.dataset.state = state;
    badge.dataset.banned = status.ban ? 'true' : 'false';
    badge.textContent = statusLabel(status);
  });
  return { badge, unsubscribe };
}
