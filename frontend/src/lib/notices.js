// Herald's notices on the desktop: a campaign finished or stopped, a backup failed. The
// window shows them with the system's notifications while it is not in front (a click on
// one opens what it tells of: app.go answers with app:open); otherwise, and always in a
// browser, they show as a toast.
import { on } from '../api/events.js';
import { nativeNotifications, sendNotification } from '../api/notifications.js';
import { toast } from './toast.js';

/** Listens for the notices for the life of the page. */
export function watchNotices() {
  on('notice:desktop', (notice) => {
    const { id, title, body } = notice ?? {};
    if (!title) return;
    const inFront = document.visibilityState === 'visible' && document.hasFocus();
    if (nativeNotifications() && !inFront) {
      Promise.resolve().then(() => sendNotification({ id, title, body })).catch(() => {});
      return;
    }
    const text = body ? `${title}: ${body}` : title;
    if (/^campaign:/.test(id ?? '') && title === 'Campaign finished') toast.success(text);
    else toast.warning(text);
  });
  on('app:open', (hash) => {
    if (typeof hash === 'string' && hash.startsWith('#/')) window.location.hash = hash;
  });
}
