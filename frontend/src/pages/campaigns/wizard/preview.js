// Step 3: the message each of the first recipients would receive, rendered for them, or
// why they would be skipped.
import { previewCampaign } from '../../../api/campaigns.js';
import { listContacts } from '../../../api/contacts.js';
import { previewBody } from '../../../api/templates.js';
import { h, icon } from '../../../lib/dom.js';
import { formatCount } from '../../../lib/format.js';
import { phoneElement } from '../../../lib/phone.js';
import { formatWhatsApp } from '../../templates/whatsapp.js';
import { inputOf } from './model.js';

const HOW_MANY = 10;

/**
 * CampaignService.Preview answers each message without the contact's id, name and
 * fields (so it renders "Hi there" for Ann): contactId 0 says so. Such a message is
 * rendered again by TemplateService.Preview for the contact with that number, exactly as
 * the template editor does. A fixed backend answers with the id and this does nothing.
 */
async function repaired(m, body) {
  if (m.contactId || !body) return m;
  const page = await listContacts({ search: m.phone, tags: [], optedOut: null, ids: [], sort: 'name', desc: false, offset: 0, limit: 5 });
  const contact = (page?.items ?? []).find((c) => c.phone === m.phone);
  if (!contact) return m;
  const p = await previewBody(body, contact.id);
  const problems = (p?.problems ?? []).map((x) => x.message).join(' ');
  return { contactId: contact.id, name: contact.name, phone: contact.phone, text: p?.text ?? '', problem: problems ? `${problems}: this contact would be skipped.` : '' };
}

/** One recipient: who, and their message or the reason they are skipped. */
function message(m) {
  const who = h('div', { class: 'small wizard-preview-who' },
    h('span', { class: 'fw-semibold wizard-preview-name' }, m.name || 'No name'), ' ', h('span', { class: 'text-body-secondary' }, phoneElement(m.phone)));
  if (m.problem) {
    return h('li', { class: 'wizard-preview-item wizard-preview-problem', dataset: { contactId: String(m.contactId) } },
      who, h('div', { class: 'alert alert-warning py-1 px-2 small mb-0 wizard-preview-reason', role: 'note' }, icon('fa-solid fa-triangle-exclamation me-2'), m.problem));
  }
  return h('li', { class: 'wizard-preview-item', dataset: { contactId: String(m.contactId) } },
    who, h('div', { class: 'wa-bubble wizard-preview-bubble' }, h('div', { class: 'wa-text' }, formatWhatsApp(m.text))));
}

/** previewStep(model) → step */
export function previewStep(model) {
  const note = h('p', { id: 'wizard-preview-note', class: 'text-body-secondary', role: 'status' });
  const problems = h('ul', { id: 'wizard-preview-problems', class: 'alert alert-danger ps-4 mb-3', hidden: true });
  const list = h('ol', { id: 'wizard-preview', class: 'wa-chat wizard-preview list-unstyled mb-0', 'aria-label': 'What each recipient receives' });
  const element = h('div', {}, note, problems, list);
  let seq = 0;

  return {
    id: 'preview',
    title: 'Preview',
    element,
    async enter() {
      const mine = ++seq;
      note.textContent = 'Rendering the messages…';
      let plan;
      try {
        plan = await previewCampaign(inputOf(model), HOW_MANY);
      } catch (err) {
        if (mine !== seq) return;
        note.textContent = err?.message ?? String(err);
        list.replaceChildren();
        return;
      }
      if (mine !== seq) return;
      let messages = plan?.messages ?? [];
      try {
        messages = await Promise.all(messages.map((m) => repaired(m, model.templateBody)));
      } catch {
        // Keep the backend's own answer.
      }
      if (mine !== seq) return;
      // The review lists every problem; here they only explain an empty preview.
      const blocking = messages.length === 0 ? (plan?.problems ?? []) : [];
      problems.replaceChildren(...blocking.map((p) => h('li', {}, p)));
      problems.hidden = blocking.length === 0;
      list.replaceChildren(...messages.map(message));
      list.hidden = messages.length === 0;
      const skipped = messages.filter((m) => m.problem).length;
      const total = plan?.audience?.recipients ?? 0;
      if (messages.length === 0) note.textContent = 'Nobody to preview: go back and choose who receives the campaign.';
      else {
        note.textContent = `What the first ${formatCount(messages.length)} of ${formatCount(total)} recipients receive, exactly as it will be sent.`
          + (skipped ? ` ${formatCount(skipped)} of them would be skipped; the reason is shown instead of the message.` : '');
      }
      list.querySelector('li')?.scrollIntoView?.({ block: 'nearest' });
    },
    check: () => '',
  };
}
