// A button that needs WhatsApp connected: disabled, with the reason written under it, until
// the connection events say it is connected.
import { h } from '../../lib/dom.js';

const REASON = 'WhatsApp is not connected. Connect it above to use this.';

/**
 * connectionGate(button, id) → {reason, update(status), busy(on)}: put `reason` (#id) under
 * the button; update() with each connection status; busy() while the button's work runs.
 */
export function connectionGate(button, id) {
  const reason = h('p', { id, class: 'wa-gate-reason form-text mt-2 mb-0' }, REASON);
  button.setAttribute('aria-describedby', id);
  let connected = false;
  let working = false;

  function sync() {
    button.disabled = working || !connected;
    reason.hidden = connected;
    if (connected) button.removeAttribute('title');
    else button.title = REASON;
  }
  sync();

  return {
    reason,
    update(status) {
      connected = status?.state === 'connected';
      sync();
    },
    busy(on) {
      working = on;
      sync();
    },
  };
}
