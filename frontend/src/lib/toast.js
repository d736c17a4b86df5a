// Short messages at the bottom of the sidebar, clear of the page's controls:
// toast.success('Saved.'), toast.error(err). Each goes by itself after a while and closes
// at a click.
import Toast from 'bootstrap/js/dist/toast.js';
import { h, icon } from './dom.js';
import './toast.css';

/** How many toasts show at once: a burst of messages keeps the newest, off the navigation. */
const MAX_SHOWN = 3;

function container() {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { id: 'toasts', class: 'toast-container position-fixed bottom-0 start-0' });
    document.body.append(box);
  }
  return box;
}

/** The human-readable message of a rejection: an Error, a string, or an {error}/{message} object. */
function messageOf(err) {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') return err.message || err.error || JSON.stringify(err);
  return String(err);
}

const ICONS = { success: 'fa-circle-check', danger: 'fa-circle-exclamation', warning: 'fa-triangle-exclamation' };

function show(kind, text, delay) {
  const el = h('div', { class: `toast align-items-center border-0 text-bg-${kind}`, role: kind === 'danger' ? 'alert' : 'status', 'aria-live': kind === 'danger' ? 'assertive' : 'polite', 'aria-atomic': 'true' },
    h('div', { class: 'd-flex' },
      h('div', { class: 'toast-body' }, icon(`fa-solid ${ICONS[kind]} me-2`), text),
      h('button', { type: 'button', class: `btn-close ${kind === 'warning' ? '' : 'btn-close-white'} me-2 m-auto`, 'data-bs-dismiss': 'toast', 'aria-label': 'Close' })));
  const box = container();
  box.append(el);
  el.addEventListener('hidden.bs.toast', () => el.remove());
  new Toast(el, { delay }).show();
  const staying = [...box.querySelectorAll('.toast:not([data-leaving])')];
  for (const old of staying.slice(0, -MAX_SHOWN)) {
    old.dataset.leaving = 'true';
    Toast.getOrCreateInstance(old).hide();
  }
}

export const toast = {
  success(text) {
    show('success', text, 4000);
  },
  /** Something that needs the user's attention but is no error of the page's. */
  warning(text) {
    show('warning', text, 10000);
  },
  /** Shows what went wrong; accepts whatever a promise rejected with. */
  error(err) {
    console.error(err);
    show('danger', messageOf(err), 10000);
  },
};

/** Ensures the container exists from the start (a stable hook for tests). */
export function mountToasts() {
  container();
}
