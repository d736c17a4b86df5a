// A searchable list: a text field that filters a list of choices as the user types, for
// lists too long for a plain <select> (countries, time zones, languages). Works the same
// in the window and in a browser, with the mouse or the keyboard.
import { h } from './dom.js';

/** Lower case without accents, so "mexico" finds "México". */
function fold(text) {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/**
 * searchPicker({id, options: [{value, label, hint}], value, onChange(value), placeholder,
 * describedBy}) → {element, value (get/set), setOptions(options)}.
 * The chosen value is in a hidden input with the given id; the field the user types in
 * is `${id}-search`, and each choice of the open list is an li[data-value].
 */
export function searchPicker({ id, options, value = '', onChange = () => {}, placeholder = 'Type to search', describedBy }) {
  const listId = `${id}-list`;
  const hidden = h('input', { type: 'hidden', id, value });
  const search = h('input', {
    type: 'text', id: `${id}-search`, class: 'form-control search-picker-field', role: 'combobox', autocomplete: 'off',
    spellcheck: 'false', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, placeholder,
    'aria-describedby': describedBy,
  });
  const list = h('ul', { id: listId, class: 'search-picker-list list-group', role: 'listbox', hidden: true });
  const element = h('div', { class: 'search-picker' }, search, hidden, list);
  let items = [];
  let shown = [];
  let active = -1;

  function labelOf(v) {
    return items.find((o) => o.value === v)?.label ?? v;
  }

  function setActive(i) {
    active = i;
    list.querySelectorAll('[role="option"]').forEach((li, k) => li.classList.toggle('active', k === i));
    const li = list.querySelector(`#${CSS.escape(`${id}-option-${i}`)}`);
    if (li) {
      search.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else search.removeAttribute('aria-activedescendant');
  }

  function render(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    shown = items.filter((o) => words.every((w) => o.text.includes(w)));
    list.replaceChildren(...shown.map((o, i) => h('li', {
      id: `${id}-option-${i}`, role: 'option', class: 'list-group-item list-group-item-action', dataset: { value: o.value },
      'aria-selected': String(o.value === hidden.value),
      // mousedown, not click: the field keeps its focus, so its blur does not close the list first.
      onmousedown: (event) => { event.preventDefault(); choose(o.value); },
    }, h('span', {}, o.label), o.hint && h('small', { class: 'search-picker-hint' }, o.hint))));
    if (!shown.length) list.append(h('li', { class: 'list-group-item text-body-secondary', role: 'presentation' }, 'Nothing matches.'));
    const current = shown.findIndex((o) => o.value === hidden.value);
    setActive(current >= 0 ? current : shown.length ? 0 : -1);
  }

  function open(query = '') {
    list.hidden = false;
    search.setAttribute('aria-expanded', 'true');
    render(query);
  }

  function close() {
    list.hidden = true;
    search.setAttribute('aria-expanded', 'false');
    search.removeAttribute('aria-activedescendant');
    search.value = labelOf(hidden.value);
  }

  function choose(v) {
    const changed = v !== hidden.value;
    hidden.value = v;
    close();
    if (changed) onChange(v);
  }

  // A click into the field selects its text, to type over it; the click's own mouseup
  // would otherwise put the caret in it again.
  let clickedIn = false;
  search.addEventListener('mousedown', () => { clickedIn = document.activeElement !== search; });
  search.addEventListener('mouseup', (event) => {
    if (clickedIn) event.preventDefault();
    clickedIn = false;
  });
  search.addEventListener('focus', () => { search.select(); open(); });
  search.addEventListener('input', () => open(search.value));
  search.addEventListener('blur', close);
  search.addEventListener('keydown', (event) => {
    const opened = !list.hidden;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!opened) open();
      else if (shown.length) setActive((active + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length);
    } else if (event.key === 'Enter' && opened) {
      // The choice is made here; a form or wizard around must not also act on this Enter.
      event.preventDefault();
      event.stopPropagation();
      if (shown[active]) choose(shown[active].value);
    } else if (event.key === 'Escape' && opened) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  function setOptions(next) {
    items = next.map((o) => ({ ...o, text: fold(`${o.label} ${o.value} ${o.hint ?? ''}`) }));
    if (!list.hidden) render(search.value);
    else search.value = labelOf(hidden.value);
  }
  setOptions(options);

  return {
    element,
    get value() { return hidden.value; },
    set value(v) {
      hidden.value = v ?? '';
      if (list.hidden) search.value = labelOf(hidden.value);
    },
    setOptions,
  };
}
