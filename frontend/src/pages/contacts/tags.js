// The tags panel (#tags-panel): every tag with its count; rename, delete, merge.
// Confirmations happen inside the panel's rows: Bootstrap does not stack modals.
import { deleteTag, listTags, mergeTags, renameTag } from '../../api/contacts.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount, plural } from '../../lib/format.js';
import { createModal } from '../../lib/modal.js';
import { toast } from '../../lib/toast.js';

const button = (cls, label, attrs = {}, ...content) =>
  h('button', { type: 'button', class: `btn btn-sm ${cls}`, ...attrs }, ...(content.length ? content : [label]));

/** tagsPanel({onChanged()}) → {open(), destroy()}; onChanged runs after every change. */
export function tagsPanel({ onChanged }) {
  let tags = [];
  const list = h('tbody');
  const empty = h('p', { class: 'text-body-secondary', hidden: true },
    'No tags yet. Add tags when you edit a contact, or import a file with a Tags column.');
  const table = h('table', { id: 'tags-list', class: 'table table-sm align-middle mb-0' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'tags-pick-cell' }, h('span', { class: 'visually-hidden' }, 'Pick')),
      h('th', { scope: 'col' }, 'Tag'),
      h('th', { scope: 'col', class: 'text-end' }, 'Contacts'),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    list);
  const mergeInto = h('input', { type: 'text', id: 'tags-merge-into', class: 'form-control form-control-sm', list: 'tags-names', 'aria-label': 'Tag to keep' });
  const mergeLabel = h('span', {});
  const mergeBar = h('div', { id: 'tags-merge-bar', class: 'tags-merge-bar', hidden: true },
    mergeLabel, mergeInto, button('btn-primary', 'Merge', { id: 'tags-merge', onclick: merge }));
  const names = h('datalist', { id: 'tags-names' });

  const dialog = createModal({
    id: 'tags-panel',
    title: 'Tags',
    size: 'lg',
    body: [
      h('p', { class: 'text-body-secondary' },
        'Renaming a tag to the name of another tag merges the two. To merge several, tick them and choose the name to keep.'),
      empty, table, names, mergeBar,
    ],
    footer: [button('btn-secondary', 'Close', { id: 'tags-close', 'data-bs-dismiss': 'modal' })],
  });

  async function run(action, success) {
    try {
      await action();
      toast.success(success);
    } catch (err) {
      toast.error(err);
    }
    await refresh();
    onChanged();
  }

  const picked = () => [...list.querySelectorAll('input.tag-pick:checked')].map((box) => box.value);

  function syncMerge() {
    const from = picked();
    mergeBar.hidden = from.length < 2;
    mergeLabel.textContent = `Merge ${from.length} tags into`;
    if (from.length >= 2 && !mergeInto.value) mergeInto.value = from[0];
  }

  function merge() {
    const from = picked();
    const into = mergeInto.value.trim();
    if (from.length < 2 || !into) return;
    mergeInto.value = '';
    run(() => mergeTags(from, into), `Merged ${from.length} tags into “${into}”.`);
  }

  function existing(name, except) {
    const key = name.trim().toLowerCase();
    return tags.find((tag) => tag.name.toLowerCase() === key && tag.name !== except);
  }

  function renameRow(row, tag) {
    const input = h('input', { type: 'text', class: 'form-control form-control-sm tag-rename-input', value: tag.name, 'aria-label': `New name for ${tag.name}` });
    const hint = h('div', { class: 'form-text tag-rename-hint' });
    const save = button('btn-primary tag-rename-save', 'Rename');
    const cancel = button('btn-outline-secondary', 'Cancel', { onclick: () => row.replaceWith(tagRow(tag)) });
    const update = () => {
      const other = existing(input.value, tag.name);
      hint.textContent = other ? `“${other.name}” already exists: renaming merges the two into “${other.name}”.` : '';
      save.textContent = other ? 'Merge' : 'Rename';
    };
    input.addEventListener('input', update);
    const submit = () => {
      const to = input.value.trim();
      if (!to || to === tag.name) return row.replaceWith(tagRow(tag));
      const other = existing(to, tag.name);
      return run(() => renameTag(tag.name, to), other ? `Merged “${tag.name}” into “${other.name}”.` : `Renamed “${tag.name}” to “${to}”.`);
    };
    save.addEventListener('click', submit);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') submit();
      if (event.key === 'Escape') {
        event.stopPropagation();
        cancel.click();
      }
    });
    row.children[1].replaceChildren(input, hint);
    row.children[3].replaceChildren(h('div', { class: 'tag-actions' }, save, cancel));
    input.focus();
    input.select();
  }

  function confirmDelete(row, tag) {
    row.children[3].replaceChildren(h('div', { class: 'tag-actions' },
      h('span', { class: 'small text-warning-emphasis' }, `Remove from ${plural(tag.count, 'contact')}?`),
      button('btn-danger tag-delete-confirm', 'Delete', { onclick: () => run(() => deleteTag(tag.name), `Deleted the tag “${tag.name}”. The contacts stay.`) }),
      button('btn-outline-secondary', 'Cancel', { onclick: () => row.replaceWith(tagRow(tag)) })));
  }

  function tagRow(tag) {
    const row = h('tr', { dataset: { tag: tag.name } },
      h('td', {}, h('input', { type: 'checkbox', class: 'form-check-input tag-pick', value: tag.name, 'aria-label': `Pick ${tag.name}`, onchange: syncMerge })),
      h('td', {}, h('span', { class: 'badge text-bg-secondary tag-name' }, tag.name)),
      h('td', { class: 'text-end tag-count' }, formatCount(tag.count)),
      h('td', {}));
    row.children[3].append(h('div', { class: 'tag-actions' },
      button('btn-outline-secondary tag-rename', '', { title: 'Rename', onclick: () => renameRow(row, tag) }, icon('fa-solid fa-pen me-1'), 'Rename'),
      button('btn-outline-danger tag-delete', '', { title: 'Delete', onclick: () => confirmDelete(row, tag) }, icon('fa-solid fa-trash me-1'), 'Delete')));
    return row;
  }

  async function refresh() {
    try {
      tags = (await listTags()) ?? [];
    } catch (err) {
      toast.error(err);
      return;
    }
    list.replaceChildren(...tags.map(tagRow));
    names.replaceChildren(...tags.map((tag) => h('option', { value: tag.name })));
    empty.hidden = tags.length > 0;
    table.hidden = tags.length === 0;
    syncMerge();
  }

  return {
    async open() {
      mergeInto.value = '';
      await refresh();
      dialog.show();
    },
    destroy: () => dialog.destroy(),
  };
}
