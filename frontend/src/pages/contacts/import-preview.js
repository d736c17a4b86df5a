// Step 2 of the import: what Herald found in the file, the first rows, and a column mapping
// the user can change, with how each row's phone will be stored and which rows will not import.
import { h, icon } from '../../lib/dom.js';
import { plural } from '../../lib/format.js';
import { formatPhone, keepNumbersWhole } from '../../lib/phone.js';

const TARGET_LABELS = {
  '': 'Ignore this column',
  name: 'Name',
  first_name: 'First name',
  last_name: 'Last name',
  phone: 'Phone number',
  email: 'Email',
  company: 'Company',
  tags: 'Tags',
  notes: 'Notes',
  opted_out: 'Opted out',
};
const VCARD_COLUMNS = ['Name', 'Phone', 'Email', 'Company', 'Tags', 'Notes'];
const FORMATS = { csv: 'CSV', vcard: 'vCard', xlsx: 'Excel workbook' };
const DELIMITERS = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars (|)' };

/** The words for a mapping target: "Phone number", "Custom: City". */
export function targetLabel(target) {
  if (target.startsWith('custom:')) return `Custom: ${target.slice('custom:'.length)}`;
  return TARGET_LABELS[target] ?? target;
}

function detected(preview) {
  const facts = [FORMATS[preview.format] ?? preview.format.toUpperCase()];
  if (preview.encoding) facts.push(preview.encoding.toUpperCase());
  if (preview.delimiter) facts.push(`columns separated by ${DELIMITERS[preview.delimiter] ?? `“${preview.delimiter}”`}`);
  return h('p', { id: 'import-detected', class: 'mb-2' },
    h('span', { class: 'text-body-secondary me-2' }, 'Herald found:'),
    facts.map((fact) => h('span', { class: 'badge text-bg-info me-1' }, fact)));
}

function mappingSelect(preview, column) {
  const current = preview.mapping?.[column] ?? '';
  const targets = preview.targets?.length ? preview.targets : Object.keys(TARGET_LABELS);
  const choices = targets.includes(current) ? targets : [...targets, current];
  const select = h('select', { class: 'form-select form-select-sm import-map', dataset: { column: String(column) }, 'aria-label': `What column ${preview.headers[column]} holds` },
    choices.map((target) => h('option', { value: target }, targetLabel(target))));
  select.value = current;
  return select;
}

/** What importing a row will do, as the first cell of its preview row; check is one of preview.checks. */
function storedCell(check) {
  if (!check) return h('td', { class: 'import-stored' });
  if (check.problem) {
    return h('td', { class: 'import-stored', title: check.problem },
      h('span', { class: `badge ${check.skip ? 'text-bg-secondary' : 'text-bg-danger'} me-1` }, check.skip ? 'Will be skipped' : 'Will fail'),
      h('div', { class: 'small import-problem' }, keepNumbersWhole(check.problem)));
  }
  // The country comes from Herald's own reading of the number, which knows more ranges than the screen's.
  const text = formatPhone(check.phone);
  return h('td', { class: 'import-stored' },
    h('span', { class: 'phone', dataset: { phone: check.phone } }, check.country ? `${text} · ${check.country}` : text),
    check.others > 0 && h('div', { class: 'small text-body-secondary' },
      `and ${plural(check.others, 'other number')} kept on the contact`));
}

/** The preview rows that will not import: "2 of these 20 rows will not be imported…", or nothing. */
function checksNote(checks) {
  const failing = checks.filter((check) => check.problem && !check.skip).length;
  const skipped = checks.filter((check) => check.problem && check.skip).length;
  if (failing + skipped === 0) return null;
  const parts = [];
  if (failing) parts.push(`${plural(failing, 'row')} will fail: Herald cannot read the number`);
  if (skipped) parts.push(`${plural(skipped, 'row')} will be skipped: no phone number`);
  return h('div', { id: 'import-checks', class: 'alert alert-warning py-2 mb-2' },
    icon('fa-solid fa-triangle-exclamation me-2'),
    `Of the first ${plural(checks.length, 'row')}, ${parts.join('; ')}. They are marked below; fix them in the file now, or import and fix them later.`);
}

