// The import wizard (#import-modal): pick a file (or undo a recent import) → preview and map
// columns → when numbers are already in Herald, choose how they are merged → import with
// progress and cancel → summary of every row that did not make it, every contact changed, and
// an Undo.
import { cancelImport, importContacts, previewImport, previewMatches } from '../../api/contacts.js';
import { on } from '../../api/events.js';
import { contactFilePicker } from '../../api/files.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount } from '../../lib/format.js';
import { createModal } from '../../lib/modal.js';
import { importChanges, importMerge, unchangedNote } from './import-merge.js';
import { importPreview } from './import-preview.js';
import { importSummary, reportLink } from './import-summary.js';
import { importHistory, undoSection } from './import-undo.js';

const button = (attrs, ...content) => h('button', { type: 'button', class: 'btn', ...attrs }, ...content);
const spinner = (text) => h('div', { class: 'd-flex align-items-center gap-2 text-body-secondary' },
  h('span', { class: 'spinner-border spinner-border-sm', 'aria-hidden': 'true' }), text);

/** importWizard({onImported(result)}) → {open(), destroy()} */
export async function importWizard({ onImported }) {
  let file = null; // {path, name}
  let preview = null; // what importPreview returned for the current file
  let merge = null; // what importMerge returned for the current file, when rows match
  let stopProgress = null;

  const error = h('div', { id: 'import-error', class: 'alert alert-danger py-2', role: 'alert', hidden: true });
  const busy = h('div', { class: 'mt-3', hidden: true });
  const picker = await contactFilePicker({
    id: 'import-file',
    onBusy: (name) => showBusy(`Sending ${name} to Herald…`),
    onPicked: (picked) => {
      file = picked;
      loadPreview({});
    },
    onError: showError,
  });
  const steps = {
    pick: h('section', { dataset: { step: 'pick' } },
      h('p', {}, 'Bring in contacts from a spreadsheet or an address book: CSV or TSV files, Excel workbooks (.xlsx) and vCards (.vcf), including exports from Google Contacts and Outlook.'),
      h('p', { class: 'text-body-secondary small' }, 'A number that is already in your contacts never adds a twin: before importing, Herald shows what the file would change in those contacts and lets you choose.'),
      h('label', { class: 'form-label', for: 'import-file' }, 'Your file'),
      h('div', { class: 'import-picker' }, picker),
      busy,
      h('div', { id: 'import-history-slot' })),
    preview: h('section', { dataset: { step: 'preview' } }),
    merge: h('section', { dataset: { step: 'merge' } }),
    running: h('section', { dataset: { step: 'running' } }),
    summary: h('section', { dataset: { step: 'summary' } }),
  };

  const footers = {
    pick: [button({ class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel')],
    preview: [
      button({ class: 'btn btn-secondary me-auto', onclick: toPick }, icon('fa-solid fa-arrow-left me-2'), 'Choose another file'),
      button({ class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel'),
      button({ id: 'import-start', class: 'btn btn-primary', onclick: checkMatches }, icon('fa-solid fa-file-import me-2'), 'Import'),
    ],
    checking: [button({ id: 'import-check-cancel', class: 'btn btn-outline-secondary', onclick: stop }, 'Stop checking')],
    merge: [
      button({ class: 'btn btn-secondary me-auto', onclick: () => show('preview') }, icon('fa-solid fa-arrow-left me-2'), 'Back to the columns'),
      button({ class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel'),
      button({ id: 'import-merge-start', class: 'btn btn-primary', onclick: () => start(merge.matches()) }, icon('fa-solid fa-file-import me-2'), 'Import'),
    ],
    running: [button({ id: 'import-cancel', class: 'btn btn-outline-danger', onclick: stop }, 'Cancel the import')],
    summary: [
      button({ class: 'btn btn-secondary me-auto', onclick: toPick }, icon('fa-solid fa-file-import me-2'), 'Import another file'),
      button({ id: 'import-done', class: 'btn btn-primary', 'data-bs-dismiss': 'modal' }, 'Done'),
    ],
  };

  const dialog = createModal({ id: 'import-modal', title: 'Import contacts', size: 'xl', static: true, body: [error, ...Object.values(steps)] });
  const closeButton = dialog.el.querySelector('.btn-close');

  // checking is the merge step's section while Herald reads the file against the book.
  function show(step) {
    const section = step === 'checking' ? 'merge' : step;
    for (const [name, el] of Object.entries(steps)) el.hidden = name !== section;
    dialog.footer.replaceChildren(...footers[step]);
    closeButton.hidden = step === 'running' || step === 'checking';
    dialog.el.dataset.step = step;
    if (step === 'pick') busy.hidden = true;
    if (step !== 'preview') error.hidden = true;
  }

  function showBusy(text) {
    error.hidden = true;
    busy.replaceChildren(spinner(text));
    busy.hidden = false;
  }

  function showError(err) {
    busy.hidden = true;
    error.textContent = err instanceof Error ? err.message : String(err?.message ?? err);
    error.hidden = false;
  }

  async function loadPreview(options) {
    showBusy(`Reading ${file.name}…`);
    try {
      const found = await previewImport(file.path, options);
      const startButton = footers.preview[2];
      preview = importPreview(found, {
        onSheet: (sheet) => loadPreview({ sheet }),
        recheck: async (mapping) => (await previewImport(file.path, { ...options, mapping })).checks,
        onChange: () => { startButton.disabled = !preview.hasPhone(); },
      });
      preview.found = found;
      startButton.disabled = !preview.hasPhone();
      steps.preview.replaceChildren(h('p', { class: 'mb-2' }, h('strong', {}, file.name)), preview.element);
      busy.hidden = true;
      error.hidden = true;
      show('preview');
    } catch (err) {
      showError(err);
    }
  }

  function toPick() {
    show('pick');
    loadHistory();
  }

  async function loadHistory() {
    const slot = steps.pick.querySelector('#import-history-slot');
    try {
      slot.replaceChildren((await importHistory(() => onImported({}))) ?? '');
    } catch (err) {
      slot.replaceChildren();
      showError(err);
    }
  }

  function progressView() {
    const bar = h('div', { class: 'progress-bar progress-bar-striped progress-bar-animated', style: 'width: 0%' });
    const progress = h('div', { id: 'import-progress', class: 'progress', role: 'progressbar', 'aria-label': 'Import progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, bar);
    const text = h('p', { id: 'import-progress-text', class: 'text-body-secondary mt-2 mb-0' }, 'Starting…');
    steps.running.replaceChildren(h('p', {}, `Importing ${file.name}…`), progress, text);
    return (event) => {
      const percent = event.total > 0 ? Math.min(100, Math.round((event.done / event.total) * 100)) : 0;
      bar.style.width = `${percent}%`;
      progress.setAttribute('aria-valuenow', String(percent));
      const problems = (event.skipped ?? 0) + (event.failed ?? 0);
      text.textContent = `${formatCount(event.rows)} rows so far: ${formatCount(event.created)} new, ${formatCount(event.updated)} updated, ${formatCount(problems)} not imported.`;
    };
  }

  function readOptions() {
    const { found } = preview;
    return {
      format: found.format,
      encoding: found.encoding,
      delimiter: found.delimiter,
      sheet: found.sheet,
      mapping: preview.mapping(),
      saveMapping: preview.saveMapping(),
    };
  }

  // Before importing, the file is read against the book: when some rows have numbers already
  // there, the user sees what would change and chooses; otherwise the import starts at once.
  async function checkMatches() {
    steps.merge.replaceChildren(spinner(`Checking the numbers of ${file.name} against your contacts…`));
    footers.checking[0].disabled = false;
    footers.checking[0].textContent = 'Stop checking';
    show('checking');
    try {
      const found = await previewMatches(file.path, readOptions());
      if (found.cancelled) {
        show('preview');
        return;
      }
      if (found.matches === 0 && found.duplicates === 0) {
        await start('fill');
        return;
      }
      merge = importMerge(found);
      steps.merge.replaceChildren(h('p', { class: 'mb-2' }, h('strong', {}, file.name)), merge.element);
      show('merge');
    } catch (err) {
      show('preview');
      showError(err);
    }
  }

  async function start(matches) {
    const options = { ...readOptions(), matches };
    const update = progressView();
    stopProgress = on('import:progress', update);
    footers.running[0].disabled = false;
    footers.running[0].textContent = 'Cancel the import';
    show('running');
    try {
      const result = await importContacts(file.path, options);
      update({ done: 1, total: 1, rows: result.created + result.updated + result.skipped + result.failed, ...result });
      onImported(result);
      const changesLink = result.changesReport
        ? h('div', { class: 'mb-2' }, await reportLink(result.changesReport, 'import-changes-report', 'Download the changes (CSV)'))
        : null;
      steps.summary.replaceChildren(await importSummary(result, file.name),
        unchangedNote(result) ?? '',
        importChanges(result, changesLink) ?? '',
        undoSection(result, file.name, () => onImported(result)) ?? '');
      show('summary');
    } catch (err) {
      show('preview');
      showError(err);
    } finally {
      stopProgress?.();
      stopProgress = null;
    }
  }

  async function stop(event) {
    event.currentTarget.disabled = true;
    event.currentTarget.textContent = 'Stopping…';
    try {
      await cancelImport();
    } catch (err) {
      showError(err);
    }
  }

  return {
    open() {
      file = null;
      footers.running[0].textContent = 'Cancel the import';
      show('pick');
      dialog.show();
      loadHistory();
    },
    destroy() {
      stopProgress?.();
      dialog.destroy();
    },
  };
}
