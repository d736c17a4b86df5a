// Activity: everything done in Herald, newest first, paged by the backend. Each entry
// reads in words (the backend names every code) and links to what it concerns.
import { activityKinds, listActivity } from '../api/activity.js';
import { undoImport } from '../api/contacts.js';
import { on } from '../api/events.js';
import { exportedFile } from '../api/files.js';
import DataTable, { escapeHtml, textRenderer } from '../lib/datatable.js';
import { h } from '../lib/dom.js';
import { confirmDialog } from '../lib/modal.js';
import { emptyState } from '../lib/empty.js';
import { formatDateTime } from '../lib/format.js';
import { formatPhonesIn } from '../lib/phone.js';
import { throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';

// The pages an entry's kind names; an entry without a reference of its own links there.
const KIND_PAGES = new Set(['campaigns', 'contacts', 'templates', 'settings', 'whatsapp']);

const REF_LINKS = {
  campaign: { page: 'campaigns', text: 'Open campaign' },
  contact: { page: 'contacts', text: 'Open contact' },
  template: { page: 'templates', text: 'Open template' },
};

// An import can be undone for this many days after it (contacts.UndoImport says so too).
const UNDO_DAYS = 7;
const UNDOABLE = new Set(['imported', 'import failed', 'import interrupted']);

/** The HTML of the Undo of an import entry, '' when it is too old or not an import. */
function undoHtml(entry) {
  const run = Number(entry.ref?.id);
  const until = new Date(entry.at).getTime() + UNDO_DAYS * 24 * 3600 * 1000;
  if (entry.ref?.kind !== 'import' || !(run > 0) || !UNDOABLE.has(entry.action) || Date.now() > until) return '';
  return `<button type="button" class="btn btn-link p-0 border-0 align-baseline ms-2 activity-link activity-undo" data-run="${run}" title="For ${UNDO_DAYS} days after an import">Undo the import</button>`;
}

/** The HTML of the link to what entry concerns, '' when it concerns nothing to open. */
function linkHtml(entry) {
  const ref = entry.ref ?? {};
  const link = REF_LINKS[ref.kind];
  const id = Number(ref.id);
  if (link && id > 0) {
    return `<a class="activity-link" data-ref="${link.page}" href="#/${link.page}/${id}">${link.text}</a>`;
  }
  if (ref.kind === 'import') {
    const report = ref.path
      ? `<button type="button" class="btn btn-link p-0 border-0 align-baseline activity-link activity-report" data-ref="import" data-path="${escapeHtml(ref.path)}">Problems report</button>`
      : '';
    return report + undoHtml(entry);
  }
  if (KIND_PAGES.has(entry.kind)) {
    return `<a class="activity-link" data-ref="page" href="#/${entry.kind}">Go to ${escapeHtml(entry.kindWords)}</a>`;
  }
  return '';
}

// Widths in styles.css (.table-fit): the area gives way first on a narrow window.
const columns = [
  { data: 'at', title: 'When', className: 'col-when', render: textRenderer(formatDateTime) },
  { data: 'kindWords', title: 'Area', className: 'col-area col-optional', render: textRenderer(String, (words) => `<span class="badge text-bg-secondary">${words}</span>`) },
  { data: 'title', title: 'What happened', className: 'col-title', render: textRenderer() },
  { data: 'summary', title: 'Details', render: textRenderer(formatPhonesIn) },
  { data: null, title: '', className: 'col-link', render: (value, type, entry) => (type === 'display' ? linkHtml(entry) : '') },
];

/**
 * Folds each run of two or more consecutive connection steps in tbody into one row,
 * "Connection: N steps", that shows them on a click.
 */
function groupSteps(tbody) {
  const rows = [...tbody.rows];
  for (let i = 0; i < rows.length;) {
    let end = i;
    while (end < rows.length && rows[end].classList.contains('activity-step')) end += 1;
    const run = rows.slice(i, end);
    i = Math.max(end, i + 1);
    if (run.length < 2) continue;
    const toggle = h('button', { type: 'button', class: 'btn btn-link p-0 border-0 align-baseline activity-steps-toggle', 'aria-expanded': 'false' },
      `Connection: ${run.length} steps`);
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      for (const row of run) row.hidden = !open;
    });
    for (const row of run) row.hidden = true;
    run[0].before(h('tr', { class: 'activity-steps-group' }, h('td', { colspan: String(columns.length) }, toggle)));
  }
}

/** Downloads the import's problems report in a browser; on the desktop says where it is. */
async function openReport(name) {
  const file = await exportedFile(name);
  if (file.download) {
    await file.download();
    return;
  }
  await navigator.clipboard?.writeText(file.path).catch(() => {});
  toast.success(`The problems report is ${file.path} (its path is copied).`);
}

