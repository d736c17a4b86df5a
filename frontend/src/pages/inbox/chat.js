// One conversation, like a chat: the campaign messages and answers Herald sent, with their
// receipts, and the contact's messages in order; a reply box at the bottom.
import { createContact } from '../../api/contacts.js';
import { conversationMessages, markRead, markUnread, sendAnswer } from '../../api/inbox.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime } from '../../lib/format.js';
import { confirmDialog } from '../../lib/modal.js';
import { formatPhone } from '../../lib/phone.js';
import { toast } from '../../lib/toast.js';
import { quickReplies } from './quick.js';

const PAGE = 50;

const STATE_WORDS = {
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
  unconfirmed: 'Not confirmed',
};

/**
 * conversationView({conversation, onChanged()}) -> {element, conversationId, update(event), ready, destroy()}
 * update takes an inbox:message event of this conversation.
 */
export function conversationView({ conversation, onChanged }) {
  let conv = conversation;
  const title = h('h2', { id: 'inbox-chat-title', class: 'h5 mb-0 text-truncate' });
  const sub = h('div', { class: 'small text-body-secondary' });
  const addButton = h('button', { type: 'button', id: 'inbox-add-contact', class: 'btn btn-outline-primary btn-sm' },
    icon('fa-solid fa-user-plus me-1'), 'Add to contacts');
  const unreadButton = h('button', { type: 'button', id: 'inbox-toggle-read', class: 'btn btn-outline-secondary btn-sm' });
  const optedOut = h('div', { id: 'inbox-opted-out', class: 'alert alert-info py-1 px-2 mb-0 small', hidden: true },
    icon('fa-solid fa-circle-info me-1'),
    'Opted out of campaigns: Herald sends them none, but you can answer, since they wrote to you.');
  const earlier = h('button', { type: 'button', id: 'inbox-earlier', class: 'btn btn-link btn-sm align-self-center', hidden: true },
    'Earlier messages');
  const list = h('div', { id: 'inbox-messages', class: 'inbox-messages d-flex flex-column gap-2', 'aria-live': 'polite' });
  const scroller = h('div', { class: 'inbox-scroll flex-grow-1 d-flex flex-column' }, earlier, list);
  const text = h('textarea', { id: 'inbox-reply', class: 'form-control', rows: '2', maxlength: '4096',
    placeholder: 'Write an answer, or / for a quick reply', 'aria-label': 'Your answer' });
  const send = h('button', { type: 'submit', id: 'inbox-send', class: 'btn btn-primary text-nowrap' }, icon('fa-solid fa-paper-plane me-1'), 'Send');
  const quick = quickReplies(text, { conversation: () => conv });
  const form = h('form', { class: 'd-flex gap-2 align-items-end inbox-reply position-relative' }, quick.element, text, send);
  const element = h('section', { id: 'inbox-chat', class: 'card inbox-chat' },
    h('div', { class: 'card-header d-flex align-items-center gap-2 flex-wrap' },
      h('div', { class: 'me-auto text-truncate' }, title, sub), addButton, unreadButton),
    h('div', { class: 'card-body d-flex flex-column gap-2 inbox-chat-body' }, optedOut, scroller, form));

  const messages = new Map(); // id -> element
  let loaded = 0;
  let total = 0;
  let unread = conv.unread > 0;

  function drawHeader() {
    title.textContent = conv.name || formatPhone(conv.phone);
    sub.textContent = conv.name ? formatPhone(conv.phone) : 'Not in your contacts';
    addButton.hidden = conv.inContacts;
    optedOut.hidden = !conv.optedOut;
    unreadButton.textContent = unread ? 'Mark read' : 'Mark unread';
    element.dataset.contact = String(conv.contactId);
  }

  function bubble(m) {
    const mine = m.direction === 'out';
    const meta = [formatDateTime(m.at)];
    if (mine) meta.push(STATE_WORDS[m.state] ?? m.state);
    const el = h('div', { class: `inbox-message ${mine ? 'inbox-out align-self-end' : 'inbox-in align-self-start'}`,
      dataset: { id: String(m.id), direction: m.direction, state: m.state || '' } },
    m.campaignId > 0 && mine && h('div', { class: 'inbox-campaign small' }, icon('fa-solid fa-paper-plane me-1'),
      `Campaign “${m.campaignName}”`),
    m.campaignId > 0 && !mine && h('div', { class: 'inbox-campaign small' }, icon('fa-solid fa-reply me-1'), 'Reply to a campaign'),
    m.test && h('div', { class: 'inbox-campaign inbox-test small' }, icon('fa-solid fa-flask me-1'), 'Test sent to you'),
    h('div', { class: 'inbox-text' }, m.text),
    h('div', { class: 'inbox-meta small' }, meta.join(' · ')),
    m.error && h('div', { class: 'inbox-error small' }, m.error));
    return el;
  }

  /** Puts m in its place: replaced where shown, else added at the end. */
  function put(m) {
    const el = bubble(m);
    const old = messages.get(m.id);
    if (old) old.replaceWith(el);
    else list.append(el);
    messages.set(m.id, el);
    return !old;
  }

  function scrollDown() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  async function loadEarlier() {
    try {
      const page = await conversationMessages(conv.contactId, { offset: loaded, limit: PAGE });
      total = page.total ?? 0;
      const els = [];
      for (const m of page.items ?? []) {
        if (messages.has(m.id)) continue;
        const el = bubble(m);
        messages.set(m.id, el);
        els.push(el);
      }
      list.prepend(...els);
      loaded += (page.items ?? []).length;
      earlier.hidden = loaded >= total;
    } catch (err) {
      toast.error(err);
    }
  }

  async function read() {
    if (!unread) return;
    unread = false;
    drawHeader();
    try {
      await markRead(conv.contactId);
      onChanged();
    } catch (err) {
      toast.error(err);
    }
  }

  unreadButton.addEventListener('click', async () => {
    try {
      if (unread) await markRead(conv.contactId);
      else await markUnread(conv.contactId);
      unread = !unread;
      drawHeader();
      onChanged();
    } catch (err) {
      toast.error(err);
    }
  });

  earlier.addEventListener('click', () => loadEarlier());

  addButton.addEventListener('click', async () => {
    const name = await confirmDialog({ title: 'Add to contacts', text: `Add ${formatPhone(conv.phone)} to your contacts.`,
      confirmLabel: 'Add', field: { label: 'Name', placeholder: 'e.g. Ana Souza' } });
    if (name === null) return;
    try {
      const contact = await createContact({ name: name.trim(), phone: conv.phone });
      conv = { ...conv, contactId: contact.id, name: contact.name, inContacts: true };
      drawHeader();
      onChanged();
      toast.success('Added to your contacts.');
    } catch (err) {
      toast.error(err);
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return;
    send.disabled = true;
    try {
      const m = await sendAnswer(conv.contactId, text.value);
      text.value = '';
      if (put(m)) loaded += 1;
      scrollDown();
      unread = false;
      drawHeader();
      onChanged();
    } catch (err) {
      toast.error(err);
    } finally {
      send.disabled = false;
      text.focus();
    }
  });

  drawHeader();
  const ready = loadEarlier().then(() => {
    scrollDown();
    return read();
  });

  return {
    element,
    conversationId: conv.conversationId,
    ready,
    /** Takes an inbox:message event of this conversation. */
    update({ conversation: fresh, message }) {
      conv = { ...conv, ...fresh };
      if (put(message)) {
        loaded += 1;
        scrollDown();
      }
      unread = fresh.unread > 0;
      drawHeader();
      if (message.direction === 'in' && document.visibilityState === 'visible') read();
    },
    destroy() {
      quick.destroy();
    },
  };
}
