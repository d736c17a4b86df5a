// Events from the backend (desktop: Wails runtime; browser: the serve-mode shim).
import { EventsOn, EventsEmit } from '../../wailsjs/runtime/runtime.js';

/** Calls handler(payload) for each event named `name`; returns a function that stops it. */
export function on(name, handler) {
  return EventsOn(name, handler);
}

/** Sends an event to the backend (and to other listeners). */
export function emit(name, ...data) {
  EventsEmit(name, ...data);
}
