// Undo of a whole import: in the summary right after it, and in the list of recent imports on
// the import dialog's first step. An import can be undone for 7 days: its new contacts are
// removed and the contacts it changed get back what they held.
import { pastImports, undoImport } from '../../api/contacts.js';
import { h, icon } from '../../lib/dom.js';
import { formatDate, formatDateTime, plural } from '../../lib/format.js';

const UNDO_DAYS = 7;

/**
 * An "Undo this import" button with its confirmation and outcome, for the import run.
 * onUndone(result) runs after a successful undo. ids prefix the elements' ids.
 */
export function undoControl({ run, file, undoUntil, onUndone, ids = 'import-undo' }) {
  const outcome = h('div', { id: `${ids}-result`, class: 'small mt-2', role: 'status', hidden: true });
  const ask = h('button', { type: 'button', id: ids, class: 'btn btn-sm btn-outline-danger' },
    icon('fa-solid fa-rotate-left me-2'), 'Undo this import');
  const yes = h('button', { type: 'button', id: `${ids}-confirm`, class: 'btn btn-sm btn-danger' }, 'Yes, undo it');
  const no = h('button', { type: 'button', class: 'btn btn-sm btn-secondary' }, 'Keep it');
  const confirm = h('div', { class: 'd-flex flex-wrap align-items-center gap-2', hidden: true },
    h('span', {}, `Remove the contacts ${file} added and give the contacts it changed back what they held?`), yes, no);

  ask.addEventListener('click', () => {
    ask.hidden = true;
    confirm.hidden = false;
    yes.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    ask.hidden = false;
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    no.disabled = true;
    try {
      const result = await undoImport(run);
      confirm.hidden = true;
      outcome.className = 'alert alert-success py-2 mt-2 mb-0';
      outcome.textContent = result.summary;
      outcome.hidden = false;
      onUndone?.(result);
    } catch (err) {
      outcome.className = 'alert alert-danger py-2 mt-2 mb-0';
      outcome.textContent = err instanceof Error ? err.message : String(err?.message ?? err);
      outcome.hidden = false;
      confirm.hidden = true;
    }
  });

  return h('div', { class: 'import-undo' },
    h('p', { class: 'small text-body-secondary mb-2' },
      `You can undo this import for ${UNDO_DAYS} days, until ${formatDateTime(undoUntil)}: the new contacts are removed and updated ones get back what they held. Contacts you change in the meantime are left as they are, and opt-outs stay.`),
    ask, confirm, outcome);
}

/** The summary's undo section for an import result, or null when there is nothing to undo. */
export function undoSection(result, fileName, onUndone) {
  if (!result.run || (result.created === 0 && result.updated === 0)) return null;
  return h('section', { id: 'import-undo-section', class: 'mt-3' },
    h('h3', { class: 'h6' }, 'Changed your mind?'),
    undoControl({ run: result.run, file: fileName, undoUntil: result.undoUntil, onUndone }));
}

/** The imports of the last days with their Undo (#import-history), or null when there were none. */
export async function importHistory(onUndone) {
  const runs = await pastImports();
  const undoable = runs.filter((run) => run.created > 0 || run.updated > 0);
  if (!undoable.length) return null;
  const items = undoable.map((run) => h('li', { class: 'list-group-item', dataset: { run: String(run.id) } },
    h('div', { class: 'd-flex flex-wrap justify-content-between gap-2' },
      h('span', { class: 'fw-semibold text-break' }, run.file),
      h('span', { class: 'text-body-secondary small' }, formatDateTime(run.startedAt))),
    h('div', { class: 'small mb-2' }, `${plural(run.created, 'new contact')}, ${plural(run.updated, 'contact')} updated.`),
    run.undoneAt
      ? h('div', { class: 'small text-body-secondary' }, `Undone on ${formatDate(run.undoneAt)}.`)
      : undoControl({ run: run.id, file: run.file, undoUntil: run.undoUntil, onUndone, ids: `import-history-undo-${run.id}` })));
  return h('section', { id: 'import-history', class: 'mt-4' },
    h('h3', { class: 'h6' }, 'Recent imports'),
    h('ul', { class: 'list-group' }, items));
}
