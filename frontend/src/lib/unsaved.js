// Keeps typed work from being lost. An editor tracks its form (trackChanges) and guards it
// while it is open (guardUnsaved); leaving then asks "Leave without saving?" first: another
// page through the router, the editor's own Back or Close, the browser tab (beforeunload) and
// the desktop window (the backend holds its close while 'ui:unsaved' says true).
import { emit, on } from '../api/events.js';
import { h } from './dom.js';
import { createModal } from './modal.js';

const guards = new Set();
let reported = false;
let question = null;

/**
 * trackChanges(read) compares what read() returns now with what it returned when the form
 * was last loaded or saved. read() returns plain data (it is compared as JSON).
 * → {isDirty(), markSaved(saved = read())}: markSaved takes what was sent when the form may
 * have changed while saving.
 */
export function trackChanges(read) {
  let saved = JSON.stringify(read());
  return {
    isDirty: () => JSON.stringify(read()) !== saved,
    markSaved(data = read()) {
      saved = JSON.stringify(data);
      reportUnsaved();
    },
  };
}

/** True when any guarded form has changes not saved yet. */
export function hasUnsaved() {
  for (const isDirty of guards) if (isDirty()) return true;
  return false;
}

/**
 * guardUnsaved(isDirty) makes leaving ask while isDirty() is true, until the returned
 * release() is called (when the editor closes).
 */
export function guardUnsaved(isDirty) {
  const onBeforeUnload = (event) => {
    if (!isDirty()) return;
    event.preventDefault();
    event.returnValue = ''; // older engines show their prompt only when this is set
  };
  guards.add(isDirty);
  window.addEventListener('beforeunload', onBeforeUnload);
  reportUnsaved();
  return () => {
    guards.delete(isDirty);
    window.removeEventListener('beforeunload', onBeforeUnload);
    reportUnsaved();
  };
}

/**
 * mayLeave(isDirty = hasUnsaved) resolves to true at once when nothing is unsaved, else asks
 * and resolves to true when the user chooses "Discard changes", false for "Stay".
 */
export function mayLeave(isDirty = hasUnsaved) {
  return isDirty() ? askLeave() : Promise.resolve(true);
}

/** Asks "Leave without saving?" in a modal (#leave-modal); one question at a time. */
function askLeave() {
  if (question) return question;
  const stay = h('button', { type: 'button', id: 'leave-stay', class: 'btn btn-primary', 'data-bs-dismiss': 'modal' }, 'Stay');
  const discard = h('button', { type: 'button', id: 'leave-discard', class: 'btn btn-outline-danger' }, 'Discard changes');
  const dialog = createModal({
    id: 'leave-modal',
    title: 'Leave without saving?',
    body: h('p', { class: 'mb-0' }, 'Your changes have not been saved. If you leave now, they are lost.'),
    footer: [discard, stay],
  });
  // It may open above another modal (the contact editor): it and its backdrop go on top.
  dialog.el.classList.add('modal-over');
  const before = document.activeElement;
  question = new Promise((resolve) => {
    let leave = false;
    discard.addEventListener('click', () => {
      leave = true;
      dialog.hide();
    });
    dialog.el.addEventListener('shown.bs.modal', () => stay.focus());
    dialog.el.addEventListener('hidden.bs.modal', () => {
      dialog.destroy();
      keepUnderlyingModal(before);
      question = null;
      resolve(leave);
    });
    dialog.show();
    const backdrops = document.querySelectorAll('.modal-backdrop');
    backdrops[backdrops.length - 1]?.classList.add('modal-backdrop-over');
  });
  return question;
}

// Closing a modal unlocks the page's scrolling even when another modal is still open below
// it; focus goes back where it was, so that modal's keys (Escape) keep working.
function keepUnderlyingModal(before) {
  const under = document.querySelector('.modal.show');
  if (under) {
    document.body.classList.add('modal-open');
    document.body.style.overflow = 'hidden';
  }
  if (before?.isConnected && before !== document.body) before.focus();
  else under?.focus();
}

// The desktop window cannot ask the page before it closes, so the page tells the backend
// whenever the answer to "is anything unsaved?" changes.
function reportUnsaved() {
  const now = hasUnsaved();
  if (now === reported) return;
  reported = now;
  emit('ui:unsaved', now);
}

/**
 * Call once at start-up: keeps the backend told of unsaved changes as the user types, and
 * answers the desktop window's close while there are some ('app:close-requested').
 */
export function watchUnsaved() {
  for (const type of ['input', 'change', 'click']) document.addEventListener(type, reportUnsaved, true);
  on('app:close-requested', async () => {
    if (await mayLeave()) emit('ui:discard-and-quit');
  });
}
