// Quick replies in the reply box: typing / (then part of a name) opens the matching quick
// replies; arrows move, Enter or a click inserts the one chosen, rendered for the
// conversation's contact, in place of what was typed; Esc closes the list.
import { listTemplates, previewBody, previewNumber } from '../../api/templates.js';
import { h, icon } from '../../lib/dom.js';
import { debounce } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';

const SHOWN = 8;

/** The "/word" just before the caret, at the start of the text or after a space: {start, term}. */
function slashBeforeCaret(textarea) {
  const upTo = textarea.value.slice(0, textarea.selectionStart);
  const match = /(^|\s)\/([^\s/]*)$/.exec(upTo);
  if (!match) return null;
  return { start: match.index + match[1].length, term: match[2] };
}

/**
 * quickReplies(textarea, {conversation()}) → {element, destroy()}. element is the list, to put
 * beside the reply box; conversation() is the one open ({contactId, phone}; a negative
 * contactId for a number that is no contact, for whom only the number is known).
 */
export function quickReplies(textarea, { conversation }) {
  const list = h('div', { id: 'inbox-quick', class: 'list-group inbox-quick shadow-sm', role: 'listbox', 'aria-label': 'Quick replies', hidden: true });
  let items = [];
  let active = 0;
  let asked = 0;
  let slash = null;
  let left = false;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    slash = null;
    textarea.removeAttribute('aria-activedescendant');
  };

  function draw() {
    if (!slash) return;
    const rows = items.map((t, i) => h('button', {
      type: 'button', id: `inbox-quick-${t.id}`, role: 'option', 'aria-selected': String(i === active),
      class: `list-group-item list-group-item-action inbox-quick-item${i === active ? ' active' : ''}`,
      dataset: { id: String(t.id) },
      onmousedown: (event) => event.preventDefault(), // keeps the caret in the reply box
      onclick: () => choose(i),
    }, h('div', { class: 'fw-semibold text-truncate' }, t.name), h('div', { class: 'small text-truncate inbox-quick-body' }, t.body)));
    if (rows.length === 0) {
      rows.push(h('div', { class: 'list-group-item small text-body-secondary inbox-quick-none' }, icon('fa-solid fa-bolt me-1'),
        slash.term ? `No quick reply has “${slash.term}” in its name.` : 'No quick replies yet: write them under Templates, as a quick reply.'));
    }
    list.replaceChildren(...rows);
    list.hidden = false;
    if (items[active]) textarea.setAttribute('aria-activedescendant', `inbox-quick-${items[active].id}`);
  }

  async function lookUp() {
    slash = slashBeforeCaret(textarea);
    if (!slash) {
      close();
      return;
    }
    const mine = ++asked;
    try {
      const page = await listTemplates({ kind: 'quick_reply', search: slash.term, limit: SHOWN });
      if (left || mine !== asked || !slash) return;
      items = page?.items ?? [];
      active = 0;
      draw();
    } catch (err) {
      if (!left) toast.error(err);
    }
  }
  const lookUpSoon = debounce(lookUp, 120);

  async function choose(i) {
    const t = items[i];
    const at = slash;
    if (!t || !at) return;
    close();
    let text = t.body;
    const { contactId, phone } = conversation();
    try {
      const p = contactId > 0 ? await previewBody(t.body, contactId) : await previewNumber(t.body, phone);
      if (p?.text) text = p.text;
      else if (p?.problems?.length) toast.error(p.problems[0].message);
    } catch (err) {
      toast.error(err);
    }
    const end = at.start + 1 + at.term.length;
    textarea.value = textarea.value.slice(0, at.start) + text + textarea.value.slice(end);
    const caret = at.start + text.length;
    textarea.setSelectionRange(caret, caret);
    textarea.focus();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function onKey(event) {
    if (list.hidden) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (items.length === 0) return;
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      draw();
    } else if (event.key === 'Enter' && items.length > 0) {
      event.preventDefault();
      choose(active);
    }
  }

  const onInput = (event) => {
    if (event.isTrusted === false && list.hidden) return; // the insertion itself
    lookUpSoon();
  };
  const onBlur = () => close();
  textarea.addEventListener('keydown', onKey);
  textarea.addEventListener('input', onInput);
  textarea.addEventListener('blur', onBlur);

  return {
    element: list,
    destroy() {
      left = true;
      lookUpSoon.cancel();
      textarea.removeEventListener('keydown', onKey);
      textarea.removeEventListener('input', onInput);
      textarea.removeEventListener('blur', onBlur);
    },
  };
}
