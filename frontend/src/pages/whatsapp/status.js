// The connection card: state, linked account, how long in this state, the last error,
// and the buttons that make sense in this state.
import { connect, disconnect, logout } from '../../api/whatsapp.js';
import { connectionLabel, statusLabel, stopNotice } from '../../lib/connection.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime } from '../../lib/format.js';
import { confirmDialog } from '../../lib/modal.js';
import { phoneElement } from '../../lib/phone.js';
import { toast } from '../../lib/toast.js';
import { formatDuration, parseTime } from './time.js';

const headlines = {
  disconnected: 'Herald is not connected to WhatsApp.',
  connecting: 'Herald is connecting to WhatsApp…',
  qr: 'Link your phone: scan the code below with WhatsApp.',
  pairing_code: 'Link your phone: type the code below into WhatsApp.',
  connected: 'Herald is connected to WhatsApp.',
  logged_out: 'This computer is no longer linked to your WhatsApp account. Connect to link it again.',
  error: 'The connection to WhatsApp failed.',
};

// Which buttons each state offers; Log out also whenever an account is linked.
const offers = {
  disconnected: ['connect'],
  logged_out: ['connect'],
  error: ['connect'],
  connecting: ['disconnect'],
  qr: ['disconnect'],
  pairing_code: ['disconnect'],
  connected: ['disconnect', 'logout'],
};

/** statusCard() → {element, update(status), destroy()}. */
export function statusCard() {
  const badge = h('span', { id: 'wa-state', class: 'connection-badge fs-6' });
  const headline = h('p', { class: 'lead mb-3' });
  const phone = h('dd', { id: 'wa-phone', class: 'col-sm-8' });
  const pushName = h('dd', { id: 'wa-push-name', class: 'col-sm-8' });
  const account = h('dl', { class: 'row mb-2' },
    h('dt', { class: 'col-sm-4' }, 'Phone number'), phone,
    h('dt', { class: 'col-sm-4' }, 'Name on WhatsApp'), pushName);
  const since = h('p', { id: 'wa-since', class: 'text-body-secondary mb-2' });
  const lastError = h('div', { id: 'wa-last-error', class: 'alert alert-danger py-2 mb-3', role: 'alert' });

  const buttons = {
    connect: h('button', { type: 'button', id: 'wa-connect', class: 'btn btn-primary' },
      icon('fa-solid fa-plug me-2'), 'Connect'),
    disconnect: h('button', { type: 'button', id: 'wa-disconnect', class: 'btn btn-outline-warning' },
      icon('fa-solid fa-plug-circle-xmark me-2'), 'Disconnect'),
    logout: h('button', { type: 'button', id: 'wa-logout', class: 'btn btn-outline-danger' },
      icon('fa-solid fa-right-from-bracket me-2'), 'Log out'),
  };
  const actions = {
    connect: () => connect(),
    disconnect: () => disconnect(),
    logout: async () => {
      const yes = await confirmDialog({
        title: 'Log out of WhatsApp?',
        text: [
          'Herald will no longer be a linked device of your WhatsApp account. Campaigns cannot send until you link your phone again by scanning a new code.',
          'Your contacts, templates and campaigns stay in Herald.',
        ],
        confirmLabel: 'Log out',
        danger: true,
      });
      if (yes !== null) await logout();
    },
  };
  for (const [name, button] of Object.entries(buttons)) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await actions[name]();
      } catch (err) {
        toast.error(err);
      } finally {
        button.disabled = false;
      }
    });
  }

  const element = h('section', { class: 'card mb-3' },
    h('div', { class: 'card-header d-flex align-items-center gap-2' },
      icon('fa-brands fa-whatsapp'), 'Connection', h('span', { class: 'ms-auto' }, badge)),
    h('div', { class: 'card-body' },
      headline, account, since, lastError,
      h('div', { class: 'd-flex flex-wrap gap-2' }, Object.values(buttons))));

  let status = null;
  function tick() {
    const at = parseTime(status?.since);
    since.hidden = !at;
    if (!at) return;
    const ago = formatDuration(Date.now() - at.getTime());
    since.textContent = status.state === 'connected'
      ? `Connected for ${ago}, since ${formatDateTime(status.since)}.`
      : `${connectionLabel(status.state)} since ${formatDateTime(status.since)} (${ago}).`;
  }
  const timer = setInterval(tick, 1000);

  function update(next) {
    status = next;
    const { state } = status;
    badge.dataset.state = state;
    badge.textContent = statusLabel(status);
    headline.textContent = stopNotice(status) || (headlines[state] ?? `WhatsApp: ${connectionLabel(state)}`);
    account.hidden = !status.phone && !status.pushName;
    phone.replaceChildren(status.phone ? phoneElement(status.phone) : '—');
    pushName.textContent = status.pushName || '—';
    lastError.hidden = !status.lastError;
    lastError.textContent = status.lastError ? `Last error: ${status.lastError}` : '';
    const offered = new Set(offers[state] ?? ['connect', 'disconnect']);
    if (status.phone && state !== 'logged_out') offered.add('logout');
    for (const [name, button] of Object.entries(buttons)) button.hidden = !offered.has(name);
    tick();
  }

  return { element, update, destroy: () => clearInterval(timer) };
}
