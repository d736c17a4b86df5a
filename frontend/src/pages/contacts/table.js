// The contact list: a server-side DataTable with a selection that survives paging.
import { listContacts } from '../../api/contacts.js';
import DataTable, { clipHtml, clippedText, escapeHtml, textRenderer } from '../../lib/datatable.js';
import { formatDate } from '../../lib/format.js';
import { phoneHtml } from '../../lib/phone.js';
import { toast } from '../../lib/toast.js';

const display = (render) => (value, type, row) => (type === 'display' ? render(value, row) : value);

// `name` is the List sort key of the orderable columns. The col-* classes give the
// columns their widths (styles.css); the col-optional ones give way on narrow windows.
const columns = [
  {
    data: 'id',
    orderable: false,
    className: 'contacts-select-cell col-select',
    title: '<input type="checkbox" class="form-check-input" id="contacts-select-page" aria-label="Select every contact on this page">',
    render: display((id) => `<input type="checkbox" class="form-check-input contact-select" value="${Number(id)}" aria-label="Select">`),
  },
  {
    data: 'name',
    name: 'name',
    title: 'Name',
    className: 'col-name',
    render: display((name, row) => (name
      ? clipHtml(name)
      : `<span class="cell-clip text-body-secondary">${phoneHtml(row.phone)}</span>`)),
  },
  { data: 'phone', name: 'phone', title: 'Phone', type: 'string', className: 'col-phone', render: display(phoneHtml) },
  { data: 'email', title: 'Email', orderable: false, className: 'col-email', render: clippedText() },
  { data: 'company', title: 'Company', orderable: false, className: 'col-company col-optional', render: clippedText() },
  {
    data: 'tags',
    title: 'Tags',
    orderable: false,
    className: 'col-tags col-optional',
    render: display((tags) => (tags?.length
      ? clipHtml(tags.join(', '), tags.map((tag) => `<span class="badge text-bg-secondary contact-tag">${escapeHtml(tag)}</span>`).join(' '))
      : '')),
  },
  {
    data: 'optedOut',
    title: 'Opted out',
    orderable: false,
    className: 'col-optout',
    render: display((optedOut, row) => (optedOut
      ? `<span class="badge text-bg-warning" title="${escapeHtml(row.optedOutReason || 'Opted out')}"><i class="fa-solid fa-ban me-1" aria-hidden="true"></i>Opted out</span>`
      : '')),
  },
  { data: 'createdAt', name: 'createdAt', title: 'Added', type: 'string', className: 'col-date col-optional', render: textRenderer(formatDate) },
  {
    data: null,
    orderable: false,
    className: 'col-actions text-end',
    render: display(() => '<button type="button" class="btn btn-sm btn-outline-secondary contact-edit" title="Edit" aria-label="Edit"><i class="fa-solid fa-pen" aria-hidden="true"></i></button>'),
  },
];

/**
 * contactsTable({tableEl, filters() → {search, tags, optedOut}, onLoaded({total, failed}),
 * onSelection(selectedIds), onEdit(contact)}) → {reload(keepPage), selected, clearSelection(), destroy()}
 */
export function contactsTable({ tableEl, filters, onLoaded, onSelection, onEdit }) {
  const selected = new Set();
  let left = false;
  let loaded = null; // what the last answer said, until its rows are drawn

  const table = new DataTable(tableEl, {
    serverSide: true,
    processing: true,
    searching: false,
    autoWidth: false,
    pageLength: 25,
    lengthMenu: [25, 50, 100],
    order: [[1, 'asc']],
    rowId: (row) => `contact-${row.id}`,
    columns,
    layout: {
      topStart: null,
      topEnd: null,
      bottomStart: ['info', 'pageLength'],
      bottomEnd: 'paging',
    },
    language: {
      zeroRecords: 'No contacts match what you are looking for.',
      emptyTable: 'No contacts match what you are looking for.',
      info: 'Contacts _START_ to _END_ of _TOTAL_',
      infoEmpty: 'No contacts',
      infoFiltered: '',
      lengthMenu: '_MENU_ per page',
      processing: 'Loading…',
    },
    ajax(data, callback) {
      const order = data.order?.[0];
      const query = {
        ...filters(),
        sort: columns[order?.column ?? 1]?.name || 'name',
        desc: order?.dir === 'desc',
        offset: data.start,
        limit: data.length,
      };
      listContacts(query).then(
        (page) => {
          if (left) return;
          const total = page?.total ?? 0;
          loaded = { total, failed: false };
          callback({ draw: data.draw, recordsTotal: total, recordsFiltered: total, data: page?.items ?? [] });
        },
        (err) => {
          if (left) return;
          toast.error(err);
          loaded = { total: 0, failed: true };
          callback({ draw: data.draw, recordsTotal: 0, recordsFiltered: 0, data: [] });
        });
    },
  });

  const pageBoxes = () => [...tableEl.querySelectorAll('tbody input.contact-select')];
  const headerBox = () => tableEl.querySelector('#contacts-select-page');

  function syncBoxes() {
    const boxes = pageBoxes();
    for (const box of boxes) {
      box.checked = selected.has(Number(box.value));
      box.closest('tr')?.classList.toggle('table-active', box.checked);
    }
    const header = headerBox();
    if (header) {
      const checked = boxes.filter((box) => box.checked).length;
      header.checked = boxes.length > 0 && checked === boxes.length;
      header.indeterminate = checked > 0 && checked < boxes.length;
    }
  }

  function changed() {
    syncBoxes();
    onSelection([...selected]);
  }

  tableEl.addEventListener('change', (event) => {
    const box = event.target;
    if (box.matches('tbody input.contact-select')) {
      if (box.checked) selected.add(Number(box.value));
      else selected.delete(Number(box.value));
      changed();
    } else if (box.id === 'contacts-select-page') {
      for (const other of pageBoxes()) {
        if (box.checked) selected.add(Number(other.value));
        else selected.delete(Number(other.value));
      }
      changed();
    }
  });
  tableEl.addEventListener('click', (event) => {
    const button = event.target.closest('.contact-edit');
    if (button) onEdit(table.row(button.closest('tr')).data());
  });
  // The count and the empty state change with the rows, once they are drawn.
  table.on('draw', () => {
    syncBoxes();
    if (loaded) onLoaded(loaded);
    loaded = null;
  });

  return {
    selected,
    /** Fetches again; keepPage stays on the current page (after an edit), else goes to the first. */
    reload(keepPage = false) {
      table.ajax.reload(null, !keepPage);
    },
    clearSelection() {
      selected.clear();
      changed();
    },
    destroy() {
      left = true;
      table.destroy();
    },
  };
}
