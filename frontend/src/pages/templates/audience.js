// The audience preview: the next N contacts by name who have not opted out, each with
// the exact text they would receive in a WhatsApp-like bubble (#template-audience), or,
// for a contact who cannot be sent it, the reason in plain words instead.
import { previewAudience } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount } from '../../lib/format.js';
import { phoneElement } from '../../lib/phone.js';
import { formatWhatsApp, markVariables, stripMarks } from './whatsapp.js';

const SIZES = [5, 10, 25];
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** The contact's name and phone above their message; a nameless contact says so. */
function who(p) {
  return h('div', { class: 'template-audience-who small' },
    p.name ? h('span', { class: 'template-audience-name fw-semibold' }, p.name)
      : h('span', { class: 'template-audience-name fst-italic' }, 'No name'),
    h('span', { class: 'template-audience-phone' }, phoneElement(p.phone)));
}

/** One contact: their bubble, or, when they cannot be sent the message, why not. */
function item(p, marked, time) {
  const problems = p.problems ?? [];
  if (problems.length > 0) {
    return h('li', { class: 'template-audience-item template-audience-item-problem', dataset: { contactId: String(p.contactId), text: '' } },
      who(p),
      h('div', { class: 'template-audience-problem small', role: 'note' },
        icon('fa-solid fa-triangle-exclamation me-2'), problems.map((x) => x.message).join(' ')));
  }
  // The plain render is the truth; the marked one only shows where the values went.
  const same = marked && !marked.problems?.length && stripMarks(marked.text) === p.text;
  return h('li', { class: 'template-audience-item', dataset: { contactId: String(p.contactId), text: p.text } },
    who(p),
    h('div', { class: 'wa-bubble' },
      h('div', { class: 'wa-text' }, formatWhatsApp(same ? marked.text : p.text)),
      h('span', { class: 'wa-time' }, time)));
}

/** audienceView() → {element, controls, update(body, problems), destroy()} */
export function audienceView() {
  const count = h('select', { id: 'template-audience-count', class: 'form-select form-select-sm template-audience-count', 'aria-label': 'How many contacts to preview' },
    SIZES.map((n) => h('option', { value: String(n) }, String(n))));
  const controls = h('div', { class: 'd-flex align-items-center gap-2 small' },
    h('label', { for: 'template-audience-count', class: 'text-nowrap' }, 'Next'), count,
    h('span', { class: 'text-nowrap text-body-secondary' }, 'contacts by name'));
  const note = h('p', { id: 'template-audience-note', class: 'small text-body-secondary mb-2', role: 'status' });
  const list = h('ol', { id: 'template-audience', class: 'wa-chat template-audience list-unstyled mb-0', 'aria-label': 'What each contact receives' });
  const element = h('div', { class: 'template-audience-view' }, note, list);

  let body = '';
  let problems = [];
  let left = false;
  let seq = 0;

  async function refresh() {
    const mine = ++seq;
    if (problems.length > 0) {
      list.replaceChildren();
      note.textContent = 'Fix the problems under the message to see what each contact receives.';
      return;
    }
    const n = Number(count.value);
    try {
      const [plain, marked] = await Promise.all([previewAudience(body, n), previewAudience(markVariables(body), n)]);
      if (left || mine !== seq) return;
      const byId = new Map((marked ?? []).map((m) => [m.contactId, m]));
      const time = clock.format(new Date());
      const items = plain ?? [];
      list.replaceChildren(...items.map((p) => item(p, byId.get(p.contactId), time)));
      const broken = items.filter((p) => p.problems?.length).length;
      if (items.length === 0) note.textContent = 'No contacts to preview: add contacts who have not opted out.';
      else if (broken === 0) note.textContent = `What each of the first ${formatCount(items.length)} contacts receives (opted-out contacts are skipped).`;
      else note.textContent = `${formatCount(broken)} of these ${formatCount(items.length)} contacts cannot be sent this message; the reason is shown instead of the text.`;
    } catch (err) {
      if (left || mine !== seq) return;
      list.replaceChildren();
      note.textContent = err?.message ?? String(err);
    }
  }
  count.addEventListener('change', () => refresh());

  return {
    element,
    controls,
    /** Redraws for body, whose template problems (from Validate) are problems. */
    update(newBody, newProblems) {
      body = newBody;
      problems = newProblems;
      return refresh();
    },
    destroy() {
      left = true;
    },
  };
}
