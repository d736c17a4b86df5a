// Add or edit one contact in a modal (#contact-modal). Backend errors show inside it.
import { contactMessages, createContact, updateContact } from '../../api/contacts.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime } from '../../lib/format.js';
import { createModal } from '../../lib/modal.js';
import { formatPhone } from '../../lib/phone.js';
import { toast } from '../../lib/toast.js';
import { RECIPIENT_STATES } from '../campaigns/states.js';
import { guardUnsaved, mayLeave, trackChanges } from '../../lib/unsaved.js';

function field(id, label, input, help) {
  return h('div', { class: 'mb-3' }, h('label', { class: 'form-label', for: id }, label), input,
    help && h('div', { class: 'form-text' }, help));
}

const text = (id, attrs = {}) => h('input', { type: 'text', id, class: 'form-control', autocomplete: 'off', ...attrs });

/** contactEditor({onSaved(contact)}) → {open(contact | null), destroy()} */
export function contactEditor({ onSaved }) {
  let editing = null; // the contact being edited; null when adding
  const inputs = {
    name: text('contact-name'),
    phone: text('contact-phone', { type: 'tel', required: true, placeholder: '+1 415 555 2671' }),
    email: text('contact-email', { type: 'email' }),
    company: text('contact-company'),
    tags: text('contact-tags', { placeholder: 'customer, newsletter' }),
    notes: h('textarea', { id: 'contact-notes', class: 'form-control', rows: '2' }),
  };
  const optedOut = h('input', { type: 'checkbox', id: 'contact-opted-out', class: 'form-check-input' });
  const reason = text('contact-opted-out-reason', { placeholder: 'Why (optional): asked to stop, by phone…' });
  const optedOutSince = h('div', { class: 'form-text' });
  const customRows = h('div', { id: 'contact-custom' });
  const phoneRows = h('div', { id: 'contact-other-phones' });
  // What campaigns sent this contact, and what they answered.
  const history = h('section', { id: 'contact-history', class: 'mt-3', hidden: true });
  const error = h('div', { id: 'contact-error', class: 'alert alert-danger py-2', role: 'alert', hidden: true });
  const form = h('form', { id: 'contact-form', novalidate: true },
    error,
    h('div', { class: 'row' },
      h('div', { class: 'col-md-6' }, field('contact-name', 'Name', inputs.name, 'Optional: a number alone is a contact.')),
      h('div', { class: 'col-md-6' }, field('contact-phone', 'Phone number', inputs.phone, 'With the country code, or as dialled in your country.'))),
    h('fieldset', { class: 'mb-3' },
      h('legend', { class: 'form-label fs-6 mb-2' }, 'Other numbers'),
      phoneRows,
      h('button', { type: 'button', id: 'contact-add-phone', class: 'btn btn-sm btn-outline-secondary', onclick: () => addPhoneRow('', '', true) },
        icon('fa-solid fa-plus me-1'), 'Add a number'),
      h('div', { class: 'form-text' }, 'Kept for you to read: campaigns go to the phone number above.')),
    h('div', { class: 'row' },
      h('div', { class: 'col-md-6' }, field('contact-email', 'Email', inputs.email)),
      h('div', { class: 'col-md-6' }, field('contact-company', 'Company', inputs.company))),
    h('div', { class: 'row' },
      h('div', { class: 'col-md-6' }, field('contact-tags', 'Tags', inputs.tags, 'Separate tags with commas.')),
      h('div', { class: 'col-md-6' }, field('contact-notes', 'Notes', inputs.notes))),
    h('fieldset', { class: 'mb-3' },
      h('legend', { class: 'form-label fs-6 mb-2' }, 'Custom fields'),
      customRows,
      h('button', { type: 'button', id: 'contact-add-field', class: 'btn btn-sm btn-outline-secondary', onclick: () => addCustomRow('', '', true) },
        icon('fa-solid fa-plus me-1'), 'Add a field'),
      h('div', { class: 'form-text' }, 'Anything else you want to use in messages, such as City or Plan.')),
    h('div', { class: 'contact-optout' },
      h('div', { class: 'form-check mb-0' }, optedOut,
        h('label', { class: 'form-check-label', for: 'contact-opted-out' }, 'Opted out: never send campaigns to this contact')),
      reason),
    optedOutSince,
    history);

  const save = h('button', { type: 'submit', id: 'contact-save', class: 'btn btn-primary', form: 'contact-form' }, 'Save');
  const dialog = createModal({
    id: 'contact-modal',
    size: 'lg',
    body: form,
    footer: [h('button', { type: 'button', id: 'contact-cancel', class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel'), save],
  });
  dialog.el.addEventListener('shown.bs.modal', () => (editing ? inputs.name : inputs.phone).focus());

  // Closing the modal (Cancel, ×, Escape, a click beside it) with changes asks first.
  const unsaved = trackChanges(collect);
  let release = () => {};
  let discarding = false;
  dialog.el.addEventListener('hide.bs.modal', (event) => {
    if (discarding || !unsaved.isDirty()) return;
    event.preventDefault();
    mayLeave(unsaved.isDirty).then((leave) => {
      if (!leave) return;
      discarding = true;
      dialog.hide();
    });
  });
  dialog.el.addEventListener('hidden.bs.modal', () => {
    discarding = false;
    release();
  });

  // A row of two inputs and a remove button, appended to rows: a custom field or another number.
  function addPairRow(rows, rowClass, first, second, remove, focus) {
    const fields = [first, second].map(({ cls, type = 'text', ...attrs }) => h('input', { type, class: `form-control ${cls}`, autocomplete: 'off', ...attrs }));
    const row = h('div', { class: `input-group input-group-sm mb-2 ${rowClass}` }, ...fields,
      h('button', { type: 'button', class: `btn btn-outline-secondary ${rowClass}-remove`, title: remove, 'aria-label': remove, onclick: () => row.remove() },
        icon('fa-solid fa-xmark')));
    rows.append(row);
    if (focus) fields[0].focus();
  }

  function addCustomRow(key, value, focus = false) {
    addPairRow(customRows, 'custom-field-row',
      { cls: 'custom-key', placeholder: 'Field', 'aria-label': 'Field name', value: key },
      { cls: 'custom-value', placeholder: 'Value', 'aria-label': 'Field value', value },
      'Remove this field', focus);
  }

  function addPhoneRow(label, number, focus = false) {
    addPairRow(phoneRows, 'other-phone-row',
      { cls: 'other-phone-label', placeholder: 'Work, home…', 'aria-label': 'What the number is', value: label },
      { cls: 'other-phone-number', type: 'tel', placeholder: 'Number', 'aria-label': 'Other number', value: number },
      'Remove this number', focus);
  }

  function syncOptOut() {
    reason.hidden = !optedOut.checked;
    optedOutSince.hidden = !optedOut.checked || !editing?.optedOut || !editing.optedOutAt;
  }
  optedOut.addEventListener('change', syncOptOut);

  async function showHistory(contact) {
    history.replaceChildren();
    history.hidden = true;
    if (!contact) return;
    let messages = [];
    try {
      messages = await contactMessages(contact.id);
    } catch (err) {
      toast.error(err);
      return;
    }
    if (editing !== contact || messages.length === 0) return;
    const when = (m) => formatDateTime(m.repliedAt || m.readAt || m.deliveredAt || m.sentAt) || '';
    history.append(
      h('h3', { class: 'form-label fs-6 mb-2' }, icon('fa-solid fa-bullhorn me-2'), 'Campaign messages'),
      h('ul', { class: 'list-group list-group-flush small' }, messages.map((m) => h('li', {
        class: 'list-group-item px-0', 'data-campaign-id': String(m.campaignId), 'data-state': m.state,
      },
      h('div', { class: 'd-flex justify-content-between gap-2' },
        h('span', { class: 'fw-semibold' }, m.campaignName),
        h('span', { class: 'text-body-secondary' }, `${RECIPIENT_STATES[m.state]?.label ?? m.state} ${when(m)}`.trim())),
      m.error && h('div', { class: 'text-warning' }, m.error),
      m.reply && h('div', { class: 'contact-reply' }, icon('fa-solid fa-reply me-1'), 'Replied: ', h('q', {}, m.reply))))));
    history.hidden = false;
  }

  function showError(err) {
    error.textContent = err instanceof Error ? err.message : String(err?.message ?? err);
    error.hidden = false;
    error.scrollIntoView({ block: 'nearest' });
  }

  function collect() {
    const customFields = {};
    for (const row of customRows.querySelectorAll('.custom-field-row')) {
      const key = row.querySelector('.custom-key').value.trim();
      if (key) customFields[key] = row.querySelector('.custom-value').value;
    }
    const otherPhones = [...phoneRows.querySelectorAll('.other-phone-row')]
      .map((row) => ({ label: row.querySelector('.other-phone-label').value.trim(), number: row.querySelector('.other-phone-number').value.trim() }))
      .filter((other) => other.number);
    return {
      ...(editing ?? {}),
      name: inputs.name.value,
      phone: inputs.phone.value,
      otherPhones,
      email: inputs.email.value,
      company: inputs.company.value,
      tags: inputs.tags.value.split(',').map((tag) => tag.trim()).filter(Boolean),
      notes: inputs.notes.value,
      customFields,
      optedOut: optedOut.checked,
      optedOutReason: optedOut.checked ? reason.value : '',
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    save.disabled = true;
    try {
      const contact = collect();
      const saved = editing ? await updateContact(contact) : await createContact(contact);
      const who = saved.name || formatPhone(saved.phone);
      if (editing) toast.success(`Saved ${who}.`);
      else if (new Date(saved.createdAt) < new Date(saved.updatedAt)) toast.success(`That number was already in your contacts; it has been updated (${who}).`);
      else toast.success(`Added ${who}.`);
      unsaved.markSaved(contact);
      dialog.hide();
      onSaved(saved);
    } catch (err) {
      showError(err);
    } finally {
      save.disabled = false;
    }
  });

  return {
    open(contact = null) {
      editing = contact;
      dialog.title.textContent = contact ? `Edit ${contact.name || formatPhone(contact.phone)}` : 'Add a contact';
      error.hidden = true;
      for (const [key, input] of Object.entries(inputs)) {
        input.value = key === 'tags' ? (contact?.tags ?? []).join(', ') : (contact?.[key] ?? '');
      }
      customRows.replaceChildren();
      for (const [key, value] of Object.entries(contact?.customFields ?? {})) addCustomRow(key, value);
      phoneRows.replaceChildren();
      for (const { label, number } of contact?.otherPhones ?? []) addPhoneRow(label, number);
      optedOut.checked = Boolean(contact?.optedOut);
      reason.value = contact?.optedOutReason ?? '';
      optedOutSince.textContent = contact?.optedOutAt ? `Opted out since ${formatDateTime(contact.optedOutAt)}.` : '';
      syncOptOut();
      showHistory(contact);
      unsaved.markSaved();
      release();
      release = guardUnsaved(unsaved.isDirty);
      dialog.show();
    },
    destroy() {
      release();
      dialog.destroy();
    },
  };
}
