// "Check which contacts are on WhatsApp": asks about every contact, 500 at a time, and
// remembers the answer on each contact.
import { listContacts } from '../../api/contacts.js';
import { checkNumbers } from '../../api/whatsapp.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount, plural } from '../../lib/format.js';
import { toast } from '../../lib/toast.js';
import { connectionGate } from './gate.js';

const CHUNK = 500;

/** checkCard() → {element, update(status), destroy()}; leaving the page stops a check between chunks. */
export function checkCard() {
  const button = h('button', { type: 'button', id: 'wa-check', class: 'btn btn-outline-primary' },
    icon('fa-solid fa-address-book me-2'), 'Check all contacts');
  const result = h('p', { id: 'wa-check-result', class: 'mt-2 mb-0', 'aria-live': 'polite' });
  const gate = connectionGate(button, 'wa-check-reason');
  let stopped = false;

  button.addEventListener('click', async () => {
    gate.busy(true);
    const sum = { checked: 0, onWhatsApp: 0, notOnWhatsApp: 0 };
    try {
      let total = Infinity;
      for (let offset = 0; offset < total && !stopped; offset += CHUNK) {
        const page = await listContacts({ sort: 'name', offset, limit: CHUNK });
        total = page.total;
        const ids = (page.items ?? []).map((c) => c.id);
        if (ids.length === 0) break;
        const got = await checkNumbers(ids);
        sum.checked += got.checked;
        sum.onWhatsApp += got.onWhatsApp;
        sum.notOnWhatsApp += got.notOnWhatsApp;
        result.textContent = `Checked ${formatCount(sum.checked)} of ${formatCount(total)} contacts…`;
      }
      result.textContent = sum.checked === 0
        ? 'There are no contacts to check yet.'
        : `Checked ${plural(sum.checked, 'contact')}: ${formatCount(sum.onWhatsApp)} on WhatsApp, ${formatCount(sum.notOnWhatsApp)} not on WhatsApp.`;
    } catch (err) {
      result.textContent = sum.checked
        ? `Stopped after ${plural(sum.checked, 'contact')}: ${formatCount(sum.onWhatsApp)} on WhatsApp, ${formatCount(sum.notOnWhatsApp)} not.`
        : '';
      toast.error(err);
    } finally {
      gate.busy(false);
    }
  });

  const element = h('section', { class: 'card mb-3' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-user-check me-2'), 'Check which contacts are on WhatsApp'),
    h('div', { class: 'card-body' },
      h('p', { class: 'text-body-secondary' },
        'Herald asks WhatsApp about every contact in your book, 500 at a time, and notes the answer and today’s date on each contact. WhatsApp must be connected.'),
      button, gate.reason, result));
  return { element, update: gate.update, destroy: () => { stopped = true; } };
}
