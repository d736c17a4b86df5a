// Step 1: the campaign's name and the template it sends.
import { listTemplates } from '../../../api/templates.js';
import { h } from '../../../lib/dom.js';
import { formatWhatsApp } from '../../templates/whatsapp.js';
import { fieldProblem } from './problems.js';

/** basicsStep(model) → step {id, title, element, load(), enter(), check() → problem (a fieldProblem or a sentence) | ''} */
export function basicsStep(model) {
  const name = h('input', { type: 'text', id: 'wizard-name', class: 'form-control', maxlength: '200', autocomplete: 'off', placeholder: 'e.g. Spring sale', value: model.name });
  const template = h('select', { id: 'wizard-template', class: 'form-select', 'aria-describedby': 'wizard-template-help' },
    h('option', { value: '' }, 'Choose a template…'));
  const help = h('div', { id: 'wizard-template-help', class: 'form-text' },
    'Only templates without problems can be sent. ', h('a', { href: '#/templates' }, 'Write or fix templates'), '.');
  const body = h('div', { id: 'wizard-template-body', class: 'wa-text' });
  const bodyBox = h('div', { class: 'wa-chat wizard-template-preview', hidden: true }, h('div', { class: 'wa-bubble' }, body));
  let templates = [];

  name.addEventListener('input', () => { model.name = name.value; });
  function showBody() {
    const t = templates.find((x) => x.id === Number(template.value));
    model.templateId = t ? t.id : 0;
    model.templateName = t?.name ?? '';
    model.templateBody = t?.body ?? '';
    bodyBox.hidden = !t;
    body.replaceChildren(...(t ? formatWhatsApp(t.body) : []));
  }
  template.addEventListener('change', showBody);

  const element = h('div', {},
    h('div', { class: 'mb-3' }, h('label', { class: 'form-label', for: 'wizard-name' }, 'Campaign name'), name,
      h('div', { class: 'form-text' }, 'Only you see it: it names the campaign in Herald’s lists and reports.')),
    h('div', { class: 'mb-3' }, h('label', { class: 'form-label', for: 'wizard-template' }, 'Message template'), template, help),
    bodyBox);

  return {
    id: 'basics',
    title: 'Name and message',
    element,
    async load() {
      const page = await listTemplates({ limit: 1000 });
      templates = page?.items ?? [];
      template.append(...templates.map((t) => h('option', { value: String(t.id), disabled: !t.usable && t.id !== model.templateId },
        t.usable ? t.name : `${t.name} (has problems: fix it first)`)));
      if (model.templateId) template.value = String(model.templateId);
      showBody();
    },
    enter: () => name.focus(),
    check() {
      if (!model.name.trim()) return fieldProblem(name, 'Give the campaign a name.');
      if (!model.templateId) return fieldProblem(template, templates.length ? 'Choose the template to send.' : 'Write a template first: a campaign sends one of your templates.');
      return '';
    },
  };
}
