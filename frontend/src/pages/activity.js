// Activity: everything done in Herald, newest first, paged by the backend.
import { activityKinds, listActivity } from '../api/activity.js';
import { on } from '../api/events.js';
import DataTable, { textRenderer } from '../lib/datatable.js';
import { h } from '../lib/dom.js';
import { emptyState } from '../lib/empty.js';
import { formatDateTime } from '../lib/format.js';
import { throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';

const columns = [
  { data: 'at', title: 'When', className: 'text-nowrap', render: textRenderer(formatDateTime) },
  { data: 'kind', title: 'Kind', render: textRenderer(String, (kind) => `<span class="badge text-bg-secondary">${kind}</span>`) },
  { data: 'action', title: 'Action', render: textRenderer() },
  { data: 'summary', title: 'What', render: textRenderer() },
];

export default {
  id: 'activity',
  title: 'Activity',
  icon: 'fa-solid fa-clock-rotate-left',
  async render(container) {
    const kindSelect = h('select', { id: 'activity-kind', class: 'form-select form-select-sm', 'aria-label': 'Show only one kind' },
      h('option', { value: '' }, 'All kinds'));
    const empty = emptyState({
      icon: 'fa-solid fa-clock-rotate-left',
      title: 'No activity yet',
      text: 'Nothing has happened yet. Everything you do in Herald — adding contacts, sending campaigns, changing settings — is listed here.',
    });
    empty.hidden = true;
    const kindFilter = h('div', { class: 'activity-kind-filter' },
      h('label', { for: 'activity-kind' }, 'Show'), kindSelect);
    const tableEl = h('table', { id: 'activity-table', class: 'table table-sm table-striped table-hover align-middle w-100' });
    const card = h('section', { class: 'card' }, h('div', { class: 'card-body' }, tableEl));
    container.append(empty, card);

    let left = false;
    let firstDraw;
    const drawn = new Promise((resolve) => { firstDraw = resolve; });

    async function fetchPage(query) {
      try {
        const page = await listActivity(query);
        return { items: page?.items ?? [], total: page?.total ?? 0, failed: false };
      } catch (err) {
        if (!left) toast.error(err);
        return { items: [], total: 0, failed: true };
      }
    }

    function addKind(kind) {
      if (!kind || [...kindSelect.options].some((option) => option.value === kind)) return;
      kindSelect.append(h('option', { value: kind }, kind));
    }

    const table = new DataTable(tableEl, {
      serverSide: true,
      ordering: false,
      pageLength: 25,
      columns,
      layout: {
        topStart: kindFilter,
        topEnd: 'search',
        bottomStart: ['info', 'pageLength'],
        bottomEnd: 'paging',
      },
      language: {
        search: 'Search:',
        searchPlaceholder: 'Words in the entry',
        zeroRecords: 'No entries match what you are looking for.',
        emptyTable: 'No entries match what you are looking for.',
        info: 'Entries _START_ to _END_ of _TOTAL_',
        lengthMenu: '_MENU_ per page',
        infoEmpty: 'No entries',
        infoFiltered: '',
      },
      ajax(data, callback) {
        const query = { offset: data.start, limit: data.length, kind: kindSelect.value, search: data.search.value };
        fetchPage(query).then(({ items, total, failed }) => {
          if (left) return;
          // The friendly empty state only when the log itself is empty, not when a filter finds nothing.
          const nothingAtAll = !failed && total === 0 && !query.kind && !query.search;
          empty.hidden = !nothingAtAll;
          card.hidden = nothingAtAll;
          callback({ draw: data.draw, recordsTotal: total, recordsFiltered: total, data: items });
          firstDraw();
        });
      },
    });

    kindSelect.addEventListener('change', () => table.ajax.reload());

    const reload = throttle(() => table.ajax.reload(null, false), 250);
    const stopListening = on('activity:new', (entry) => {
      addKind(entry?.kind);
      reload();
    });

    try {
      ((await activityKinds()) ?? []).forEach(addKind);
    } catch (err) {
      toast.error(err);
    }
    await drawn;

    return () => {
      left = true;
      stopListening();
      reload.cancel();
      table.destroy();
    };
  },
};
