// WhatsApp: the link between Herald and your WhatsApp account. The cards live in
// ./whatsapp/; this module lays them out and feeds them the connection status.
import { whatsappStatus } from '../api/whatsapp.js';
import { onConnection } from '../lib/connection.js';
import { h } from '../lib/dom.js';
import { toast } from '../lib/toast.js';
import { checkCard } from './whatsapp/check.js';
import { driversCard } from './whatsapp/drivers.js';
import { historyCard } from './whatsapp/history.js';
import { pairingCard } from './whatsapp/pairing.js';
import { statusCard } from './whatsapp/status.js';
import { testMessageCard } from './whatsapp/test-message.js';
import './whatsapp/whatsapp.css';

export default {
  id: 'whatsapp',
  title: 'WhatsApp',
  icon: 'fa-brands fa-whatsapp',
  async render(container) {
    const drivers = driversCard();
    const status = statusCard();
    const pairing = pairingCard();
    const test = testMessageCard();
    const check = checkCard();
    const history = historyCard();
    pairing.element.hidden = true;
    container.append(h('div', { class: 'row g-3' },
      h('div', { class: 'col-xl-7' }, drivers.element, status.element, pairing.element, test.element, check.element),
      h('div', { class: 'col-xl-5' }, history.element)));

    const apply = (next) => {
      status.update(next);
      pairing.update(next);
      test.update(next);
      check.update(next);
    };
    // Events from now on; the status asked for below is older than any of them.
    let heard = false;
    let subscribed = false;
    const stop = onConnection((_state, next) => {
      if (!subscribed) return; // the app-wide copy may predate this page's own question
      heard = true;
      apply(next);
    });
    subscribed = true;
    try {
      const now = await whatsappStatus();
      if (!heard) apply(now);
    } catch (err) {
      toast.error(err);
    }

    return () => {
      stop();
      drivers.destroy();
      status.destroy();
      pairing.destroy();
      check.destroy();
      history.destroy();
    };
  },
};
