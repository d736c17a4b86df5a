// The Export menu (#contacts-export): the selection when rows are selected, else everything
// the current search and filters show, as CSV or Excel.
import 'bootstrap/js/dist/dropdown.js';
import { cancelContactsExport } from '../../api/contacts.js';
import { exportContacts } from '../../api/files.js';
import { h, icon } from '../../lib/dom.js';
import { plural } from '../../lib/format.js';
import { toast } from '../../lib/toast.js';

/**
 * exportMenu(scope) → element. scope() → {query, label}: what to export and how to say it
 * ("the 3 selected contacts").
 */
export function exportMenu(scope) {
  const heading = h('h6', { class: 'dropdown-header' });
  const toggle = h('button', { type: 'button', id: 'contacts-export', class: 'btn btn-secondary dropdown-toggle', 'data-bs-toggle': 'dropdown', 'aria-expanded': 'false' },
    icon('fa-solid fa-file-export me-2'), 'Export');
  const item = (format, label, iconClass) => h('li', {},
    h('button', { type: 'button', id: `contacts-export-${format}`, class: 'dropdown-item', onclick: () => run(format) },
      icon(`${iconClass} fa-fw me-2`), label));

  // A big export takes a while: the user may stop it, and no file is written.
  const cancel = h('button', { type: 'button', id: 'contacts-export-cancel', class: 'btn btn-outline-secondary', hidden: true,
    onclick: () => cancelContactsExport().catch((err) => toast.error(err)) }, 'Cancel export');

  async function run(format) {
    const { query } = scope();
    toggle.disabled = true;
    cancel.hidden = false;
    try {
      const done = await exportContacts(query, format);
      if (done) toast.success(`Saved ${plural(done.count, 'contact')} to ${done.where}.`);
    } catch (err) {
      toast.error(err);
    } finally {
      toggle.disabled = false;
      cancel.hidden = true;
    }
  }

  toggle.addEventListener('show.bs.dropdown', () => {
    heading.textContent = `Export ${scope().label}`;
  });

  return h('div', { class: 'd-flex gap-2' }, cancel, h('div', { class: 'dropdown' }, toggle,
    h('ul', { class: 'dropdown-menu dropdown-menu-end' },
      h('li', {}, heading),
      item('csv', 'CSV (any spreadsheet)', 'fa-solid fa-file-csv'),
      item('xlsx', 'Excel workbook (.xlsx)', 'fa-solid fa-file-excel'))));
}
