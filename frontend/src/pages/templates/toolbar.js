// The editor's toolbar: formatting, lists and quotes, variables and emoji, all inserted at
// the cursor of the body textarea.
import { h, icon } from '../../lib/dom.js';

const EMOJI = [
  '😀', '😃', '😊', '😉', '😍', '🥳', '😎', '🤔', '🙏', '👍', '👋', '👏', '🙌', '💪', '🤝', '❤️',
  '🔥', '✨', '⭐', '🎉', '🎁', '🎂', '🛍️', '💰', '💸', '🏷️', '📣', '📢', '📅', '⏰', '📍', '📞',
  '📦', '🚚', '✅', '❌', '⚠️', 'ℹ️', '➡️', '👉', '🆕', '🔔', '💬', '📝', '🌞', '🌟', '🍀', '☕',
];

/** Replaces the textarea's selection with text and selects [selStart, selEnd) within it. */
export function insertAt(textarea, text, selStart = text.length, selEnd = selStart) {
  const start = textarea.selectionStart;
  textarea.focus();
  // execCommand keeps the browser's undo history; setRangeText is the fallback.
  if (!document.execCommand('insertText', false, text)) {
    textarea.setRangeText(text, start, textarea.selectionEnd, 'end');
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  textarea.setSelectionRange(start + selStart, start + selEnd);
}

/** Wraps the selection in marker (or puts the cursor between two markers). */
function wrap(textarea, open, close = open) {
  const selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
  insertAt(textarea, `${open}${selected}${close}`, open.length, open.length + selected.length);
}

/** Starts each selected line (or the cursor's line) with prefix. */
function prefixLines(textarea, prefix) {
  const { value } = textarea;
  const lineStart = value.lastIndexOf('\n', textarea.selectionStart - 1) + 1;
  let lineEnd = value.indexOf('\n', Math.max(textarea.selectionEnd - (textarea.selectionEnd > textarea.selectionStart ? 1 : 0), lineStart));
  if (lineEnd < 0) lineEnd = value.length;
  const lines = value.slice(lineStart, lineEnd).split('\n').map((line) => (line.startsWith(prefix) ? line : prefix + line));
  textarea.setSelectionRange(lineStart, lineEnd);
  const text = lines.join('\n');
  insertAt(textarea, text, text.length);
}

const tool = (id, title, iconClass, onclick) =>
  h('button', { type: 'button', id, class: 'btn btn-sm btn-outline-secondary', title, 'aria-label': title, onclick }, icon(iconClass));

/**
 * templateToolbar(textarea) → {element, setVariables(names)}: the buttons above the body,
 * the variable picker #template-variables and the emoji picker #template-emoji.
 */
export function templateToolbar(textarea) {
  const variables = h('select', { id: 'template-variables', class: 'form-select form-select-sm template-variables', 'aria-label': 'Insert a variable' });
  variables.addEventListener('change', () => {
    if (!variables.value) return;
    insertAt(textarea, `{{${variables.value}}}`);
    variables.value = '';
  });

  const grid = h('div', { id: 'template-emoji-grid', class: 'template-emoji-grid card shadow', role: 'listbox', 'aria-label': 'Emoji', hidden: true },
    EMOJI.map((emoji) => h('button', { type: 'button', class: 'btn btn-sm template-emoji', role: 'option', title: emoji, onclick: () => {
      grid.hidden = true;
      insertAt(textarea, emoji);
    } }, emoji)));
  const emojiButton = tool('template-emoji', 'Insert an emoji', 'fa-regular fa-face-smile', () => { grid.hidden = !grid.hidden; });
  const closeGrid = (event) => {
    if (!grid.hidden && !grid.contains(event.target) && !emojiButton.contains(event.target)) grid.hidden = true;
  };
  document.addEventListener('click', closeGrid);

  const element = h('div', { class: 'template-toolbar btn-toolbar gap-1', role: 'toolbar', 'aria-label': 'Formatting' },
    h('div', { class: 'btn-group' },
      tool('template-bold', 'Bold: *text*', 'fa-solid fa-bold', () => wrap(textarea, '*')),
      tool('template-italic', 'Italic: _text_', 'fa-solid fa-italic', () => wrap(textarea, '_')),
      tool('template-strike', 'Strikethrough: ~text~', 'fa-solid fa-strikethrough', () => wrap(textarea, '~')),
      tool('template-mono', 'Monospace: ```text```', 'fa-solid fa-code', () => wrap(textarea, '```'))),
    h('div', { class: 'btn-group' },
      tool('template-list', 'Bulleted list', 'fa-solid fa-list-ul', () => prefixLines(textarea, '- ')),
      tool('template-quote', 'Quote', 'fa-solid fa-quote-left', () => prefixLines(textarea, '> '))),
    h('div', { class: 'position-relative' }, emojiButton, grid),
    variables);

  return {
    element,
    setVariables(names) {
      variables.replaceChildren(h('option', { value: '' }, 'Insert a variable…'),
        ...names.map((name) => h('option', { value: name }, `{{${name}}}`)));
    },
    destroy: () => document.removeEventListener('click', closeGrid),
  };
}
