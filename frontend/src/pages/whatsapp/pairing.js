// Linking the phone: the QR code to scan (drawn here from the pairing payload, no
// network), or an 8-character code for "Link with phone number instead".
import QRCode from 'qrcode';
import { on } from '../../api/events.js';
import { pairing, pairWithCode, simulateScan } from '../../api/whatsapp.js';
import { onDriver } from '../../lib/connection.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';
import { formatDuration, parseTime } from './time.js';

const PAIRING_STATES = new Set(['qr', 'pairing_code']);
// States in which an unlinked Herald can start pairing by phone number.
const IDLE_STATES = new Set(['disconnected', 'logged_out', 'error']);

function steps(...items) {
  return h('ol', { class: 'wa-steps' }, items.map((item) => h('li', {}, item)));
}

/**
 * pairingCard() → {element, update(status), destroy()}; shown while a pairing is pending,
 * and while no phone is linked, to offer linking by phone number.
 */
export function pairingCard() {
  const qr = h('div', { id: 'wa-qr', class: 'wa-qr', role: 'img', 'aria-label': 'QR code to link your phone' });
  const expires = h('p', { id: 'wa-qr-expires', class: 'small text-body-secondary mb-0' });
  const scan = h('button', { type: 'button', id: 'wa-simulate-scan', class: 'btn btn-outline-warning' },
    icon('fa-solid fa-mobile-screen-button me-2'), 'Simulate scan');

  const qrPanel = h('div', { class: 'wa-qr-panel' },
    qr,
    h('div', {},
      h('h3', { class: 'h6' }, 'Scan this code with your phone'),
      steps('Open WhatsApp on your phone.', 'Go to Settings → Linked devices → Link a device.',
        'Point the camera at this code.'),
      expires));
  const simulator = h('div', { class: 'wa-simulator-note mt-3' },
    h('p', { class: 'small mb-2' }, icon('fa-solid fa-flask me-2'),
      'Herald is using its WhatsApp simulator, so no real phone is involved. Click below to act as the phone.'),
    scan);
  const intro = h('p', {}, 'Click Connect above to get a QR code to scan with your phone, or link with your phone number: Herald shows a code to type on the phone.');

  const phoneInput = h('input', { type: 'tel', id: 'wa-pair-phone', class: 'form-control', placeholder: '+14155552671', autocomplete: 'tel', required: true });
  const submit = h('button', { type: 'submit', id: 'wa-pair-submit', class: 'btn btn-primary' }, 'Get a code');
  const code = h('p', { id: 'wa-pair-code', class: 'wa-pair-code', 'aria-live': 'polite' });
  const codeHelp = h('div', { class: 'small text-body-secondary' },
    steps('Open WhatsApp on your phone.', 'Go to Settings → Linked devices → Link a device.',
      'Tap "Link with phone number instead" and type this code.'));
  const codeBox = h('div', { class: 'mt-3' }, code, codeHelp);
  const form = h('form', { class: 'wa-pair-form', novalidate: true },
    h('label', { for: 'wa-pair-phone', class: 'form-label' }, 'Your WhatsApp phone number, with the country code'),
    h('div', { class: 'input-group' }, phoneInput, submit));
  const toggle = h('button', { type: 'button', id: 'wa-pair-toggle', class: 'btn btn-link px-0' });
  const codePanel = h('div', { class: 'wa-code-panel' }, form, codeBox);

  const element = h('section', { id: 'wa-pairing', class: 'card mb-3' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-link me-2'), 'Link your phone'),
    h('div', { class: 'card-body' }, intro, qrPanel, codePanel, simulator, toggle));

  let state = null;
  let practice = false;
  let byPhone = false;
  let current = { qr: '', qrExpires: '', code: '' };
  let drawn = '';

  function layout() {
    const idle = !PAIRING_STATES.has(state);
    // A pending code wins; otherwise show what the user chose.
    const showCode = idle || state === 'pairing_code' || byPhone;
    intro.hidden = !idle;
    qrPanel.hidden = showCode;
    codePanel.hidden = !showCode;
    // Only the simulator can be told to act as the phone; a real phone scans for itself.
    simulator.hidden = idle || !practice;
    scan.replaceChildren(icon('fa-solid fa-mobile-screen-button me-2'),
      state === 'pairing_code' ? 'Simulate typing the code' : 'Simulate scan');
    toggle.hidden = idle || state === 'pairing_code';
    toggle.textContent = byPhone ? 'Scan a QR code instead' : 'Link with a phone number instead';
  }

  async function draw() {
    if (current.qr === drawn) return;
    drawn = current.qr;
    if (!current.qr) {
      qr.replaceChildren(h('p', { class: 'small text-body-secondary m-3' }, 'Waiting for a code from WhatsApp…'));
      return;
    }
    const canvas = h('canvas', {});
    try {
      await QRCode.toCanvas(canvas, current.qr, { width: 240, margin: 2, color: { dark: '#000000', light: '#ffffff' } });
      if (drawn === current.qr) qr.replaceChildren(canvas);
    } catch (err) {
      toast.error(err);
    }
  }

  function tick() {
    const at = parseTime(current.qrExpires);
    expires.hidden = !at;
    if (at) {
      const left = at.getTime() - Date.now();
      expires.textContent = left > 0
        ? `The code changes in ${formatDuration(left)}; this page shows the new one by itself.`
        : 'Waiting for the next code…';
    }
  }
  const timer = setInterval(tick, 1000);

  function show(next) {
    current = { qr: next?.qr ?? '', qrExpires: next?.qrExpires ?? '', code: next?.code ?? '' };
    if (current.code) code.textContent = current.code;
    codeHelp.hidden = !code.textContent;
    draw();
    tick();
  }

  const stopEvents = on('whatsapp:pairing', (next) => {
    if (PAIRING_STATES.has(state)) show(next);
  });
  const stopDriver = onDriver((name) => {
    practice = name === 'simulator';
    layout();
  });

  toggle.addEventListener('click', () => {
    byPhone = !byPhone;
    layout();
    if (byPhone) phoneInput.focus();
  });

  scan.addEventListener('click', async () => {
    scan.disabled = true;
    try {
      await simulateScan();
    } catch (err) {
      toast.error(err);
    } finally {
      scan.disabled = false;
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const number = phoneInput.value.trim();
    if (!number) {
      toast.error('Type the phone number of your WhatsApp account first, with the country code (for example +14155552671).');
      return;
    }
    submit.disabled = true;
    try {
      code.textContent = await pairWithCode(number);
      codeHelp.hidden = false;
    } catch (err) {
      toast.error(err);
    } finally {
      submit.disabled = false;
    }
  });

  async function update(status) {
    const was = state;
    state = status.state;
    const pending = PAIRING_STATES.has(state);
    element.hidden = !pending && !(IDLE_STATES.has(state) && !status.phone);
    if (!pending) {
      byPhone = false;
      drawn = '';
      code.textContent = '';
      codeHelp.hidden = true;
    }
    layout();
    if (!pending || was === state) return;
    try {
      show(await pairing());
    } catch (err) {
      toast.error(err);
    }
  }

  return {
    element,
    update,
    destroy() {
      clearInterval(timer);
      stopEvents();
      stopDriver();
    },
  };
}
