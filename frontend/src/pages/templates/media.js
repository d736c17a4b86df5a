// The template's attachment: what is attached, a picker to attach or replace it, Remove,
// and WhatsApp's size rules in plain words.
import * as files from '../../api/files.js';
import { attachMedia, removeMedia } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';

const ACCEPT = '.jpg,.jpeg,.png,.webp,.mp4,.3gp,.mp3,.ogg,.opus,.aac,.m4a,.amr,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv,.zip,.odt,.ods,.odp,.rtf';
const FILTERS = [
  { displayName: 'Pictures, videos, audio and documents', pattern: ACCEPT.split(',').map((ext) => `*${ext}`).join(';') },
  { displayName: 'All files', pattern: '*' },
];
const ICONS = { image: 'fa-regular fa-image', video: 'fa-solid fa-film', audio: 'fa-solid fa-music', document: 'fa-regular fa-file-lines' };

/** mediaSection({onChanged(template)}) → {element, show(template | null)} */
export function mediaSection({ onChanged }) {
  const current = h('div', { id: 'template-media-current', class: 'small mb-2' });
  const slot = h('div', { class: 'template-media-picker' });
  const error = h('div', { id: 'template-media-error', class: 'alert alert-danger py-1 px-2 small mb-2', role: 'alert', hidden: true });
  const element = h('fieldset', { id: 'template-media', class: 'mb-3' },
    h('legend', { class: 'form-label fs-6 mb-1' }, 'Attachment (optional)'),
    current, error, slot,
    h('div', { class: 'form-text' }, 'WhatsApp sends pictures (JPG, PNG, WebP) up to 5 MB, video and audio up to 16 MB, and documents (PDF, Office, text, ZIP) up to 100 MB.'));

  let template = null;

  async function attach(path) {
    error.hidden = true;
    try {
      template = await attachMedia(template.id, path);
      toast.success('File attached.');
      onChanged(template);
    } catch (err) {
      error.textContent = err?.message ?? String(err);
      error.hidden = false;
    }
  }

  async function remove() {
    try {
      template = await removeMedia(template.id);
      onChanged(template);
    } catch (err) {
      toast.error(err);
    }
  }

  async function picker() {
    // files.js owns uploads (browser) and file dialogs (desktop).
    return files.filePicker({
      id: 'template-media-file', accept: ACCEPT, title: 'Choose a file to attach', filters: FILTERS,
      onPicked: ({ path }) => attach(path),
      onError: (err) => toast.error(err),
    });
  }

  return {
    element,
    async show(t) {
      template = t;
      error.hidden = true;
      if (!t?.id) {
        current.replaceChildren(h('span', { class: 'text-body-secondary' }, 'Save the template first, then attach a picture, video, audio or document.'));
        slot.replaceChildren();
        return;
      }
      const name = t.mediaPath ? t.mediaPath.split(/[\\/]/).pop() : '';
      current.replaceChildren(...(name
        ? [icon(`${ICONS[t.mediaType] ?? 'fa-solid fa-paperclip'} me-2`), h('span', { class: 'me-2' }, name),
          h('button', { type: 'button', id: 'template-media-remove', class: 'btn btn-sm btn-outline-danger', onclick: remove }, 'Remove')]
        : [h('span', { class: 'text-body-secondary' }, 'No file attached.')]));
      slot.replaceChildren(await picker());
    },
  };
}
