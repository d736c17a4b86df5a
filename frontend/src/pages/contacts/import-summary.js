// Step 4 of the import: what happened to every row, and the list of rows that did not make it.
import { exportedFile } from '../../api/files.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount } from '../../lib/format.js';
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

function problemsTable(errors) {
  const body = h('tbody');
  // A fragment, so ten thousand rows cost one layout.
  const rows = document.createDocumentFragment();
  for (const { line, message } of errors) {
    rows.append(h('tr', {}, h('td', { class: 'text-nowrap' }, `Line ${line}`), h('td', {}, message)));
  }
  body.append(rows);
  return h('div', { class: 'import-problems-scroll' },
    h('table', { id: 'import-problems', class: 'table table-sm table-striped mb-0' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'What was wrong'))),
      body));
}

/** The summary of an import result, as an element (#import-summary). */
export async function importSummary(result, fileName) {
  const errors = result.errors ?? [];
  const problems = (result.skipped ?? 0) + (result.failed ?? 0);
  const headline = result.cancelled
    ? `You stopped the import of ${fileName}. The rows read before that point were imported.`
    : `Herald has imported ${fileName}.`;
  return h('div', { id: 'import-summary' },
    h('p', { class: 'lead mb-3' }, icon(result.cancelled ? 'fa-solid fa-circle-stop me-2 text-warning' : 'fa-solid fa-circle-check me-2 text-success'), headline),
    h('div', { class: 'import-stats mb-3' },
      stat('created', result.created === 1 ? 'new contact' : 'new contacts', result.created, 'success'),
      stat('updated', 'updated: the number was already in your contacts', result.updated, 'info'),
      stat('skipped', 'skipped', result.skipped, 'secondary'),
      stat('failed', 'failed', result.failed, 'danger')),
    problems > 0 && [
      h('h3', { class: 'h6' }, 'Rows that were not imported'),
      h('p', { class: 'text-body-secondary small mb-2' },
        'Line numbers are as a text editor shows them: the header is line 1. Fix these rows in your file and import it again; rows already imported are updated, not doubled.'),
      result.errorsTruncated && h('p', { class: 'text-warning-emphasis small mb-2' },
        `Only the first ${formatCount(errors.length)} are listed here; the downloaded list has all ${formatCount(problems)}.`),
      result.report && h('div', { class: 'mb-2' }, await reportLink(result.report)),
      problemsTable(errors),
    ]);
}
