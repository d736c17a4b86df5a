// The sidebar's count of unread conversations, and a notification of each message that
// arrives while Herald is not in front, which opens its conversation.
import { unreadConversations } from '../../api/inbox.js';
import { on } from '../../api/events.js';
import { nativeNotifications, sendNotification } from '../../api/notifications.js';
import { h } from '../../lib/dom.js';

/** Shows the unread count on the Inbox link and keeps it live. */
export function mountInboxBadge(link) {
  const badge = h('span', { id: 'inbox-unread', class: 'badge rounded-pill text-bg-danger ms-auto', hidden: true,
    'aria-label': 'Unread conversations' });
  link.append(badge);
  const show = (n) => {
    const count = Number(n) || 0;
    badge.textContent = count > 99 ? '99+' : String(count);
    badge.hidden = count === 0;
    link.dataset.unread = String(count);
  };
  unreadConversations().then(show).catch(() => {});
  on('inbox:unread', show);
  on('inbox:message', notify);
  // A click on the desktop's notification (app.go) opens the conversation.
  on('inbox:open', (contactId) => {
    window.location.hash = `#/inbox/${contactId}`;
  });
}

/** A notification of an incoming message while the window is hidden or not focused. */
function notify(event) {
  const { conversation, message } = event ?? {};
  if (!conversation || message?.direction !== 'in') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const who = conversation.name || conversation.phone;
  if (nativeNotifications()) {
    Promise.resolve()
      .then(() => sendNotification({ id: `inbox:${conversation.contactId}`, title: `Message from ${who}`, body: message.text }))
      .catch(() => {});
    return;
  }
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const note = new Notification(`Message from ${who}`, { body: message.text, tag: `inbox-${conversation.conversationId}` });
  note.onclick = () => {
    window.focus();
    window.location.hash = `#/inbox/${conversation.contactId}`;
    note.close();
  };
}

/** Asks once, from a click in the Inbox, whether the browser may show notifications. */
export function askForNotifications() {
  if (!nativeNotifications() && typeof Notification !== 'undefined' && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
  }
}
