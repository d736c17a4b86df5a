// Backups: make one now, the backups in the backup folder, when the last one was made (with a
// warning after days without one), and the daily backups' settings: on or off, the time, the
// folder and how many to keep, and whether the WhatsApp link goes in.
import { BACKUP_CHANGED, backupNow, backupSettings, backupStatus, listBackups, saveBackupSettings } from '../../api/backup.js';
import { on } from '../../api/events.js';
import { pickFolder } from '../../api/files.js';
import { appInfo } from '../../api/settings.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime, formatSize, plural } from '../../lib/format.js';
import { toast } from '../../lib/toast.js';

/** When the last backup was made, in words. */
function lastBackupWords(status) {
  if (!status.lastBackupAt) return 'No backup has been made yet.';
  return `Last backup: ${formatDateTime(status.lastBackupAt)}.`;
}

/** The warning shown here and on the dashboard when no backup was made for days; null when none is due. */
export function staleWarning(status, id) {
  if (!status?.stale) return null;
  const what = status.lastBackupAt
    ? `No backup for ${status.staleDays} days or more (the last was made ${formatDateTime(status.lastBackupAt)}).`
    : `No backup has been made in the ${status.staleDays} days or more since Herald started keeping them.`;
  return h('div', { id, class: 'alert alert-warning py-2 mb-2', role: 'alert' },
    icon('fa-solid fa-triangle-exclamation me-2'), what, ' Back up now, or check the automatic backups in Settings.');
}

function holds(b) {
  if (b.problem) return b.problem;
  return `${plural(b.contacts, 'contact')}, ${plural(b.templates, 'template')}, ${plural(b.campaigns, 'campaign')}`;
}

function backupRow(b) {
  return h('tr', { dataset: { name: b.name } },
    h('td', {}, formatDateTime(b.createdAt),
      b.beforeRestore && h('span', { class: 'badge text-bg-secondary ms-2' }, 'before a restore'),
      b.whatsappSession && h('span', { class: 'badge text-bg-warning ms-2', title: 'Anyone holding this file can send as you' }, 'WhatsApp link')),
    h('td', { class: 'text-nowrap' }, formatSize(b.size)),
    h('td', { class: b.problem ? 'text-danger' : '' }, holds(b)),
    h('td', {}, h('code', { class: 'settings-path' }, b.name)));
}

function switchInput(id, label, checked) {
  const input = h('input', { id, class: 'form-check-input', type: 'checkbox', role: 'switch' });
  input.checked = Boolean(checked);
  return { input, element: h('div', { class: 'form-check form-switch mb-2' }, input, h('label', { for: id, class: 'form-check-label' }, label)) };
}

