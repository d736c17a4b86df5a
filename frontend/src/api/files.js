// Files in and out of Herald. The desktop window has native file dialogs and a real file
// system; a browser uploads what the user picks and downloads exports. This module is the
// only code that knows which of the two it is running in.
import { OpenFile, OpenFolder, SaveFile } from '../../wailsjs/go/main/DialogService.js';
import { exportCampaignTo } from './campaigns.js';
import { exportContactsTo } from './contacts.js';
import { appInfo } from './settings.js';
import { h, icon } from '../lib/dom.js';

const CONTACT_FILES = [
  { displayName: 'Contact files (CSV, TSV, Excel, vCard)', pattern: '*.csv;*.tsv;*.txt;*.xlsx;*.vcf' },
  { displayName: 'All files', pattern: '*' },
];
const EXPORT_FORMATS = {
  csv: { ext: 'csv', filters: [{ displayName: 'CSV file', pattern: '*.csv' }] },
  xlsx: { ext: 'xlsx', filters: [{ displayName: 'Excel workbook', pattern: '*.xlsx' }] },
};

let info = null;

/** SettingsService.Info(), asked once: the mode does not change while the app runs. */
function cachedInfo() {
  info ??= appInfo().catch((err) => {
    info = null;
    throw err;
  });
  return info;
}

async function inBrowser() {
  return (await cachedInfo()).mode === 'browser';
}

function authHeader() {
  return { Authorization: `Bearer ${sessionStorage.getItem('herald.token') ?? ''}` };
}

/** The plain-language message of a failed /upload or /download answer. */
async function failure(res, fallback) {
  try {
    const body = await res.json();
    if (body?.error) return new Error(body.error);
  } catch {
    // not JSON: say it in our own words
  }
  return new Error(fallback);
}

async function upload(file) {
  let res;
  try {
    res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: authHeader(), body: file });
  } catch {
    throw new Error('The file could not be sent to Herald. Is `herald serve` still running?');
  }
  if (!res.ok) throw await failure(res, `Herald could not receive ${file.name}.`);
  return (await res.json()).result;
}

/**
 * A control that picks a file: a file input (id) in a browser, a button that opens the
 * file dialog on the desktop. Calls onPicked({path, name}) once the file is where Herald
 * can read it, onBusy(name) while it is being sent, onError(err) on failure.
 * accept is the browser's filter (".csv,.vcf"), filters the desktop dialog's.
 */
export async function filePicker({ id, accept, title, filters, onPicked, onBusy = () => {}, onError }) {
  if (await inBrowser()) {
    const input = h('input', { type: 'file', id, class: 'form-control', accept });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return;
      onBusy(file.name);
      try {
        onPicked({ path: await upload(file), name: file.name });
      } catch (err) {
        onError(err);
      } finally {
        input.value = '';
      }
    });
    return input;
  }
  const button = h('button', { type: 'button', id, class: 'btn btn-primary' }, icon('fa-solid fa-folder-open me-2'), 'Choose a file…');
  button.addEventListener('click', async () => {
    try {
      const path = await OpenFile(title, filters);
      if (path) onPicked({ path, name: path.split(/[\\/]/).pop() });
    } catch (err) {
      onError(err);
    }
  });
  return button;
}

/**
 * Asks for a folder with the desktop's dialog and returns its path ("" when the user
 * cancels); null in a browser, which has no way to pick a folder on the computer running
 * Herald: the page asks for the path typed instead.
 */
export async function pickFolder(title) {
  if (await inBrowser()) return null;
  return OpenFolder(title);
}

/** The control that picks a contact file (see filePicker). */
export function contactFilePicker(options) {
  return filePicker({ ...options, accept: '.csv,.tsv,.txt,.xlsx,.vcf', title: 'Choose a contact file', filters: CONTACT_FILES });
}

function stamp(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

const stemsUsed = new Map();

/**
 * `${base}-<time>`, with -2, -3… when this page already made that name: Herald never
 * replaces an export, and two exports in one second would otherwise clash.
 */
function uniqueStem(base) {
  const stem = `${base}-${stamp()}`;
  const n = (stemsUsed.get(stem) ?? 0) + 1;
  stemsUsed.set(stem, n);
  return n === 1 ? stem : `${stem}-${n}`;
}

/**
 * Saves what write(path) writes, named `${base}-<time>.csv|xlsx` by format ('csv' or
 * 'xlsx'): through a save dialog titled title on the desktop, as a download in a browser.
 * write gets a full path or a bare name (the exports folder) and resolves to a count.
 * Resolves to {count, where} (where the file went, in words), or null when the user
 * cancelled the dialog.
 */
async function saveExport({ title, base, format, write }) {
  const { ext, filters } = EXPORT_FORMATS[format] ?? EXPORT_FORMATS.csv;
  const name = `${uniqueStem(base)}.${ext}`;
  if (await inBrowser()) {
    const count = await write(name);
    await downloadExport(name);
    return { count, where: name };
  }
  const path = await SaveFile(title, name, filters);
  if (!path) return null;
  return { count: await write(path), where: path };
}

/** Exports the contacts matching query as 'csv' or 'xlsx' (see saveExport). */
export function exportContacts(query, format) {
  return saveExport({ title: 'Export contacts', base: 'contacts', format, write: (path) => exportContactsTo(path, query) });
}

/** Exports every recipient of campaign id, with states and times, as 'csv' or 'xlsx' (see saveExport). */
export function exportCampaign(id, format) {
  return saveExport({ title: 'Export campaign report', base: `campaign-${Number(id)}`, format, write: (path) => exportCampaignTo(id, path) });
}

/** Downloads a file of the exports folder to the browser's downloads. */
export async function downloadExport(name) {
  let res;
  try {
    res = await fetch(`/download/${encodeURIComponent(name)}`, { headers: authHeader() });
  } catch {
    throw new Error('The file could not be fetched from Herald. Is `herald serve` still running?');
  }
  if (!res.ok) throw await failure(res, `Herald could not send ${name}.`);
  const url = URL.createObjectURL(await res.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; give it time before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * How the user gets at a file Herald wrote to the exports folder: {download()} in a
 * browser, {path} (the full path, to open or copy) on the desktop.
 */
export async function exportedFile(name) {
  if (await inBrowser()) return { download: () => downloadExport(name) };
  const dir = (await cachedInfo()).exportsDir;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return { path: dir ? `${dir.replace(/[\\/]+$/, '')}${sep}${name}` : name };
}
