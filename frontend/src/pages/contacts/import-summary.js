// Step 4 of the import: what happened to every row, and the list of rows that did not make it.
import { exportedFile } from '../../api/files.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount, plural } from '../../lib/format.js';
import { keepNumbersWhole } from '../../lib/phone.js';
import { toast } from '../../lib/toast.js';

function stat(key, label, value, tone) {
  return h('div', { class: `import-stat border-${tone}`, dataset: { stat: key } },
    h('div', { class: 'import-stat-value' }, formatCount(value)),
    h('div', { class: 'import-stat-label' }, label));
}

/** A button that downloads the report named name from the exports folder, or, in the window, its path. */
export async function reportLink(name, id = 'import-report', label = 'Download the list (CSV)') {
  const file = await exportedFile(name);
  if (file.download) {
    const button = h('button', { type: 'button', id, class: 'btn btn-sm btn-outline-primary' },
      icon('fa-solid fa-download me-2'), label);
    button.addEventListener('click', () => file.download().catch(toast.error));
    return button;
  }
  const copy = navigator.clipboard && h('button', {
    type: 'button',
    class: 'btn btn-sm btn-outline-secondary',
    title: 'Copy',
    'aria-label': 'Copy the path',
    onclick: () => navigator.clipboard.writeText(file.path).then(() => toast.success('Copied.'), toast.error),
  }, icon('fa-solid fa-copy'));
  return h('div', { id, class: 'd-flex align-items-center gap-2' },
    h('span', { class: 'text-body-secondary small' }, 'The full list is saved in'),
    h('code', { class: 'settings-path' }, file.path), copy);
}

/** "Line 7, Ana Ruiz, 55 1234": a row as the file has it. */
function rowName({ line, name, phone }) {
  return [`Line ${line}`, name, phone].filter(Boolean).join(', ');
}

function problemsTable(errors) {
  const body = h('tbody');
  // A fragment, so ten thousand rows cost one layout.
  const rows = document.createDocumentFragment();
  for (const problem of errors) {
    rows.append(h('tr', { dataset: { outcome: problem.skipped ? 'skipped' : 'failed' } },
      h('td', {}, h('span', { class: `badge ${problem.skipped ? 'text-bg-secondary' : 'text-bg-danger'}` }, problem.skipped ? 'Skipped' : 'Failed')),
      h('td', { class: 'import-problem' }, h('strong', {}, `${rowName(problem)}:`), ' ', keepNumbersWhole(problem.message))));
  }
  body.append(rows);
  return h('div', { class: 'import-problems-scroll' },
    h('table', { id: 'import-problems', class: 'table table-sm table-striped mb-0' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Outcome'), h('th', { scope: 'col' }, 'Row and what to do'))),
      body));
}

/** The rows with several numbers, and which one each gave WhatsApp. */
function notesList(notes) {
  return h('details', { id: 'import-notes', class: 'mb-3' },
    h('summary', {}, `${plural(notes.length, 'row')} had more than one number: see which one Herald chose for WhatsApp`),
    h('ul', { class: 'small mt-2 mb-0' }, notes.map((note) => h('li', {}, h('strong', {}, `${rowName(note)}:`), ' ', keepNumbersWhole(note.message)))));
}

/**
 * How the import went, as its headline and look: 'success' (every row imported), 'partly'
 * (some rows not), 'none' (nothing imported) or 'cancelled'.
 */
function outcome(result, fileName) {
  const done = (result.created ?? 0) + (result.updated ?? 0) + (result.unchanged ?? 0);
  const missed = (result.skipped ?? 0) + (result.failed ?? 0);
  const rows = done + missed;
  if (result.cancelled) {
    return { look: 'cancelled', icon: 'fa-solid fa-circle-stop text-warning',
      text: `You stopped the import of ${fileName}. The ${plural(done, 'row')} read before that point ${done === 1 ? 'was' : 'were'} imported.` };
  }
  if (rows === 0) {
    return { look: 'none', icon: 'fa-solid fa-circle-xmark text-danger', text: `Nothing was imported: ${fileName} has no rows with contacts.` };
  }
  if (missed === 0) {
    return { look: 'success', icon: 'fa-solid fa-circle-check text-success',
      text: rows === 1 ? `Herald has imported the one row of ${fileName}.` : `Herald has imported all ${formatCount(rows)} rows of ${fileName}.` };
  }
  if (done === 0) {
    return { look: 'none', icon: 'fa-solid fa-circle-xmark text-danger',
      text: `Nothing was imported from ${fileName}: ${rows === 1 ? 'its one row could not' : `none of its ${formatCount(rows)} rows could`} be imported. The list below says why and what to do.` };
  }
  return { look: 'partly', icon: 'fa-solid fa-triangle-exclamation text-warning',
    text: `Herald imported ${formatCount(done)} of the ${formatCount(rows)} rows of ${fileName}. ${missed === 1 ? 'One was' : `${formatCount(missed)} were`} not imported: the list below says why and what to do.` };
}

/** The summary of an import result, as an element (#import-summary, data-outcome as outcome's look). */
export async function importSummary(result, fileName) {
  const errors = result.errors ?? [];
  const notes = result.notes ?? [];
  const problems = (result.skipped ?? 0) + (result.failed ?? 0);
  const { look, icon: iconClass, text } = outcome(result, fileName);
  return h('div', { id: 'import-summary', dataset: { outcome: look } },
    h('p', { id: 'import-headline', class: 'lead mb-3' }, icon(`${iconClass} me-2`), text),
    h('div', { class: 'import-stats mb-3' },
      stat('created', result.created === 1 ? 'new contact' : 'new contacts', result.created, 'success'),
      stat('updated', 'updated: the number was already in your contacts', result.updated, 'info'),
      stat('skipped', 'skipped: no phone number, or a number repeated', result.skipped, 'secondary'),
      stat('failed', 'failed: the number or the row could not be read', result.failed, 'danger')),
    notes.length > 0 && notesList(notes),
    problems > 0 && [
      h('h3', { class: 'h6' }, 'Rows that were not imported'),
      h('p', { id: 'import-outcomes', class: 'text-body-secondary small mb-2' },
        'A row is skipped when it has no phone number at all, or when it repeats the number of an earlier line (rows whose contact you chose to leave as it is are counted apart). ',
        'A row fails when Herald cannot read its number (too short, too long, or not a number) or the row itself: fix these in your file and import it again. ',
        'Line numbers are as a text editor shows them, the header being line 1; rows already imported are updated, not doubled.'),
      result.errorsTruncated && h('p', { class: 'text-warning-emphasis small mb-2' },
        `Only the first ${formatCount(errors.length)} are listed here; the downloaded list has all ${formatCount(problems)}.`),
      result.report && h('div', { class: 'mb-2' }, await reportLink(result.report)),
      problemsTable(errors),
    ],
    problems === 0 && result.report && h('div', { class: 'mb-2' }, await reportLink(result.report)));
}