export default {
  id: 'activity',
  title: 'Activity',
  icon: 'fa-solid fa-clock-rotate-left',
  async render(container) {
    const kindSelect = h('select', { id: 'activity-kind', class: 'form-select form-select-sm', 'aria-label': 'Show only one area' },
      h('option', { value: '' }, 'Everything'));
    const stepsToggle = h('input', { type: 'checkbox', id: 'activity-steps', class: 'form-check-input', role: 'switch' });
    const empty = emptyState({
      icon: 'fa-solid fa-clock-rotate-left',
      title: 'No activity yet',
      text: 'Nothing has happened yet. Everything you do in Herald — adding contacts, sending campaigns, changing settings — is listed here.',
    });
    empty.hidden = true;
    const filters = h('div', { class: 'activity-kind-filter' },
      h('label', { for: 'activity-kind' }, 'Show'), kindSelect,
      h('div', { class: 'form-check form-switch mb-0 ms-2', title: 'Each step of connecting to WhatsApp: connecting, QR codes, pairing codes, failed attempts' },
        stepsToggle, h('label', { class: 'form-check-label', for: 'activity-steps' }, 'Connection steps')));
    const tableEl = h('table', { id: 'activity-table', class: 'table table-sm table-striped table-hover align-middle w-100 table-fit' });
    const card = h('section', { class: 'card' }, h('div', { class: 'card-body' }, tableEl));
    container.append(empty, card);

    let left = false;
    let firstDraw;
    const drawn = new Promise((resolve) => { firstDraw = resolve; });

    async function fetchPage(query) {
      try {
        const page = await listActivity(query);
        return { items: page?.items ?? [], total: page?.total ?? 0, failed: false };
      } catch (err) {
        if (!left) toast.error(err);
        return { items: [], total: 0, failed: true };
      }
    }

    function addKind({ kind, words } = {}) {
      if (!kind || [...kindSelect.options].some((option) => option.value === kind)) return;
      kindSelect.append(h('option', { value: kind }, words || kind));
    }

    const table = new DataTable(tableEl, {
      serverSide: true,
      ordering: false,
      pageLength: 25,
      columns,
      drawCallback() {
        groupSteps(tableEl.tBodies[0]);
      },
      createdRow(row, entry) {
        row.dataset.kind = entry.kind;
        row.dataset.action = entry.action;
        if (entry.step) row.classList.add('activity-step');
      },
      layout: {
        topStart: filters,
        topEnd: 'search',
        bottomStart: ['info', 'pageLength'],
        bottomEnd: 'paging',
      },
      language: {
        search: 'Search:',
        searchPlaceholder: 'Words in the entry',
        zeroRecords: 'No entries match what you are looking for.',
        emptyTable: 'No entries match what you are looking for.',
        info: 'Entries _START_ to _END_ of _TOTAL_',
        lengthMenu: '_MENU_ per page',
        infoEmpty: 'No entries',
        infoFiltered: '',
      },
      ajax(data, callback) {
        const query = {
          offset: data.start, limit: data.length, kind: kindSelect.value, search: data.search.value, hideSteps: !stepsToggle.checked,
        };
        fetchPage(query).then(async ({ items, total, failed }) => {
          if (left) return;
          // The friendly empty state only when the log itself is empty, not when a filter
          // finds nothing; hidden connection steps are asked about apart.
          let nothingAtAll = !failed && total === 0 && !query.kind && !query.search;
          if (nothingAtAll && query.hideSteps) {
            const all = await fetchPage({ offset: 0, limit: 1, hideSteps: false });
            if (left) return;
            nothingAtAll = !all.failed && all.total === 0;
          }
          empty.hidden = !nothingAtAll;
          card.hidden = nothingAtAll;
          callback({ draw: data.draw, recordsTotal: total, recordsFiltered: total, data: items });
          firstDraw();
        });
      },
    });

    kindSelect.addEventListener('change', () => table.ajax.reload());
    stepsToggle.addEventListener('change', () => table.ajax.reload());
    tableEl.addEventListener('click', (event) => {
      const button = event.target.closest('.activity-report');
      if (button) openReport(button.dataset.path).catch(toast.error);
      const undo = event.target.closest('.activity-undo');
      if (undo) undoFromEntry(Number(undo.dataset.run));
    });

    async function undoFromEntry(run) {
      const yes = await confirmDialog({
        title: 'Undo this import?',
        text: ['The contacts it added are removed and the contacts it changed get back what they held. Contacts changed since the import are left as they are, and opt-outs stay.'],
        confirmLabel: 'Undo the import',
        danger: true,
      });
      if (yes === null) return;
      try {
        const result = await undoImport(run);
        toast.success(result.summary);
      } catch (err) {
        toast.error(err);
      }
    }

    const reload = throttle(() => table.ajax.reload(null, false), 250);
    const stopListening = on('activity:new', (entry) => {
      addKind({ kind: entry?.kind, words: entry?.kindWords });
      reload();
    });

    try {
      ((await activityKinds()) ?? []).forEach(addKind);
    } catch (err) {
      toast.error(err);
    }
    await drawn;

    return () => {
      left = true;
      stopListening();
      reload.cancel();
      table.destroy();
    };
  },
};
