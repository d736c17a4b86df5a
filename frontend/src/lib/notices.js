// Herald's notices on the desktop: a campaign finished or stopped, a backup failed. The
// window shows them with the system's notifications, a click on which opens what they tell
// of (app.go answers with app:open); a browser shows them as a toast.
import { on } from '../api/events.js';
import { nativeNotifications, sendNotification } from '../api/notifications.js';
import { toast } from './toast.js';

/** Listens for the notices for the life of the page. */
export function watchNotices() {
  on('notice:desktop', (notice) => {
    const { id, title, body } = notice ?? {};
    if (!title) return;
    if (nativeNotifications()) {
      Promise.resolve().then(() => sendNotification({ id, title, body })).catch(() => {});
      return;
    }
    const text = body ? `${title}: ${body}` : title;
    if (/stopped|failed/i.test(title)) toast.error(text);
    else toast.success(text);
  });
  on('app:open', (hash) => {
    if (typeof hash === 'string' && hash.startsWith('#/')) window.location.hash = hash;
  });
}
