// Write or edit one template: name, kind (a campaign message or a quick reply), category,
// body with toolbar, live validation and a live preview beside it, attachment, Save. A body
// with problems saves as a draft. A quick reply has neither category nor attachment.
import { createTemplate, templateVariables, updateTemplate, validateBody } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount } from '../../lib/format.js';
import { debounce } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';
import { guardUnsaved, mayLeave, trackChanges } from '../../lib/unsaved.js';
import { mediaSection } from './media.js';
import { previewPanel } from './preview.js';
import { problemsView } from './problems.js';
import { testSendButton } from './testsend.js';
import { templateToolbar } from './toolbar.js';

const LIMIT = 4096;
const WARN_FROM = 3500;
const DRAFT_NOTE = 'Saved as a draft: fix the problems below before a campaign can use it.';

function field(id, label, input) {
  return h('div', { class: 'mb-3' }, h('label', { class: 'form-label', for: id }, label), input);
}

/** templateEditor({template | null, kind, onClose(changed)}) → {element, ready: Promise, destroy()} */
export function templateEditor({ template, kind: newKind = 'message', onClose }) {
  let editing = template;
  let changed = false;
  let left = false;
  let validated = 0;

  const name = h('input', { type: 'text', id: 'template-name', class: 'form-control', autocomplete: 'off', maxlength: '200', placeholder: 'Spring offer', value: template?.name ?? '' });
  const category = h('select', { id: 'template-category', class: 'form-select' },
    h('option', { value: 'marketing', title: 'Offers, news, invitations' }, 'Marketing'),
    h('option', { value: 'utility', title: 'Reminders, confirmations, updates' }, 'Utility'));
  category.value = template?.category || 'marketing';
  const kind = h('select', { id: 'template-kind', class: 'form-select' },
    h('option', { value: 'message', title: 'A message campaigns send' }, 'Campaign message'),
    h('option', { value: 'quick_reply', title: 'A short answer: type / in the inbox’s reply box to insert it' }, 'Quick reply'));
  kind.value = template?.kind || newKind;
  const body = h('textarea', { id: 'template-body', class: 'form-control template-body', rows: '8', spellcheck: 'true',
    placeholder: 'Hi {{first_name|there}}, …', 'aria-describedby': 'template-count template-problems' });
  body.value = template?.body ?? '';

  const count = h('span', { id: 'template-count', class: 'template-count small' });
  const saved = h('div', { id: 'template-saved', class: 'alert alert-warning py-2 small', role: 'status', hidden: true });
  const error = h('div', { id: 'template-error', class: 'alert alert-danger py-2', role: 'alert', hidden: true });
  const toolbar = templateToolbar(body);
  const problems = problemsView(body);
  const preview = previewPanel();
  const testSend = testSendButton({ id: 'template-test-send', body: () => body.value, contactId: preview.contactId });
  testSend.element.classList.add('mt-2');
  const media = mediaSection({ onChanged: (t) => { editing = { ...editing, mediaPath: t.mediaPath, mediaType: t.mediaType }; changed = true; media.show(editing); } });
  const save = h('button', { type: 'button', id: 'template-save', class: 'btn btn-primary' }, icon('fa-solid fa-floppy-disk me-2'), 'Save');
  const title = h('h1', { class: 'h4 mb-0' }, template ? `Edit “${template.name}”` : kind.value === 'quick_reply' ? 'New quick reply' : 'New template');
  const categoryField = h('div', { class: 'col-md-3' }, field('template-category', 'Category', category));
  const mediaPart = h('div', {}, h('hr'), media.element);
  const quickNote = h('div', { id: 'template-quick-note', class: 'form-text mb-3' },
    'A quick reply is a short answer for the inbox: type / in a conversation’s reply box, then part of its name.');
  function showKind() {
    const quick = kind.value === 'quick_reply';
    categoryField.hidden = quick;
    mediaPart.hidden = quick;
    quickNote.hidden = !quick;
    testSend.element.hidden = quick;
  }
  kind.addEventListener('change', showKind);
  showKind();

  const element = h('div', { id: 'template-editor', class: 'template-editor' },
    h('div', { class: 'd-flex align-items-center gap-2 mb-3' },
      h('button', { type: 'button', id: 'template-back', class: 'btn btn-outline-secondary', title: 'Back to the templates', onclick: back },
        icon('fa-solid fa-arrow-left me-2'), 'Templates'),
      title, h('div', { class: 'ms-auto' }, save)),
    error, saved,
    h('div', { class: 'row g-3' },
      h('div', { class: 'col-lg-7' },
        h('section', { class: 'card' }, h('div', { class: 'card-body' },
          h('div', { class: 'row' },
            h('div', { class: 'col-md-5' }, field('template-name', 'Name', name)),
            h('div', { class: 'col-md-4' }, field('template-kind', 'Kind', kind)),
            categoryField),
          quickNote,
          h('label', { class: 'form-label', for: 'template-body' }, 'Message'),
          toolbar.element,
          h('div', { class: 'template-body-wrap' }, problems.mirror, body),
          h('div', { class: 'd-flex justify-content-between align-items-start gap-3 mt-1 mb-3' },
            h('div', { class: 'form-text mt-0' }, 'Variables such as {{first_name|there}} are filled in for each contact; the word after | is used when the contact has none. {Hi|Hello} picks one per contact.'),
            count),
          problems.list,
          mediaPart))),
      h('div', { class: 'col-lg-5' }, preview.element, testSend.element)));

  // The attachment is saved as soon as it is chosen; the fields wait for Save.
  const fields = () => ({ name: name.value, kind: kind.value, category: category.value, body: body.value });
  const unsaved = trackChanges(fields);
  const release = guardUnsaved(unsaved.isDirty);

  async function back() {
    if (await mayLeave(unsaved.isDirty)) onClose(changed);
  }

  function updateCount() {
    const n = body.value.length; // UTF-16 units, as WhatsApp and the engine count
    count.textContent = `${formatCount(n)} / ${formatCount(LIMIT)}`;
    count.classList.toggle('text-warning', n >= WARN_FROM && n <= LIMIT);
    count.classList.toggle('text-danger', n > LIMIT);
    count.classList.toggle('fw-semibold', n >= WARN_FROM);
  }

  async function validate() {
    const mine = ++validated;
    const text = body.value;
    try {
      const found = (await validateBody(text)) ?? [];
      if (left || mine !== validated) return;
      problems.show(text, found);
      await preview.update(text, found);
    } catch (err) {
      if (!left) toast.error(err);
    }
  }
  const validateSoon = debounce(validate, 250);
  body.addEventListener('input', () => {
    saved.hidden = true; // the note was about the saved version, not this one
    updateCount();
    validateSoon();
  });
  window.addEventListener('resize', problems.sync);

  save.addEventListener('click', async () => {
    error.hidden = true;
    saved.hidden = true;
    save.disabled = true;
    try {
      const sent = fields();
      const values = { ...(editing ?? {}), ...sent };
      const result = editing?.id ? await updateTemplate(values) : await createTemplate(values);
      editing = result;
      changed = true;
      unsaved.markSaved(sent);
      title.textContent = `Edit “${result.name}”`;
      if (result.usable) toast.success(`Saved “${result.name}”.`);
      else {
        saved.textContent = DRAFT_NOTE;
        saved.hidden = false;
        problems.show(result.body, result.problems ?? []);
      }
      await media.show(result);
    } catch (err) {
      error.textContent = err?.message ?? String(err);
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });

  updateCount();
  const ready = (async () => {
    try {
      toolbar.setVariables((await templateVariables()) ?? []);
    } catch (err) {
      toast.error(err);
    }
    await Promise.all([media.show(editing), preview.load()]);
    await validate();
  })();

  return {
    element,
    ready,
    focus: () => (template ? body : name).focus(),
    destroy() {
      left = true;
      release();
      validateSoon.cancel();
      toolbar.destroy();
      preview.destroy();
      window.removeEventListener('resize', problems.sync);
    },
  };
}
