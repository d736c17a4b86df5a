// The list of templates (#templates-table): name, category (or "Quick reply"), ready or
// draft, last change, and Edit, Duplicate, Delete on each row; search by name, a choice of
// kind (messages, quick replies or both) and paging.
import { deleteTemplate, duplicateTemplate, listTemplates } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { emptyState } from '../../lib/empty.js';
import { formatDateTime, plural } from '../../lib/format.js';
import { confirmDialog } from '../../lib/modal.js';
import { debounce } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';

const PAGE = 50;

function statusBadge(t) {
  return t.usable
    ? h('span', { class: 'badge text-bg-success template-status' }, icon('fa-solid fa-check me-1'), 'Ready')
    : h('span', { class: 'badge text-bg-warning template-status', title: t.problems?.[0]?.message ?? '' }, icon('fa-solid fa-pen me-1'), 'Draft');
}

const action = (cls, title, iconClass, onclick) =>
  h('button', { type: 'button', class: `btn btn-sm btn-outline-secondary ${cls}`, title, 'aria-label': title, onclick }, icon(iconClass));

const CATEGORY_WORDS = { marketing: 'Marketing', utility: 'Utility' };

/** The category column: a quick reply has no category, only its kind. */
const kindWords = (t) => (t.kind === 'quick_reply' ? 'Quick reply' : CATEGORY_WORDS[t.category] ?? 'Marketing');

/** templatesList({onNew(kind), onEdit(template)}) → {element, reload(), ready, destroy()} */
export function templatesList({ onNew, onEdit }) {
  const kind = h('select', { id: 'templates-kind', class: 'form-select', 'aria-label': 'Which templates' },
    h('option', { value: 'all' }, 'All kinds'),
    h('option', { value: '' }, 'Messages'),
    h('option', { value: 'quick_reply' }, 'Quick replies'));
  const search = h('input', { type: 'search', id: 'templates-search', class: 'form-control', placeholder: 'Search by name', 'aria-label': 'Search templates', autocomplete: 'off' });
  const count = h('p', { id: 'templates-count', class: 'mb-0 text-body-secondary', 'aria-live': 'polite' });
  const rows = h('tbody');
  const prev = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', id: 'templates-prev' }, 'Previous');
  const next = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', id: 'templates-next' }, 'Next');
  const pager = h('div', { class: 'd-flex gap-2 justify-content-end' }, prev, next);
  const columns = [['Name', ''], ['Category', 'col-category'], ['Status', 'col-status'], ['Changed', 'col-changed'], ['', 'col-actions']];
  const card = h('section', { class: 'card' }, h('div', { class: 'card-body table-fit-box' },
    h('table', { id: 'templates-table', class: 'table table-sm table-hover align-middle mb-2 table-fit' },
      h('thead', {}, h('tr', {}, columns.map(([label, cls]) => h('th', { scope: 'col', class: cls || null }, label)))),
      rows),
    pager));
  const newButton = (id, label) => h('button', { type: 'button', id, class: 'btn btn-primary', onclick: () => onNew('message') }, icon('fa-solid fa-plus me-2'), label);
  const newQuick = h('button', { type: 'button', id: 'templates-new-quick', class: 'btn btn-outline-primary text-nowrap',
    title: 'A short saved answer: type / in the inbox’s reply box to insert it', onclick: () => onNew('quick_reply') },
  icon('fa-solid fa-bolt me-2'), 'New quick reply');
  const empty = emptyState({
    icon: 'fa-solid fa-pen-to-square',
    title: 'No templates yet',
    text: [
      'A template is a message you write once and send to many people. Herald fills in each person’s details, such as their first name, so every message feels personal.',
      'Write your first one, see exactly what each contact will receive, then use it in a campaign.',
    ],
    extra: h('div', { class: 'mt-3' }, newButton('templates-empty-new', 'Write a template')),
  });
  empty.hidden = true;
  const toolbar = h('div', { class: 'd-flex align-items-center gap-2 mb-3 flex-wrap' },
    count, h('div', { class: 'ms-auto d-flex gap-2 flex-wrap' }, h('div', { class: 'templates-kind' }, kind), h('div', { class: 'templates-search' }, search),
      newQuick, newButton('templates-new', 'New template')));
  const element = h('div', { id: 'templates-list' }, toolbar, empty, card);

  let offset = 0;
  let left = false;

  async function duplicate(t) {
    try {
      const copy = await duplicateTemplate(t.id);
      toast.success(`Created “${copy.name}”.`);
      await reload();
    } catch (err) {
      toast.error(err);
    }
  }

  async function remove(t) {
    const ok = await confirmDialog({ title: 'Delete this template?', text: [`“${t.name}” will be deleted, with its attachment. This cannot be undone.`], confirmLabel: 'Delete', danger: true });
    if (ok === null) return;
    try {
      await deleteTemplate(t.id);
      toast.success(`Deleted “${t.name}”.`);
      await reload();
    } catch (err) {
      toast.error(err);
    }
  }

  function row(t) {
    return h('tr', { dataset: { id: String(t.id) } },
      h('td', {}, h('div', { class: 'cell-clip', title: t.name },
        h('a', { href: '#/templates', class: 'template-open', onclick: (event) => { event.preventDefault(); onEdit(t); } }, t.name),
        t.mediaType && h('span', { class: 'badge text-bg-secondary ms-2' }, icon('fa-solid fa-paperclip me-1'), t.mediaType))),
      h('td', {}, kindWords(t)),
      h('td', {}, statusBadge(t)),
      h('td', { class: 'text-nowrap' }, formatDateTime(t.updatedAt)),
      h('td', { class: 'text-end text-nowrap' },
        h('div', { class: 'btn-group' },
          action('template-edit', 'Edit', 'fa-solid fa-pen', () => onEdit(t)),
          action('template-duplicate', 'Duplicate', 'fa-regular fa-copy', () => duplicate(t)),
          action('template-delete', 'Delete', 'fa-regular fa-trash-can', () => remove(t)))));
  }

  async function reload() {
    const term = search.value.trim();
    let page;
    try {
      page = await listTemplates({ search: term, kind: kind.value, offset, limit: PAGE });
    } catch (err) {
      if (!left) toast.error(err);
      return;
    }
    if (left) return;
    const items = page?.items ?? [];
    const total = page?.total ?? 0;
    if (items.length === 0 && offset > 0) {
      offset = Math.max(0, offset - PAGE);
      return reload();
    }
    const nothingAtAll = total === 0 && term === '' && kind.value === 'all';
    empty.hidden = !nothingAtAll;
    card.hidden = nothingAtAll;
    toolbar.hidden = nothingAtAll;
    rows.replaceChildren(...(items.length ? items.map(row) : [h('tr', {}, h('td', { colspan: '5', class: 'text-body-secondary' }, 'No template has that in its name.'))]));
    count.textContent = term ? `${plural(total, 'template')} ${total === 1 ? 'matches' : 'match'}` : plural(total, 'template');
    pager.hidden = total <= PAGE;
    prev.disabled = offset === 0;
    next.disabled = offset + PAGE >= total;
  }

  const searchSoon = debounce(() => { offset = 0; reload(); }, 300);
  search.addEventListener('input', searchSoon);
  kind.addEventListener('change', () => { offset = 0; reload(); });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); reload(); });
  next.addEventListener('click', () => { offset += PAGE; reload(); });

  return {
    element,
    reload,
    ready: reload(),
    destroy() {
      left = true;
      searchSoon.cancel();
    },
  };
}
