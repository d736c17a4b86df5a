// The WhatsApp connection state, kept from `whatsapp:status` events for the whole app.
import { on } from '../api/events.js';
import { h } from './dom.js';

const labels = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  pairing: 'Waiting for pairing',
  connected: 'Connected',
};

let current = 'disconnected';
const listeners = new Set();

/** Starts listening for status events; call once at start-up. */
export function watchConnection() {
  on('whatsapp:status', (status) => {
    const state = status?.state;
    if (typeof state !== 'string' || state === current) return;
    current = state;
    for (const listener of listeners) listener(current);
  });
}

/** Calls listener(state) now and on every change; returns a function that stops it. */
export function onConnection(listener) {
  listeners.add(listener);
  listener(current);
  return () => listeners.delete(listener);
}

/** The words shown for a state; unknown future states are shown as they come. */
export function connectionLabel(state) {
  return labels[state] ?? state.charAt(0).toUpperCase() + state.slice(1);
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
