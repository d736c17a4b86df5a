// "Send a test to me": the message rendered for a chosen contact, sent to the user's own
// number (the one set in Settings for tests, else the linked phone's), marked as a test in
// the inbox and counted in no campaign. Used by the template editor and the campaign
// wizard's review.
import { sendTest, testNumber } from '../../api/inbox.js';
import { h, icon } from '../../lib/dom.js';
import { formatPhone } from '../../lib/phone.js';

/**
 * testSendButton({id, body(), contactId()}) → {element}. The button is #id, what became of
 * the test is in #id-note.
 */
export function testSendButton({ id, body, contactId }) {
  const button = h('button', { type: 'button', id, class: 'btn btn-outline-primary btn-sm' }, icon('fa-solid fa-mobile-screen me-2'), 'Send a test to me');
  const note = h('div', { id: `${id}-note`, class: 'small mt-1', role: 'status' });
  const element = h('div', { class: 'test-send' }, button, note);

  function say(kind, ...parts) {
    note.className = `small mt-1 ${kind === 'error' ? 'text-danger' : kind === 'ok' ? 'text-success' : 'text-body-secondary'}`;
    note.replaceChildren(...parts);
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const to = await testNumber();
      if (!to?.phone) {
        say('error', 'Herald does not know your own number yet: set “My number for tests” in ',
          h('a', { href: '#/settings', id: `${id}-settings` }, 'Settings'), ', or link your phone on the ',
          h('a', { href: '#/whatsapp' }, 'WhatsApp page'), '.');
        return;
      }
      const contact = Number(contactId());
      if (!contact) {
        say('error', 'Add a contact first: the test is the message as one of your contacts would receive it.');
        return;
      }
      say('', 'Sending…');
      const m = await sendTest(body(), contact);
      if (m.state === 'failed' || m.state === 'unconfirmed') say('error', m.error || 'The test was not sent.');
      else say('ok', icon('fa-solid fa-check me-1'), `Test sent to ${formatPhone(to.phone)}. It is in the `, h('a', { href: '#/inbox' }, 'inbox'), ', marked as a test.');
    } catch (err) {
      say('error', err?.message ?? String(err));
    } finally {
      button.disabled = false;
    }
  });
  return { element };
}
