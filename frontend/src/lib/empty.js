// The friendly panel a page shows while it has nothing to list yet.
import { h, icon } from './dom.js';

/**
 * emptyState({icon: 'fa-solid fa-users', title, text, steps: [{text, href, linkText}], extra})
 * `steps` become a numbered list; a step with href gets a link to that page.
 */
export function emptyState({ icon: iconClass, title, text, steps = [], extra = null }) {
  return h('section', { class: 'empty-state card' },
    h('div', { class: 'card-body' },
      h('div', { class: 'empty-state-icon' }, icon(iconClass)),
      h('h2', { class: 'h4' }, title),
      [].concat(text ?? []).map((paragraph) => h('p', { class: 'text-body-secondary' }, paragraph)),
      steps.length > 0 && h('ol', { class: 'empty-state-steps' },
        steps.map((step) => h('li', {},
          step.text,
          step.href && [' ', h('a', { href: step.href }, step.linkText ?? 'Open')]))),
      extra));
}
