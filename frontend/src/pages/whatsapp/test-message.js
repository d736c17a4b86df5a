// "Send a test message": one message to one number, now, to see the link works.
import { sendTest } from '../../api/whatsapp.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';
import { connectionGate } from './gate.js';

/** testMessageCard() → {element, update(status)}. */
export function testMessageCard() {
  const phone = h('input', { type: 'tel', id: 'wa-test-phone', class: 'form-control', placeholder: '+14155552671', autocomplete: 'off' });
  const text = h('textarea', { id: 'wa-test-text', class: 'form-control', rows: 2 });
  text.value = 'Hello from Herald! This is a test message.';
  const send = h('button', { type: 'submit', id: 'wa-test-send', class: 'btn btn-primary' },
    icon('fa-solid fa-paper-plane me-2'), 'Send');
  const gate = connectionGate(send, 'wa-test-reason');
  const result = h('p', { id: 'wa-test-result', class: 'small text-body-secondary mt-2 mb-0', 'aria-live': 'polite' });

  const form = h('form', { class: 'row g-2', novalidate: true },
    h('div', { class: 'col-md-5' },
      h('label', { for: 'wa-test-phone', class: 'form-label' }, 'To (phone number)'), phone),
    h('div', { class: 'col-md-7' },
      h('label', { for: 'wa-test-text', class: 'form-label' }, 'Message'), text),
    h('div', { class: 'col-12' }, send, gate.reason));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const to = phone.value.trim();
    const body = text.value.trim();
    if (!to || !body) {
      toast.error(!to ? 'Type the phone number to send the test to.' : 'Write the message to send.');
      return;
    }
    gate.busy(true);
    result.textContent = 'Sending…';
    try {
      const { messageId, status } = await sendTest(to, body);
      const line = `Sent to ${to}. Message ID ${messageId}${status ? ` (${status})` : ''}.`;
      result.textContent = line;
      toast.success(line);
    } catch (err) {
      result.textContent = '';
      toast.error(err);
    } finally {
      gate.busy(false);
    }
  });

  const element = h('section', { class: 'card mb-3' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-paper-plane me-2'), 'Send a test message'),
    h('div', { class: 'card-body' },
      h('p', { class: 'text-body-secondary' },
        'Send one message now to check that Herald can reach WhatsApp. Write the number with its country code, for example +44 7700 900123.'),
      form, result));
  return { element, update: gate.update };
}
