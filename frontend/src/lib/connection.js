// The WhatsApp connection status, kept from `whatsapp:status` events for the whole app.
import { on } from '../api/events.js';
import { whatsappStatus } from '../api/whatsapp.js';
import { h } from './dom.js';

const labels = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  qr: 'Waiting for scan',
  pairing_code: 'Waiting for code',
  connected: 'Connected',
  logged_out: 'Logged out',
  error: 'Error',
};

let current = { state: 'disconnected', phone: '', pushName: '', since: '', lastError: '' };
const listeners = new Set();

function update(status) {
  if (typeof status?.state !== 'string') return;
  current = { ...current, ...status };
  for (const listener of listeners) listener(current.state, current);
}

/** Asks for the status once and then follows its events; call once at start-up. */
export function watchConnection() {
  let heard = false;
  on('whatsapp:status', (status) => {
    heard = true;
    update(status);
  });
  // An event that arrived while the answer was on its way is newer than the answer.
  whatsappStatus().then(
    (status) => heard || update(status),
    (err) => console.warn('WhatsApp status unavailable', err),
  );
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

/** A badge that follows the connection state (its colour comes from data-state in styles.css). */
export function connectionBadge(attrs = {}) {
  const badge = h('span', { class: 'connection-badge', ...attrs });
  const unsubscribe = onConnection((state) => {
    badge.dataset.state = state;
    badge.textContent = connectionLabel(state);
  });
  return { badge, unsubscribe };
}
