// The recipients of one campaign (#campaign-recipients): a server-side DataTable paged
// through CampaignService.Recipients, with search, a state filter, the times of each
// step and why a message failed or was skipped.
import { campaignRecipients } from '../../api/campaigns.js';
import DataTable, { clipHtml, escapeHtml } from '../../lib/datatable.js';
import { h } from '../../lib/dom.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { phoneHtml } from '../../lib/phone.js';
import { toast } from '../../lib/toast.js';
import { RECIPIENT_STATES } from './states.js';

const display = (render) => (value, type, row) => (type === 'display' ? render(value, row) : value);
const TIMES = ['sentAt', 'deliveredAt', 'readAt', 'repliedAt'];
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/**
 * Writes each time of a page of recipients for the table into row.shown: the date only where
 * it changes down its column, the time alone below it, so a column of one day reads as times.
 */
function showTimes(items) {
  const lastDay = {};
  for (const row of items) {
    row.shown = {};
    for (const key of TIMES) {
      const at = row[key];
      if (!at) continue;
      const day = formatDate(at);
      row.shown[key] = day === lastDay[key] ? clock.format(new Date(at)) : formatDateTime(at);
      lastDay[key] = day;
    }
  }
  return items;
}

/** The time key of row as showTimes wrote it, with the full date and time on hover. */
const timeHtml = (key, at, row) => (at
  ? clipHtml(formatDateTime(at), `<span class="campaign-time" title="${escapeHtml(formatDateTime(at))}">${escapeHtml(row.shown?.[key] ?? formatDateTime(at))}</span>`) : '');
const time = (key) => display((at, row) => timeHtml(key, at, row));

const columns = [
  {
    data: 'name',
    title: 'Name',
    render: display((name) => (name ? clipHtml(name) : '<span class="text-body-secondary fst-italic">No name</span>')),
  },
  { data: 'phone', title: 'Phone', type: 'string', className: 'col-phone', render: display(phoneHtml) },
  {
    data: 'state',
    title: 'State',
    className: 'col-state',
    render: display((state) => {
      const s = RECIPIENT_STATES[state] ?? { label: state, cls: 'text-bg-secondary' };
      return `<span class="badge ${s.cls} recipient-state" data-state="${escapeHtml(state)}">${escapeHtml(s.label)}</span>`;
    }),
  },
  { data: 'sentAt', title: 'Sent', className: 'col-time col-optional small campaign-recipient-sent', render: time('sentAt') },
  { data: 'deliveredAt', title: 'Delivered', className: 'col-time col-optional small', render: time('deliveredAt') },
  { data: 'readAt', title: 'Read', className: 'col-time col-optional small', render: time('readAt') },
  {
    data: 'repliedAt',
    title: 'Reply',
    className: 'small campaign-recipient-reply',
    render: display((at, row) => (at
      ? `<span class="text-nowrap">${timeHtml('repliedAt', at, row)}</span>${row.reply ? `<div class="recipient-reply">${escapeHtml(row.reply)}</div>` : ''}`
      : '')),
  },
  {
    data: 'error',
    title: 'Problem',
    className: 'small campaign-recipient-error',
    render: display((error, row) => [
      error ? `<span class="recipient-error">${escapeHtml(error)}</span>` : '',
      row.attempts > 1 ? `<div class="text-body-secondary">${Number(row.attempts)} attempts</div>` : '',
    ].join('')),
  },
];

/** recipientsTable({tableEl, campaignId}) → {reload(), showState(state), destroy()} */
export function recipientsTable({ tableEl, campaignId }) {
  let left = false;
  // The columns keep their widths and the table its card's (.table-fit in styles.css).
  tableEl.classList.add('table-fit');
  const stateSelect = h('select', { id: 'campaign-recipients-state', class: 'form-select form-select-sm', 'aria-label': 'Show only recipients in this state' },
    h('option', { value: '' }, 'Every state'),
    Object.entries(RECIPIENT_STATES).map(([value, s]) => h('option', { value }, s.label)));
  const stateFilter = h('div', { class: 'campaign-recipients-filter' }, h('label', { for: 'campaign-recipients-state' }, 'Show'), stateSelect);

  const table = new DataTable(tableEl, {
    serverSide: true,
    processing: false,
    ordering: false,
    searchDelay: 300,
    autoWidth: false,
    pageLength: 25,
    lengthMenu: [25, 50, 100, 250],
    rowId: (row) => `recipient-${row.contactId}`,
    columns,
    layout: {
      topStart: stateFilter,
      topEnd: 'search',
      bottomStart: ['info', 'pageLength'],
      bottomEnd: 'paging',
    },
    language: {
      search: 'Search:',
      searchPlaceholder: 'Name or number',
      zeroRecords: 'No recipients match what you are looking for.',
      emptyTable: 'No recipients yet: they are chosen when the campaign starts.',
      info: 'Recipients _START_ to _END_ of _TOTAL_',
      infoEmpty: 'No recipients',
      infoFiltered: '',
      lengthMenu: '_MENU_ per page',
    },
    ajax(data, callback) {
      const query = { search: data.search.value, state: stateSelect.value, offset: data.start, limit: data.length };
      campaignRecipients(campaignId, query).then(
        (page) => {
          if (left) return;
          const total = page?.total ?? 0;
          callback({ draw: data.draw, recordsTotal: total, recordsFiltered: total, data: showTimes(page?.items ?? []) });
        },
        (err) => {
          if (left) return;
          toast.error(err);
          callback({ draw: data.draw, recordsTotal: 0, recordsFiltered: 0, data: [] });
        });
    },
  });
  stateSelect.addEventListener('change', () => table.ajax.reload());

  return {
    /** Fetches the current page again (live updates keep the page and the search). */
    reload: () => table.ajax.reload(null, false),
    /** Shows only the recipients in state ('' for all), from the first page. */
    showState(state) {
      stateSelect.value = state;
      table.ajax.reload();
    },
    destroy() {
      left = true;
      table.destroy();
    },
  };
}