export async function backupCard() {
  const [settings, status, list, info] = await Promise.all([backupSettings(), backupStatus(), listBackups(), appInfo()]);

  const statusLine = h('p', { id: 'backup-last', class: 'mb-2' });
  const warningSlot = h('div', { id: 'backup-warning-slot' });
  const result = h('div', { id: 'backup-result', class: 'mt-2', role: 'status', hidden: true });
  const rows = h('tbody', {});
  const table = h('table', { id: 'backup-list', class: 'table table-sm align-middle mb-0' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Made'), h('th', {}, 'Size'), h('th', {}, 'Holds'), h('th', {}, 'File'))), rows);
  const empty = h('p', { id: 'backup-list-empty', class: 'text-body-secondary mb-0' }, 'No backups in the folder yet.');

  const showStatus = (st) => {
    statusLine.replaceChildren(lastBackupWords(st),
      st.nextRunAt ? ` Next automatic backup: ${formatDateTime(st.nextRunAt)}.` : ' Automatic backups are off.',
      st.lastError ? h('span', { class: 'text-danger d-block' }, `The last backup failed: ${st.lastError}`) : '');
    warningSlot.replaceChildren(staleWarning(st, 'backup-stale') ?? '');
  };
  const showList = (items) => {
    rows.replaceChildren(...(items ?? []).map(backupRow));
    table.hidden = !items?.length;
    empty.hidden = Boolean(items?.length);
  };
  showStatus(status);
  showList(list);

  const now = h('button', { id: 'backup-now', type: 'button', class: 'btn btn-primary' }, icon('fa-solid fa-box-archive me-2'), 'Back up now');
  const spinner = h('span', { class: 'spinner-border spinner-border-sm me-2', role: 'status', 'aria-hidden': 'true' });
  const busy = (on) => {
    now.disabled = on;
    now.replaceChildren(on ? spinner : icon('fa-solid fa-box-archive me-2'), on ? 'Backing up…' : 'Back up now');
  };
  now.addEventListener('click', async () => {
    busy(true);
    result.hidden = true;
    try {
      const b = await backupNow();
      result.className = 'mt-2 alert alert-success';
      result.replaceChildren(icon('fa-solid fa-circle-check me-2'), `Backed up: ${b.name} (${formatSize(b.size)}; ${holds(b)}).`);
    } catch (err) {
      result.className = 'mt-2 alert alert-danger';
      result.replaceChildren(icon('fa-solid fa-circle-exclamation me-2'), err?.message ?? String(err));
    } finally {
      result.hidden = false;
      busy(false);
    }
  });

  const automatic = switchInput('backup-automatic', 'Back up automatically every day', settings.automatic);
  const time = h('input', { id: 'backup-time', class: 'form-control', type: 'time', required: true });
  time.value = settings.time;
  const keep = h('input', { id: 'backup-keep', class: 'form-control', type: 'number', min: 1, max: 1000 });
  keep.value = settings.keep;
  const folder = h('input', { id: 'backup-folder', class: 'form-control', type: 'text', placeholder: settings.defaultFolder, maxlength: 4096 });
  folder.value = settings.folder ?? '';
  const choose = h('button', { id: 'backup-choose-folder', type: 'button', class: 'btn btn-outline-secondary', hidden: true }, 'Choose…');
  // Only the desktop window can show a folder dialog; a browser types the path.
  choose.hidden = info.mode === 'browser';
  choose.addEventListener('click', async () => {
    try {
      const picked = await pickFolder('Choose the folder for backups');
      if (picked) folder.value = picked;
    } catch (err) {
      toast.error(err);
    }
  });
  const include = switchInput('backup-include-whatsapp', 'Include the WhatsApp link', settings.includeWhatsApp);
  const save = h('button', { id: 'backup-save', type: 'button', class: 'btn btn-outline-primary' }, 'Save');
  // A refusal is said beside the button, in the backend's words.
  const refused = h('div', { id: 'backup-settings-problem', class: 'text-danger mt-2', role: 'alert', hidden: true });
  save.addEventListener('click', async () => {
    save.disabled = true;
    refused.hidden = true;
    try {
      const saved = await saveBackupSettings({
        automatic: automatic.input.checked, time: time.value, folder: folder.value, keep: Number(keep.value) || 0,
        includeWhatsApp: include.input.checked,
      });
      folder.value = saved.folder ?? '';
      toast.success(saved.automatic ? `Saved. Herald backs up every day at ${saved.time}.` : 'Saved. Automatic backups are off.');
    } catch (err) {
      refused.textContent = err?.message ?? String(err);
      refused.hidden = false;
    } finally {
      save.disabled = false;
    }
  });

  const stop = on(BACKUP_CHANGED, async (st) => {
    if (!element.isConnected) {
      stop();
      return;
    }
    showStatus(st);
    if (!st.running) {
      try {
        showList(await listBackups());
      } catch (err) {
        toast.error(err);
      }
    }
  });

  const element = h('section', { class: 'card mb-3', id: 'backups', 'data-card': 'backups' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-box-archive me-2'), 'Backups'),
    h('div', { class: 'card-body' },
      h('p', {}, 'A backup is one file holding your contacts, templates, campaigns and their media. ',
        'Keep the folder on another disk or in a synced folder (OneDrive, Dropbox, Google Drive) to be safe from a lost or broken computer.'),
      statusLine, warningSlot,
      h('div', { class: 'd-flex gap-2 align-items-center' }, now),
      result,
      h('h3', { class: 'h6 mt-4' }, 'Automatic backups'),
      automatic.element,
      h('div', { class: 'row g-3' },
        h('div', { class: 'col-md-3' }, h('label', { for: 'backup-time', class: 'form-label' }, 'Every day at'), time),
        h('div', { class: 'col-md-3' }, h('label', { for: 'backup-keep', class: 'form-label' }, 'Keep the newest'), keep,
          h('div', { class: 'form-text' }, 'Older Herald backups in the folder are deleted; other files never are.')),
        h('div', { class: 'col-md-6' }, h('label', { for: 'backup-folder', class: 'form-label' }, 'Folder'),
          h('div', { class: 'input-group' }, folder, choose),
          h('div', { class: 'form-text' }, 'Leave empty for the backups folder in the data folder. A full path, such as a synced folder.'))),
      h('div', { class: 'mt-3' }, include.element,
        h('div', { id: 'backup-whatsapp-warning', class: 'form-text text-warning-emphasis ms-4' },
          icon('fa-solid fa-triangle-exclamation me-1'),
          'With the link in the file, anyone holding the file can send messages as you. Without it, you link your phone again after a restore.')),
      h('div', { class: 'mt-3' }, save, refused),
      h('h3', { class: 'h6 mt-4' }, 'Backups in the folder'),
      table, empty));
  return { element };
}
