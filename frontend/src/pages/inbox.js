// Inbox: what people write to the linked number, grouped by number, newest first, and a
// conversation open beside the list to read and answer. #/inbox/<contactId> opens one
// (a negative id for a number that is no contact). Live through inbox:message events.
import { getConversation, listConversations } from '../api/inbox.js';
import { on } from '../api/events.js';
import { h } from '../lib/dom.js';
import { emptyState } from '../lib/empty.js';
import { throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';
import { askForNotifications, mountInboxBadge } from './inbox/badge.js';
import { conversationView } from './inbox/chat.js';
import { conversationList } from './inbox/list.js';
import './inbox/inbox.css';

/** The contact id an address names: #/inbox/12 or #/inbox/-3; 0 for none. */
function contactParam(param) {
  return /^-?[1-9]\d{0,15}$/.test(param ?? '') ? Number(param) : 0;
}

export default {
  id: 'inbox',
  title: 'Inbox',
  icon: 'fa-solid fa-inbox',
  badge: mountInboxBadge,
  async render(container, { param } = {}) {
    const placeholder = h('section', { id: 'inbox-none', class: 'card inbox-chat' },
      h('div', { class: 'card-body text-body-secondary d-flex align-items-center justify-content-center' },
        'Choose a conversation to read it and answer.'));
    let chat = null;
    const list = conversationList({ onOpen: (c) => open(c) });
    const empty = emptyState({
      icon: 'fa-solid fa-inbox',
      title: 'No messages yet',
      text: 'When someone writes to your WhatsApp number (a reply to a campaign or a message of their own), it shows here, and you can answer.',
      steps: [{ text: 'Send a campaign.', href: '#/campaigns', linkText: 'Campaigns' }],
    });
    const grid = h('div', { class: 'inbox-grid' }, list.element, placeholder);
    container.append(empty, grid);

    function open(c) {
      chat?.destroy();
      const view = conversationView({ conversation: c, onChanged: () => refresh() });
      (chat?.element ?? placeholder).replaceWith(view.element);
      chat = view;
      list.select(c.conversationId);
      window.history.replaceState(null, '', `#/inbox/${c.contactId}`);
      askForNotifications();
      return view.ready;
    }

    async function showEmpty() {
      try {
        const all = await listConversations({ limit: 1 });
        empty.hidden = (all?.total ?? 0) > 0;
        grid.hidden = !empty.hidden;
      } catch (err) {
        toast.error(err);
      }
    }

    const refresh = throttle(() => list.refresh(), 250);
    const stop = on('inbox:message', (event) => {
      if (chat && event?.conversation?.conversationId === chat.conversationId) chat.update(event);
      refresh();
      if (!empty.hidden) showEmpty();
    });

    await Promise.all([list.ready, showEmpty()]);
    const wanted = contactParam(param);
    if (wanted) {
      try {
        await open(await getConversation(wanted));
      } catch (err) {
        toast.error(err);
      }
    }

    return () => {
      stop();
      refresh.cancel();
      chat?.destroy();
    };
  },
};
