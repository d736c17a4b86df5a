// The system's notifications, in the desktop window (Wails runtime); a browser has its own.
import { SendNotification } from '../../wailsjs/runtime/runtime.js';

/** Whether the window's runtime shows the system's notifications (not in a browser). */
export function nativeNotifications() {
  return typeof window.runtime?.SendNotification === 'function';
}

/** Shows a notification: {id, title, body}; a click on it comes back as the id's event. */
export function sendNotification(options) {
  return SendNotification(options);
}
