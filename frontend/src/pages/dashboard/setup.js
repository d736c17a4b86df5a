// Getting started: the four things a new install needs, each ticked off once done.
import { h, icon } from '../../lib/dom.js';

const steps = [
  { id: 'contacts', text: 'Add or import your contacts.', href: '#/contacts', linkText: 'Import contacts' },
  { id: 'template', text: 'Write a message to send.', href: '#/templates', linkText: 'Create a template' },
  { id: 'whatsapp', text: 'Link your WhatsApp phone.', href: '#/whatsapp', linkText: 'Connect WhatsApp' },
  { id: 'campaign', text: 'Send your first campaign.', href: '#/campaigns', linkText: 'Plan a campaign' },
];

/** The welcome panel; update({contacts, template, whatsapp, campaign}) ticks the steps and hides it when all are done. */
export function setupPanel() {
  const items = new Map(steps.map((step) => [step.id, h('li', { dataset: { step: step.id, done: 'false' } },
    h('span', { class: 'dash-step-mark' }, icon('fa-solid fa-arrow-right')),
    h('span', {}, step.text, ' '),
    h('a', { href: step.href, class: 'dash-step-action' }, step.linkText))]));
  const element = h('section', { class: 'card empty-state dash-setup', id: 'dash-setup', hidden: true },
    h('div', { class: 'card-body' },
      h('div', { class: 'empty-state-icon' }, icon('fa-solid fa-face-smile')),
      h('h2', { class: 'h4' }, 'Welcome to Herald'),
      h('p', { class: 'text-body-secondary' },
        'Herald helps you keep in touch with your customers on WhatsApp: your contacts in one place, messages you write once, sent to many people at a pace you choose. Four steps to get going:'),
      h('ol', { class: 'dash-steps' }, [...items.values()]),
      h('p', { class: 'text-body-secondary small mb-0' },
        'Phone numbers without a country code are read with the country chosen in ', h('a', { href: '#/settings' }, 'Settings'), '.')));

  function update(done) {
    for (const [id, li] of items) {
      const ok = Boolean(done[id]);
      li.dataset.done = String(ok);
      li.querySelector('.dash-step-mark').replaceChildren(icon(ok ? 'fa-solid fa-circle-check' : 'fa-solid fa-arrow-right'));
      li.querySelector('.dash-step-action').hidden = ok;
    }
    element.hidden = steps.every((step) => done[step.id]);
  }
  return { element, update };
}
