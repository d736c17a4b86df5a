// Step 3 of the import, when some rows have numbers already in Herald: how many, what each way
// of handling them would change (old → new), and the user's choice. Also, for the summary, the
// list of contacts the import changed. Every value shown comes from the user's file or contacts:
// it reaches the page as text (h()), never as HTML.
import { h } from '../../lib/dom.js';
import { formatCount, plural } from '../../lib/format.js';
import { phoneElement } from '../../lib/phone.js';

const CHOICES = [
  {
    value: 'fill',
    label: 'Fill only empty fields',
    help: 'Keeps everything your contacts already have, adds what is missing and the file’s tags.',
  },
  {
    value: 'overwrite',
    label: 'Overwrite with the file’s values',
    help: 'Replaces names, emails and other fields with the file’s (an empty cell changes nothing) and adds the file’s tags.',
  },
  {
    value: 'skip',
    label: 'Skip matching rows',
    help: 'Leaves those contacts exactly as they are; only new numbers are added.',
  },
];

/** "Name: Tom Baker → Camila Torres", with the old value struck through. */
function changeItem({ field, before, after }) {
  return h('li', { class: 'import-change' },
    h('span', { class: 'fw-semibold' }, `${field}: `),
    before === '' ? h('span', { class: 'text-body-secondary fst-italic' }, 'empty') : h('del', { class: 'text-danger-emphasis' }, before),
    ' → ',
    after === '' ? h('span', { class: 'text-body-secondary fst-italic' }, 'empty') : h('ins', { class: 'text-success-emphasis' }, after));
}

function changeList(fields, nothing) {
  if (!fields.length) return h('span', { class: 'text-body-secondary' }, nothing);
  return h('ul', { class: 'list-unstyled mb-0' }, fields.map(changeItem));
}

function contactCell(name, phone) {
  return h('td', {}, h('div', {}, name || phoneElement(phone)), name && h('div', { class: 'small text-body-secondary' }, phoneElement(phone)));
}

/**
 * The merge step for what previewMatches found: {element, matches()}, matches() being the
 * choice ('fill', 'overwrite' or 'skip').
 */
export function importMerge(found) {
  let choice = 'fill';
  const body = h('tbody');
  const changing = h('p', { id: 'import-merge-changing', class: 'small text-body-secondary mb-2' });

  function render() {
    const counts = { fill: found.fillChanges, overwrite: found.overwriteChanges, skip: 0 };
    changing.textContent = choice === 'skip'
      ? `None of the ${plural(found.matches, 'matching contact')} will change.`
      : `${plural(counts[choice], 'contact')} of ${formatCount(found.matches)} would change, as listed below; the others already hold what the file has.`;
    const rows = document.createDocumentFragment();
    for (const item of found.items) {
      const fields = choice === 'skip' ? [] : item[choice];
      rows.append(h('tr', { dataset: { line: String(item.line) } },
        h('td', { class: 'text-nowrap' }, `Line ${item.line}`),
        contactCell(item.name, item.phone),
        h('td', {}, changeList(fields, choice === 'skip' ? 'Left as it is' : 'Nothing would change'))));
    }
    body.replaceChildren(rows);
  }

  const radios = CHOICES.map(({ value, label, help }) => h('div', { class: 'form-check mb-2' },
    h('input', {
      class: 'form-check-input',
      type: 'radio',
      name: 'import-matches',
      id: `import-matches-${value}`,
      value,
      checked: value === choice,
      'aria-describedby': `import-matches-${value}-help`,
      onchange: () => {
        choice = value;
        render();
      },
    }),
    h('label', { class: 'form-check-label', for: `import-matches-${value}` }, label,
      value === 'fill' && h('span', { class: 'badge text-bg-secondary ms-2' }, 'Recommended')),
    h('div', { id: `import-matches-${value}-help`, class: 'form-text mt-0' }, help)));

  const shown = found.items.length;
  const element = h('div', { id: 'import-merge' },
    h('p', { id: 'import-merge-count', class: 'lead mb-2' },
      `${plural(found.matches, 'row matches', 'rows match')} contacts already in Herald (the same phone number).`),
    found.duplicates > 0 && h('p', { id: 'import-merge-duplicates', class: 'text-warning-emphasis' },
      `${plural(found.duplicates, 'row repeats', 'rows repeat')} a number an earlier row of the file has: ${found.duplicates === 1 ? 'it' : 'they'} will be left out and listed with the line of the first one.`),
    found.matches > 0 && [
      h('fieldset', { class: 'mb-3' },
        h('legend', { class: 'h6' }, 'What should Herald do with them?'),
        radios),
      changing,
      shown < found.matches && h('p', { class: 'small text-body-secondary mb-2' },
        `The first ${formatCount(shown)} of ${formatCount(found.matches)} are shown; the summary after the import lists every contact changed.`),
      h('div', { class: 'import-problems-scroll' },
        h('table', { id: 'import-merge-list', class: 'table table-sm mb-0' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'Row'),
            h('th', { scope: 'col' }, 'Contact in Herald'),
            h('th', { scope: 'col' }, 'What would change'))),
          body)),
    ]);
  render();
  return { element, matches: () => choice };
}

/** The contacts an import changed, each with its fields old → new (#import-changes), or null. */
export function importChanges(result, reportLink) {
  const changes = result.changes ?? [];
  if (!changes.length) return null;
  const rows = document.createDocumentFragment();
  for (const change of changes) {
    rows.append(h('tr', { dataset: { line: String(change.line) } },
      h('td', { class: 'text-nowrap' }, `Line ${change.line}`),
      contactCell(change.name, change.phone),
      h('td', {}, changeList(change.fields, ''))));
  }
  return h('section', { id: 'import-changes', class: 'mt-3' },
    h('h3', { class: 'h6' }, 'Contacts that were updated'),
    result.changesTruncated && h('p', { class: 'text-warning-emphasis small mb-2' },
      `Only the first ${formatCount(changes.length)} are listed here; the downloaded list has all ${formatCount(result.updated)}.`),
    reportLink,
    h('div', { class: 'import-problems-scroll' },
      h('table', { class: 'table table-sm table-striped mb-0' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Row'),
          h('th', { scope: 'col' }, 'Contact'),
          h('th', { scope: 'col' }, 'What changed'))),
        h('tbody', {}, rows))));
}

/** What became of the rows whose numbers were already in Herald and changed nothing, or null. */
export function unchangedNote(result) {
  if (!(result.unchanged > 0)) return null;
  return h('p', { id: 'import-unchanged', class: 'mt-3 mb-0 text-body-secondary' },
    `${plural(result.unchanged, 'row', 'rows')} had a number already in your contacts and left ${result.unchanged === 1 ? 'that contact' : 'those contacts'} as ${result.unchanged === 1 ? 'it was' : 'they were'}: nothing new, or skipped as you chose.`);
}