/**
 * importPreview(preview, {onSheet(sheet), onChange(), recheck(mapping)}) → {element, mapping(), hasPhone()}
 * mapping() is one target per column ([] for vCard, whose fields map themselves). recheck(mapping)
 * resolves to the rows' checks under another mapping.
 */
export function importPreview(preview, { onSheet, onChange, recheck }) {
  const vcard = preview.format === 'vcard';
  const headers = vcard ? VCARD_COLUMNS : preview.headers ?? [];
  const selects = vcard ? [] : headers.map((_, column) => mappingSelect(preview, column));
  const rows = preview.rows ?? [];

  const sheets = preview.sheets ?? [];
  const sheetPicker = sheets.length > 1 && h('div', { class: 'import-sheet mb-2' },
    h('label', { class: 'form-label mb-0', for: 'import-sheet' }, 'Sheet'),
    h('select', { id: 'import-sheet', class: 'form-select form-select-sm', onchange: (event) => onSheet(event.target.value) },
      sheets.map((sheet) => h('option', { value: sheet, selected: sheet === preview.sheet }, sheet))));

  const noPhone = h('div', { id: 'import-no-phone', class: 'alert alert-warning py-2 mb-2', hidden: true },
    icon('fa-solid fa-triangle-exclamation me-2'), 'Choose the column that holds the phone numbers: every contact needs one.');

  const body = h('tbody');
  const checksSlot = h('div');
  const showChecks = (checks = []) => {
    body.replaceChildren(...rows.map((row, i) => {
      const check = checks[i];
      const outcome = !check ? 'unknown' : !check.problem ? 'ok' : check.skip ? 'skip' : 'fail';
      return h('tr', { class: outcome === 'fail' ? 'table-danger' : outcome === 'skip' ? 'table-secondary' : null, dataset: { check: outcome } },
        storedCell(check),
        headers.map((_, column) => h('td', {}, row[column] ?? '')));
    }));
    checksSlot.replaceChildren(...[checksNote(checks)].filter(Boolean));
  };
  showChecks(preview.checks ?? []);

  const table = h('table', { id: 'import-preview', class: 'table table-sm table-bordered align-top mb-0' },
    h('thead', {},
      h('tr', {},
        h('th', { scope: 'col', class: 'import-header import-stored' }, 'Phone as Herald will store it'),
        headers.map((header) => h('th', { scope: 'col', class: 'import-header' }, header))),
      !vcard && h('tr', {}, h('th', { class: 'import-map-cell' }), selects.map((select) => h('th', { class: 'import-map-cell' }, select)))),
    body);

  const element = h('div', { class: 'import-preview' },
    detected(preview),
    sheetPicker,
    h('p', { class: 'text-body-secondary small mb-2' },
      vcard
        ? 'vCard fields are matched automatically. These are the first contacts in the file.'
        : preview.savedMapping
          ? 'Using the columns you chose last time for files like this one. Check them below, then import.'
          : 'Check what each column holds (Herald has guessed), then import. These are the first rows of the file.'),
    noPhone,
    checksSlot,
    rows.length === 0 && h('p', { class: 'text-warning-emphasis' }, 'This file has no rows to import.'),
    h('div', { class: 'import-preview-scroll' }, table),
    !vcard && h('div', { class: 'form-check mt-3' },
      h('input', { type: 'checkbox', id: 'import-save-mapping', class: 'form-check-input' }),
      h('label', { class: 'form-check-label', for: 'import-save-mapping' }, 'Remember these columns for next time')));

  const hasPhone = () => vcard || selects.some((select) => select.value === 'phone');
  // Checks of an earlier mapping that arrive late must not replace those of the current one.
  let asked = 0;
  const sync = async () => {
    noPhone.hidden = hasPhone();
    onChange();
    if (!recheck) return;
    const ask = ++asked;
    const mapping = selects.map((select) => select.value);
    try {
      const checks = await recheck(mapping);
      if (ask === asked) showChecks(checks ?? []);
    } catch {
      // Checks of another mapping would mislead: the rows show none, and the import reports every row.
      if (ask === asked) showChecks([]);
    }
  };
  selects.forEach((select) => select.addEventListener('change', sync));
  noPhone.hidden = hasPhone();

  return {
    element,
    mapping: () => selects.map((select) => select.value),
    saveMapping: () => Boolean(element.querySelector('#import-save-mapping')?.checked),
    hasPhone,
  };
}
