// Contacts: the people Herald can send messages to. Browse, search and filter them; add,
// edit, delete and opt out; manage tags; import and export. The parts live in ./contacts/.
import { getContact, listTags } from '../api/contacts.js';
import { on } from '../api/events.js';
import { h, icon } from '../lib/dom.js';
import { idParam } from '../lib/router.js';
import { emptyState } from '../lib/empty.js';
import { formatCount, plural } from '../lib/format.js';
import { debounce, throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';
import { bulkBar } from './contacts/bulk.js';
import { contactEditor } from './contacts/editor.js';
import { exportMenu } from './contacts/export.js';
import { importWizard } from './contacts/import.js';
import { contactsTable } from './contacts/table.js';
import { tagsPanel } from './contacts/tags.js';

const button = (id, label, iconClass, cls, onclick) =>
  h('button', { type: 'button', id, class: `btn ${cls}`, onclick }, icon(`${iconClass} me-2`), label);

function filterBar() {
  const search = h('input', { type: 'search', id: 'contacts-search', class: 'form-control', placeholder: 'Name, phone, email, company or tag', 'aria-label': 'Search contacts', autocomplete: 'off' });
  const tag = h('select', { id: 'contacts-tag-filter', class: 'form-select', 'aria-label': 'Show only contacts with this tag' },
    h('option', { value: '' }, 'All tags'));
  const optOut = h('select', { id: 'contacts-optout-filter', class: 'form-select', 'aria-label': 'Opted out or not' },
    h('option', { value: '' }, 'Everyone'),
    h('option', { value: 'reachable' }, 'Reachable'),
    h('option', { value: 'optedout' }, 'Opted out'));
  const element = h('div', { id: 'contacts-filters', class: 'contacts-filters' },
    h('div', { class: 'input-group contacts-search' }, h('span', { class: 'input-group-text' }, icon('fa-solid fa-magnifying-glass')), search),
    tag, optOut);
  return {
    element, search, tag, optOut,
    /** The List query of what the filters show (no paging). */
    query() {
      return {
        search: search.value.trim(),
        tags: tag.value ? [tag.value] : [],
        optedOut: optOut.value === '' ? null : optOut.value === 'optedout',
        ids: [],
      };
    },
    active: () => search.value.trim() !== '' || tag.value !== '' || optOut.value !== '',
  };
}

export default {
  id: 'contacts',
  title: 'Contacts',
  icon: 'fa-solid fa-address-book',
  async render(container, { param } = {}) {
    const filters = filterBar();
    const count = h('p', { id: 'contacts-count', class: 'contacts-count mb-0', 'aria-live': 'polite' });
    let total = 0;
    let table = null;

    const editor = contactEditor({ onSaved: () => { table.reload(true); refreshTags(); } });
    const tags = tagsPanel({ onChanged: () => { refreshTags(); table.reload(true); } });
    const wizard = await importWizard({ onImported: () => { table.reload(); refreshTags(); } });
    const selectedQuery = () => ({ ids: [...table.selected] });
    const exporter = exportMenu(() => {
      const n = table.selected.size;
      if (n > 0) return { query: selectedQuery(), label: n === 1 ? 'the selected contact' : `the ${formatCount(n)} selected contacts` };
      return { query: filters.query(), label: filters.active() ? `the ${plural(total, 'contact')} shown` : `all ${plural(total, 'contact')}` };
    });
    const bulk = bulkBar({
      selected: () => [...table.selected],
      onClear: () => table.clearSelection(),
      onDone: ({ deleted }) => {
        table.clearSelection();
        // After a delete the current page may no longer exist.
        table.reload(!deleted);
        refreshTags();
      },
    });

    const addContact = () => editor.open(null);
    const openImport = () => wizard.open();
    const empty = emptyState({
      icon: 'fa-solid fa-address-book',
      title: 'No contacts yet',
      text: [
        'This is where the people you send messages to are kept: a phone number, and if you like a name, email, company, tags and notes.',
        'Add them one by one, or bring them all in at once from a spreadsheet (CSV or Excel), a Google Contacts or Outlook export, or a vCard file from your phone.',
      ],
      extra: h('div', { class: 'd-flex gap-2 mt-3' },
        button('contacts-empty-add', 'Add a contact', 'fa-solid fa-user-plus', 'btn-primary', addContact),
        button('contacts-empty-import', 'Import a file', 'fa-solid fa-file-import', 'btn-outline-primary', openImport)),
    });
    empty.hidden = true;

    const tableEl = h('table', { id: 'contacts-table', class: 'table table-sm table-hover align-middle table-fit' });
    const card = h('section', { class: 'card' }, h('div', { class: 'card-body' }, tableEl));
    container.append(
      h('div', { class: 'contacts-toolbar' },
        count,
        h('div', { class: 'contacts-actions' },
          button('contacts-add', 'Add', 'fa-solid fa-user-plus', 'btn-primary', addContact),
          button('contacts-import', 'Import', 'fa-solid fa-file-import', 'btn-secondary', openImport),
          button('contacts-tags', 'Tags', 'fa-solid fa-tags', 'btn-secondary', () => tags.open()),
          exporter)),
      filters.element, bulk.element, empty, card);

    let firstDraw;
    const drawn = new Promise((resolve) => { firstDraw = resolve; });
    table = contactsTable({
      tableEl,
      filters: filters.query,
      onEdit: (contact) => editor.open(contact),
      onSelection: (ids) => bulk.update(ids.length),
      onLoaded: ({ total: n, failed }) => {
        total = n;
        const nothingAtAll = !failed && n === 0 && !filters.active();
        empty.hidden = !nothingAtAll;
        card.hidden = nothingAtAll;
        filters.element.hidden = nothingAtAll;
        count.textContent = nothingAtAll ? 'No contacts yet' : filters.active() ? `${plural(n, 'contact')} ${n === 1 ? 'matches' : 'match'}` : plural(n, 'contact');
        firstDraw();
      },
    });

    async function refreshTags() {
      let list;
      try {
        list = (await listTags()) ?? [];
      } catch (err) {
        toast.error(err);
        return;
      }
      const current = filters.tag.value;
      filters.tag.replaceChildren(h('option', { value: '' }, 'All tags'),
        ...list.map((tag) => h('option', { value: tag.name }, `${tag.name} (${formatCount(tag.count)})`)));
      filters.tag.value = list.some((tag) => tag.name === current) ? current : '';
      if (filters.tag.value !== current) filterChanged();
    }

    function filterChanged() {
      table.clearSelection();
      table.reload();
    }
    const searchSoon = debounce(filterChanged, 300);
    filters.search.addEventListener('input', searchSoon);
    filters.tag.addEventListener('change', filterChanged);
    filters.optOut.addEventListener('change', filterChanged);

    // Changes made elsewhere (another window, a script) show up without a reload.
    const reloadSoon = throttle(() => {
      table.reload(true);
      refreshTags();
    }, 500);
    const stopListening = on('activity:new', (entry) => {
      if (entry?.kind === 'contacts') reloadSoon();
    });

    await Promise.all([refreshTags(), drawn]);
    // An address naming a contact (a link from the activity log) opens it in the editor.
    const linked = idParam(param);
    if (linked) {
      try {
        editor.open(await getContact(linked));
      } catch (err) {
        toast.error(err);
      }
    }

    return () => {
      stopListening();
      reloadSoon.cancel();
      searchSoon.cancel();
      table.destroy();
      for (const part of [editor, tags, wizard]) part.destroy();
    };
  },
};
