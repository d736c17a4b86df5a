// The timeline of connection states, newest first, refreshed when the state changes.
import { on } from '../../api/events.js';
import { connectionHistory } from '../../api/whatsapp.js';
import { connectionLabel } from '../../lib/connection.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime, plural } from '../../lib/format.js';
import { throttle } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';

const PAGE = 25;

/** historyCard() → {element, destroy()}. */
export function historyCard() {
  const list = h('ol', { id: 'wa-history', class: 'wa-history list-unstyled mb-0', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', id: 'wa-history-more', class: 'btn btn-sm btn-outline-secondary mt-2', hidden: true }, 'Show older');
  const count = h('span', { class: 'ms-auto small text-body-secondary' });
  const element = h('section', { class: 'card mb-3' },
    h('div', { class: 'card-header d-flex align-items-center' },
      icon('fa-solid fa-clock-rotate-left me-2'), 'Connection history', count),
    h('div', { class: 'card-body' }, list, more));

  let shown = PAGE;

  function entry({ state, at, detail }) {
    return h('li', { class: 'wa-history-item', dataset: { state } },
      h('time', { datetime: at, class: 'wa-history-time' }, formatDateTime(at)),
      h('span', { class: 'connection-badge', dataset: { state } }, connectionLabel(state)),
      detail && h('span', { class: 'wa-history-detail' }, detail));
  }

  async function load() {
    try {
      const { items = [], total = 0 } = await connectionHistory({ offset: 0, limit: shown });
      list.replaceChildren(...(items.length
        ? items.map(entry)
        : [h('li', { class: 'text-body-secondary' }, 'Nothing yet: every change of the connection will be listed here.')]));
      count.textContent = plural(total, 'change');
      more.hidden = items.length >= total;
    } catch (err) {
      toast.error(err);
    }
  }

  more.addEventListener('click', () => {
    shown += PAGE;
    load();
  });

  const reload = throttle(load, 250);
  const stop = on('whatsapp:status', reload);
  load();

  return {
    element,
    destroy() {
      stop();
      reload.cancel();
    },
  };
}
