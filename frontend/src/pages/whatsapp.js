// WhatsApp: the link between Herald and your WhatsApp account.
import { connectionBadge, connectionLabel, onConnection } from '../lib/connection.js';
import { h } from '../lib/dom.js';
import { emptyState } from '../lib/empty.js';

const headlines = {
  disconnected: 'Herald is not connected to WhatsApp yet.',
  connecting: 'Herald is connecting to WhatsApp…',
  pairing: 'Herald is waiting for you to link your phone.',
  connected: 'Herald is connected to WhatsApp.',
};

export default {
  id: 'whatsapp',
  title: 'WhatsApp',
  icon: 'fa-brands fa-whatsapp',
  render(container) {
    const { badge, unsubscribe: stopBadge } = connectionBadge({ class: 'connection-badge fs-6' });
    const panel = emptyState({
      icon: 'fa-brands fa-whatsapp',
      title: headlines.disconnected,
      text: [
        'Herald sends messages from your own WhatsApp account, linked the same way as WhatsApp on a computer. Linking your phone is not available in this version of Herald yet.',
      ],
      extra: h('p', { class: 'mb-0' }, 'Connection: ', badge),
    });
    const headline = panel.querySelector('h2');
    const stopHeadline = onConnection((state) => {
      headline.textContent = headlines[state] ?? `WhatsApp: ${connectionLabel(state)}`;
    });
    container.append(panel);
    return () => {
      stopBadge();
      stopHeadline();
    };
  },
};
