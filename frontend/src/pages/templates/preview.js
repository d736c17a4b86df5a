// The live preview, in two modes: a WhatsApp-like bubble (#template-preview) showing
// exactly what the contact picked in #template-preview-contact receives, each substituted
// value marked; or the same for each of the next N contacts (audience.js).
import { listContacts } from '../../api/contacts.js';
import { previewBody } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { formatPhone } from '../../lib/phone.js';
import { debounce } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';
import { audienceView } from './audience.js';
import { formatWhatsApp, markVariables, stripMarks } from './whatsapp.js';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** previewPanel() → {element, load(), contactId(), update(body, problems), destroy()} */
export function previewPanel() {
  const search = h('input', { type: 'search', id: 'template-preview-search', class: 'form-control form-control-sm', placeholder: 'Find a contact', 'aria-label': 'Find a contact to preview for', autocomplete: 'off' });
  const contact = h('select', { id: 'template-preview-contact', class: 'form-select form-select-sm', 'aria-label': 'Preview for this contact' });
  const note = h('p', { id: 'template-preview-note', class: 'small text-body-secondary mb-2' });
  const content = h('div', { class: 'wa-text' });
  const time = h('span', { class: 'wa-time' });
  const bubble = h('div', { id: 'template-preview', class: 'wa-bubble', dataset: { text: '' } }, content, time);
  const audience = audienceView();
  const modeOne = h('button', { type: 'button', id: 'template-preview-mode-one', class: 'btn btn-outline-secondary active', 'aria-pressed': 'true' }, 'One contact');
  const modeAudience = h('button', { type: 'button', id: 'template-preview-mode-audience', class: 'btn btn-outline-secondary', 'aria-pressed': 'false' }, 'Next contacts');
  const one = h('div', { id: 'template-preview-one' },
    h('div', { class: 'd-flex gap-2 mb-2' }, search, contact),
    note,
    h('div', { class: 'wa-chat' }, bubble));
  const many = h('div', { id: 'template-preview-audience', hidden: true },
    h('div', { class: 'mb-2' }, audience.controls), audience.element);
  const element = h('section', { class: 'card template-preview-card' },
    h('div', { class: 'card-body' },
      h('div', { class: 'd-flex align-items-center gap-2 mb-2' },
        h('h2', { class: 'h6 mb-0' }, icon('fa-brands fa-whatsapp me-2'), 'Preview'),
        h('div', { class: 'btn-group btn-group-sm ms-auto', role: 'group', 'aria-label': 'Preview for' }, modeOne, modeAudience)),
      one, many));

  let body = '';
  let problems = [];
  let left = false;
  let seq = 0;
  let showAudience = false;

  function setMode(toAudience) {
    if (toAudience === showAudience) return;
    showAudience = toAudience;
    modeOne.classList.toggle('active', !toAudience);
    modeOne.setAttribute('aria-pressed', String(!toAudience));
    modeAudience.classList.toggle('active', toAudience);
    modeAudience.setAttribute('aria-pressed', String(toAudience));
    one.hidden = toAudience;
    many.hidden = !toAudience;
    if (toAudience) audience.update(body, problems);
    else refresh();
  }
  modeOne.addEventListener('click', () => setMode(false));
  modeAudience.addEventListener('click', () => setMode(true));

  async function loadContacts() {
    const keep = contact.value;
    try {
      const page = await listContacts({ search: search.value.trim(), sort: 'name', offset: 0, limit: 25, tags: [], ids: [], optedOut: null });
      const items = page?.items ?? [];
      contact.replaceChildren(...items.map((c) => h('option', { value: String(c.id) }, c.name ? `${c.name} (${formatPhone(c.phone)})` : formatPhone(c.phone))));
      if (items.some((c) => String(c.id) === keep)) contact.value = keep;
      contact.disabled = items.length === 0;
    } catch (err) {
      if (!left) toast.error(err);
    }
    refresh();
  }
  const searchSoon = debounce(loadContacts, 300);
  search.addEventListener('input', searchSoon);
  contact.addEventListener('change', () => refresh());

  function draw(text, message) {
    bubble.dataset.text = stripMarks(text);
    content.replaceChildren(...formatWhatsApp(text));
    time.textContent = clock.format(new Date());
    note.textContent = message;
    bubble.classList.toggle('wa-bubble-muted', message !== '' && text === body);
  }

  async function refresh() {
    const mine = ++seq;
    const id = Number(contact.value);
    if (problems.length > 0) return draw(body, 'Fix the problems under the message to see what each contact receives.');
    if (!id) return draw(markVariables(body), 'Add contacts to see the message as each of them will receive it.');
    try {
      // The plain render is the truth; the marked one only shows where the values went.
      const [plain, marked] = await Promise.all([previewBody(body, id), previewBody(markVariables(body), id)]);
      if (left || mine !== seq) return;
      if (plain.problems?.length) {
        draw(body, plain.problems.map((p) => p.message).join(' '));
      } else {
        const same = !marked.problems?.length && stripMarks(marked.text) === plain.text;
        draw(same ? marked.text : plain.text, '');
      }
    } catch (err) {
      if (!left && mine === seq) draw(body, err?.message ?? String(err));
    }
  }

  return {
    element,
    load: loadContacts,
    /** The contact the bubble shows the message for, 0 for none. */
    contactId: () => Number(contact.value) || 0,
    /** Redraws for body, whose template problems (from Validate) are problems. */
    update(newBody, newProblems) {
      body = newBody;
      problems = newProblems;
      return showAudience ? audience.update(body, problems) : refresh();
    },
    destroy() {
      left = true;
      searchSoon.cancel();
      audience.destroy();
    },
  };
}
