// Bootstrap modals built with h(): createModal for a page's own dialogs, confirmDialog for
// a yes/no question (optionally with one text field).
import Modal from 'bootstrap/js/dist/modal.js';
import { h } from './dom.js';

/**
 * createModal({id, title, body, footer, size: 'lg'|'xl'|'', static: bool}) appends a modal
 * to document.body and returns {el, title, body, footer, show(), hide(), destroy()}.
 * `body` and `footer` are nodes or arrays of nodes. destroy() removes it even while shown.
 */
export function createModal({ id, title = '', body = [], footer = [], size = '', static: fixed = false }) {
  const titleEl = h('h2', { class: 'modal-title h5', id: `${id}-title` }, title);
  const bodyEl = h('div', { class: 'modal-body' }, body);
  const footerEl = h('div', { class: 'modal-footer' }, footer);
  const el = h('div', { class: 'modal fade', id, tabindex: '-1', 'aria-labelledby': `${id}-title`, 'aria-hidden': 'true' },
    h('div', { class: `modal-dialog modal-dialog-scrollable${size ? ` modal-${size}` : ''}` },
      h('div', { class: 'modal-content' },
        h('div', { class: 'modal-header' }, titleEl,
          h('button', { type: 'button', class: 'btn-close', 'data-bs-dismiss': 'modal', 'aria-label': 'Close' })),
        bodyEl, footerEl)));
  document.body.append(el);
  const modal = new Modal(el, fixed ? { backdrop: 'static', keyboard: false } : {});
  return {
    el,
    title: titleEl,
    body: bodyEl,
    footer: footerEl,
    show: () => modal.show(),
    hide: () => modal.hide(),
    destroy() {
      modal.dispose();
      el.remove();
      // A modal disposed while open leaves its backdrop and the body's scroll lock behind.
      if (!document.querySelector('.modal.show')) {
        document.querySelectorAll('.modal-backdrop').forEach((backdrop) => backdrop.remove());
        document.body.classList.remove('modal-open');
        document.body.style.removeProperty('overflow');
        document.body.style.removeProperty('padding-right');
      }
    },
  };
}

/**
 * Asks a question in a modal (#confirm-modal, confirm button #confirm-ok). Resolves to
 * null when the user says no or closes it, else to the text field's value ('' without one).
 * confirmDialog({title, text, confirmLabel, danger, field: {label, placeholder}})
 */
export function confirmDialog({ title, text, confirmLabel = 'OK', danger = false, field = null }) {
  document.getElementById('confirm-modal')?.remove();
  const input = field && h('input', { type: 'text', id: 'confirm-input', class: 'form-control', placeholder: field.placeholder ?? '' });
  const ok = h('button', { type: 'button', id: 'confirm-ok', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}` }, confirmLabel);
  const dialog = createModal({
    id: 'confirm-modal',
    title,
    body: [
      [].concat(text).map((paragraph) => h('p', {}, paragraph)),
      input && h('label', { class: 'form-label', for: 'confirm-input' }, field.label),
      input,
    ],
    footer: [h('button', { type: 'button', class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel'), ok],
  });
  return new Promise((resolve) => {
    let answer = null;
    ok.addEventListener('click', () => {
      answer = input ? input.value.trim() : '';
      dialog.hide();
    });
    input?.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') ok.click();
    });
    dialog.el.addEventListener('shown.bs.modal', () => (input ?? ok).focus());
    dialog.el.addEventListener('hidden.bs.modal', () => {
      dialog.destroy();
      resolve(answer);
    });
    dialog.show();
  });
}
