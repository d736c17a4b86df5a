// Restore a backup: one from the backup folder or a file the user picks. Herald checks it
// and says what it holds beside what it replaces, asks once, then replaces the data; every
// page reloads with the restored data when the backend says so (backup:restored, main.js).
import { BACKUP_CHANGED, inspectBackup, listBackups, restoreBackup } from '../../api/backup.js';
import { listCampaigns } from '../../api/campaigns.js';
import { listContacts } from '../../api/contacts.js';
import { on } from '../../api/events.js';
import { filePicker } from '../../api/files.js';
import { listTemplates } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { createModal } from '../../lib/modal.js';
import { formatCount, formatDateTime, plural } from '../../lib/format.js';
import { toast } from '../../lib/toast.js';

const BACKUP_FILES = [
  { displayName: 'Herald backups (.zip)', pattern: '*.zip' },
  { displayName: 'All files', pattern: '*' },
];

/** What Herald holds now, counted as a backup counts it. */
async function currentCounts() {
  const [contacts, templates, campaigns] = await Promise.all([
    listContacts({ limit: 1 }), listTemplates({ limit: 1 }), listCampaigns({ limit: 1 })]);
  return { contacts: contacts.total, templates: templates.total, campaigns: campaigns.total };
}

function backupLabel(b) {
  const when = formatDateTime(b.createdAt);
  if (b.problem) return `${when}: cannot be read`;
  const kind = b.beforeRestore ? ' (kept before a restore)' : '';
  return `${when}${kind}: ${plural(b.contacts, 'contact')}`;
}

/** Asks once, showing the backup beside the data it replaces; resolves to true for yes. */
function confirmRestore(backup, now) {
  return new Promise((resolve) => {
    const row = (label, key) => h('tr', {},
      h('th', { scope: 'row' }, label),
      h('td', { class: 'text-end', dataset: { restore: `backup-${key}` } }, formatCount(backup[key])),
      h('td', { class: 'text-end', dataset: { restore: `now-${key}` } }, now ? formatCount(now[key]) : '?'));
    const confirm = h('button', { type: 'button', id: 'restore-confirm', class: 'btn btn-danger' }, 'Replace my data');
    const cancel = h('button', { type: 'button', id: 'restore-cancel', class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel');
    const dialog = createModal({
      id: 'restore-modal',
      title: 'Restore this backup?',
      body: [
        h('p', {}, `Backup made on ${formatDateTime(backup.createdAt)} by Herald ${backup.version}.`),
        h('table', { class: 'table table-sm' },
          h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { class: 'text-end' }, 'In the backup'),
            h('th', { class: 'text-end' }, 'Now'))),
          h('tbody', {}, row('Contacts', 'contacts'), row('Templates', 'templates'), row('Campaigns', 'campaigns'))),
        h('p', {}, 'Everything Herald holds now (contacts, templates, campaigns, their history and settings) is replaced ',
          'by what the backup holds. Herald first keeps your current data as a backup of its own, listed here afterwards, ',
          'so you can go back to it. Campaigns that were sending come back paused.'),
        backup.whatsappSession && h('p', {}, 'The backup also holds the link to a phone: it replaces the one Herald has now.'),
      ],
      footer: [cancel, confirm],
    });
    let answer = false;
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.hide();
    });
    // Replacing the data is not the answer Enter gives.
    dialog.el.addEventListener('shown.bs.modal', () => cancel.focus());
    dialog.el.addEventListener('hidden.bs.modal', () => {
      dialog.destroy();
      resolve(answer);
    });
    dialog.show();
  });
}

export async function restoreCard() {
  const error = h('div', { id: 'restore-error', class: 'alert alert-danger mt-3 mb-0', role: 'alert', hidden: true });
  const status = h('div', { id: 'restore-status', class: 'form-text', 'aria-live': 'polite' });
  const choice = h('select', { id: 'restore-choice', class: 'form-select', 'aria-label': 'Backup to restore' });
  const chosen = h('button', { type: 'button', id: 'restore-chosen', class: 'btn btn-outline-danger text-nowrap' },
    icon('fa-solid fa-clock-rotate-left me-2'), 'Restore…');
  let busy = false;

  const showError = (err) => {
    error.textContent = err?.message ?? String(err);
    error.hidden = false;
  };

  async function restore(path) {
    if (busy) return;
    busy = true;
    chosen.disabled = true;
    error.hidden = true;
    status.textContent = 'Checking the backup…';
    try {
      const [backup, now] = await Promise.all([inspectBackup(path), currentCounts().catch(() => null)]);
      status.textContent = '';
      if (!(await confirmRestore(backup, now))) return;
      status.textContent = 'Restoring… Herald keeps your current data as a backup first; sending is paused meanwhile.';
      const done = await restoreBackup(path);
      status.textContent = `Restored the backup of ${formatDateTime(done.createdAt)}. Herald is reloading.`;
      toast.success(`Backup restored: ${plural(done.contacts, 'contact')}.`);
    } catch (err) {
      status.textContent = '';
      showError(err);
    } finally {
      busy = false;
      chosen.disabled = choice.options.length === 0;
    }
  }

  async function fill() {
    const list = (await listBackups()).filter((b) => !b.problem);
    choice.replaceChildren(...list.map((b) => h('option', { value: b.path }, backupLabel(b))));
    choice.disabled = list.length === 0;
    chosen.disabled = busy || list.length === 0;
    if (list.length === 0) choice.append(h('option', { value: '' }, 'No backups yet'));
  }
  chosen.addEventListener('click', () => choice.value && restore(choice.value));

  const picker = await filePicker({
    id: 'restore-file',
    accept: '.zip',
    title: 'Choose a Herald backup',
    filters: BACKUP_FILES,
    onPicked: ({ path }) => restore(path),
    onBusy: (name) => {
      status.textContent = `Reading ${name}…`;
    },
    onError: showError,
  });
  await fill();

  const element = h('section', { id: 'restore', class: 'card mb-3', 'data-card': 'restore' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-clock-rotate-left me-2'), 'Restore a backup'),
    h('div', { class: 'card-body' },
      h('p', {}, 'Put the data of a backup back in place of what Herald holds now, on this computer or a new one.'),
      h('label', { for: 'restore-choice', class: 'form-label' }, 'A backup from the backup folder'),
      h('div', { class: 'd-flex gap-2 mb-3' }, choice, chosen),
      h('label', { for: 'restore-file', class: 'form-label' }, 'Or a backup file'),
      h('div', {}, picker),
      status,
      error));
  // A backup made meanwhile (now, daily, or by a restore) joins the list.
  const stop = on(BACKUP_CHANGED, (st) => {
    if (!element.isConnected) {
      stop();
      return;
    }
    if (!st?.running) fill().catch(toast.error);
  });
  return { element };
}
