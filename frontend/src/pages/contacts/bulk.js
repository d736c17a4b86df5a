// What can be done to the selected contacts at once (#contacts-bulk): delete, opt out, opt back in.
import { deleteContacts, setOptedOut } from '../../api/contacts.js';
import { h, icon } from '../../lib/dom.js';
import { plural } from '../../lib/format.js';
import { confirmDialog } from '../../lib/modal.js';
import { toast } from '../../lib/toast.js';

/** bulkBar({selected() → ids, onDone(), onClear()}) → {element, update(count)} */
export function bulkBar({ selected, onDone, onClear }) {
  const count = h('span', { id: 'contacts-selected-count', class: 'fw-semibold' });
  const action = (id, label, iconClass, cls, handler) =>
    h('button', { type: 'button', id, class: `btn btn-sm ${cls}`, onclick: handler }, icon(`${iconClass} me-1`), label);

  async function remove() {
    const ids = selected();
    const ok = await confirmDialog({
      title: `Delete ${plural(ids.length, 'contact')}?`,
      text: [`${plural(ids.length, 'contact')} will be deleted from Herald. This cannot be undone.`],
      confirmLabel: `Delete ${plural(ids.length, 'contact')}`,
      danger: true,
    });
    if (ok === null) return;
    try {
      const n = await deleteContacts(ids);
      toast.success(`Deleted ${plural(n, 'contact')}.`);
      onDone({ deleted: true });
    } catch (err) {
      toast.error(err);
    }
  }

  async function optOut() {
    const ids = selected();
    const reason = await confirmDialog({
      title: `Opt out ${plural(ids.length, 'contact')}?`,
      text: 'Opted-out contacts stay in your book, but no campaign will message them.',
      confirmLabel: 'Opt out',
      field: { label: 'Reason (optional)', placeholder: 'Asked to stop' },
    });
    if (reason === null) return;
    change(() => setOptedOut(ids, true, reason), (n) => `Opted out ${plural(n, 'contact')}.`);
  }

  function optIn() {
    change(() => setOptedOut(selected(), false, ''), (n) => `Opted ${plural(n, 'contact')} back in.`);
  }

  async function change(call, message) {
    try {
      toast.success(message(await call()));
      onDone({ deleted: false });
    } catch (err) {
      toast.error(err);
    }
  }

  const element = h('div', { id: 'contacts-bulk', class: 'contacts-bulk', hidden: true },
    count,
    action('contacts-bulk-delete', 'Delete', 'fa-solid fa-trash', 'btn-outline-danger', remove),
    action('contacts-bulk-optout', 'Opt out', 'fa-solid fa-ban', 'btn-outline-warning', optOut),
    action('contacts-bulk-optin', 'Opt back in', 'fa-solid fa-rotate-left', 'btn-outline-secondary', optIn),
    h('button', { type: 'button', id: 'contacts-bulk-clear', class: 'btn btn-sm btn-link', onclick: onClear }, 'Clear the selection'),
    h('span', { class: 'text-body-secondary small ms-auto' }, 'Export saves the selected contacts.'));

  return {
    element,
    update(n) {
      element.hidden = n === 0;
      count.textContent = `${plural(n, 'contact')} selected`;
    },
  };
}
