// Settings → Simulation: how Herald's WhatsApp simulator behaves. Rates are edited as
// percentages and stored as probabilities from 0 to 1.
import { setSimulatorSettings, simulatorSettings } from '../../api/whatsapp.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';

// key, input id, label, unit, explanation, percent (shown ×100), min, max, step
const FIELDS = [
  ['seed', 'sim-seed', 'Random seed', '', 'The same seed makes the simulator behave the same way every time: the same numbers are missing from WhatsApp, the same messages fail.', false, null, null, 1],
  ['latencyMinMs', 'sim-latency-min', 'Shortest sending time', 'ms', 'How long the fastest message takes to be accepted.', false, 0, null, 1],
  ['latencyMaxMs', 'sim-latency-max', 'Longest sending time', 'ms', 'How long the slowest message takes. Each message takes a random time between the two.', false, 0, null, 1],
  ['failRate', 'sim-fail-rate', 'Messages that fail', '%', 'The share of messages WhatsApp refuses with a server error (Herald tries them again later).', true, 0, 100, 0.1],
  ['notOnWhatsAppRate', 'sim-not-on-whatsapp-rate', 'Numbers without WhatsApp', '%', 'The share of phone numbers that have no WhatsApp account. The same number always gets the same answer.', true, 0, 100, 0.1],
  ['replyRate', 'sim-reply-rate', 'Contacts who reply', '%', 'The share of read messages that get a reply from the contact.', true, 0, 100, 0.1],
  ['disconnectRate', 'sim-disconnect-rate', 'Dropped connections', '% per minute', 'The chance, each minute while connected, that the connection drops (Herald reconnects by itself).', true, 0, 100, 0.1],
  ['rateLimitPerSec', 'sim-rate-limit', 'Rate limit', 'messages/s', 'WhatsApp refuses messages sent faster than this (short bursts of up to one second’s worth pass). 0 means no limit.', false, 0, null, 'any'],
  ['autoScanSec', 'sim-auto-scan', 'Scan the QR code by itself after', 's', 'The simulated phone scans the code after this many seconds. 0 means never: use "Simulate scan" on the WhatsApp page.', false, 0, null, 1],
];

// Percentages keep at most two decimals: 0.0125 shows as 1.25, not 1.2500000000000002.
const toPercent = (p) => Math.round(p * 10000) / 100;

function field([key, id, label, unit, help, , min, max, step]) {
  const input = h('input', { type: 'number', id, class: 'form-control', min, max, step, required: true, dataset: { key } });
  return {
    input,
    element: h('div', { class: 'col-md-6' },
      h('label', { for: id, class: 'form-label' }, label),
      unit ? h('div', { class: 'input-group' }, input, h('span', { class: 'input-group-text' }, unit)) : input,
      h('div', { class: 'form-text' }, help)),
  };
}

/** The Simulation card; resolves to its element, or rejects when the settings can't be read. */
export async function simulationCard() {
  const config = await simulatorSettings();
  const fields = FIELDS.map((spec) => ({ spec, ...field(spec) }));
  const fill = (values) => {
    for (const { spec: [key, , , , , percent], input } of fields) {
      const value = values?.[key] ?? 0;
      input.value = String(percent ? toPercent(value) : value);
    }
  };
  fill(config);

  const save = h('button', { type: 'submit', id: 'sim-save', class: 'btn btn-primary' }, 'Save');
  const form = h('form', { id: 'sim-form', novalidate: true },
    h('div', { class: 'row g-3 mb-3' }, fields.map((f) => f.element)),
    save);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const next = {};
    for (const { spec: [key, , label, , , percent, min, max], input } of fields) {
      const value = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(value) || (min !== null && value < min) || (max !== null && value > max)) {
        toast.error(`${label}: ${max !== null ? `enter a number from ${min} to ${max}` : min !== null ? `enter a number of ${min} or more` : 'enter a whole number'}.`);
        input.focus();
        return;
      }
      // Percentages become probabilities; counts are whole, except a rate limit such as 0.5/s.
      next[key] = percent ? value / 100 : key === 'rateLimitPerSec' ? value : Math.round(value);
    }
    if (next.latencyMaxMs < next.latencyMinMs) {
      toast.error('The longest sending time must not be shorter than the shortest.');
      return;
    }
    save.disabled = true;
    try {
      await setSimulatorSettings(next);
      fill(await simulatorSettings());
      toast.success('Saved. The simulator uses the new settings from now on.');
    } catch (err) {
      toast.error(err);
    } finally {
      save.disabled = false;
    }
  });

  return h('section', { id: 'simulation', class: 'card mb-3' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-flask me-2'), 'Simulation'),
    h('div', { class: 'card-body' },
      h('p', {},
        'Herald is connected to a simulated WhatsApp, so you can try campaigns without sending real messages. These settings make it behave more or less like the real service, including its failures.'),
      form));
}
