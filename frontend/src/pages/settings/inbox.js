// The inbox's settings: the number "Send a test to me" sends to, and the reply keywords that
// tag the contact who sends them (a reply "YES" → the tag "interested").
import { getSetting, setSetting } from '../../api/settings.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';

export const TEST_NUMBER_KEY = 'testNumber';
export const KEYWORDS_KEY = 'replyKeywords';

/** A Save button; a value refused is explained in error, beside the field, not in a toast. */
function saveButton(id, error, onSave) {
  const button = h('button', { id, type: 'button', class: 'btn btn-primary' }, 'Save');
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.hidden = true;
    try {
      await onSave();
    } catch (err) {
      error.textContent = err?.message ?? String(err);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** The keywords of the setting's JSON, [] when it has none. */
function parseKeywords(value) {
  try {
    const list = JSON.parse(value || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** inboxCard() → {element, show(key, value)}; show follows a change made elsewhere. */
export async function inboxCard() {
  const [number, keywords] = await Promise.all([getSetting(TEST_NUMBER_KEY), getSetting(KEYWORDS_KEY)]);

  const numberInput = h('input', { id: 'test-number', class: 'form-control', type: 'tel', autocomplete: 'tel', maxlength: 40,
    placeholder: 'The linked phone’s own number', 'aria-describedby': 'test-number-help' });
  numberInput.value = number ?? '';
  const numberError = h('div', { id: 'test-number-error', class: 'small text-danger mt-1', role: 'alert', hidden: true });
  const saveNumber = saveButton('save-test-number', numberError, async () => {
    await setSetting(TEST_NUMBER_KEY, numberInput.value);
    numberInput.value = (await getSetting(TEST_NUMBER_KEY)) ?? '';
    toast.success(numberInput.value ? `Saved. Tests go to ${numberInput.value}.` : 'Saved. Tests go to the linked phone’s own number.');
  });

  const rows = h('tbody', { id: 'reply-keywords' });
  function keywordRow({ word = '', tag = '' } = {}) {
    const wordInput = h('input', { type: 'text', class: 'form-control form-control-sm reply-keyword-word', maxlength: 100, placeholder: 'YES', 'aria-label': 'Reply', value: word });
    const tagInput = h('input', { type: 'text', class: 'form-control form-control-sm reply-keyword-tag', maxlength: 100, placeholder: 'interested', 'aria-label': 'Tag', value: tag });
    const remove = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary reply-keyword-remove', title: 'Remove', 'aria-label': 'Remove' }, icon('fa-regular fa-trash-can'));
    const tr = h('tr', { class: 'reply-keyword' }, h('td', {}, wordInput), h('td', {}, tagInput), h('td', { class: 'text-end' }, remove));
    remove.addEventListener('click', () => tr.remove());
    return tr;
  }
  function showKeywords(value) {
    rows.replaceChildren(...parseKeywords(value).map(keywordRow));
    if (!rows.children.length) rows.append(keywordRow());
  }
  showKeywords(keywords);
  const add = h('button', { id: 'reply-keyword-add', type: 'button', class: 'btn btn-sm btn-outline-primary' }, icon('fa-solid fa-plus me-1'), 'Add a keyword');
  add.addEventListener('click', () => {
    const tr = keywordRow();
    rows.append(tr);
    tr.querySelector('input').focus();
  });
  const keywordsError = h('div', { id: 'reply-keywords-error', class: 'small text-danger mt-1', role: 'alert', hidden: true });
  const saveKeywords = saveButton('save-reply-keywords', keywordsError, async () => {
    const list = [...rows.querySelectorAll('tr.reply-keyword')].map((tr) => ({
      word: tr.querySelector('.reply-keyword-word').value, tag: tr.querySelector('.reply-keyword-tag').value }));
    await setSetting(KEYWORDS_KEY, JSON.stringify(list));
    const saved = (await getSetting(KEYWORDS_KEY)) ?? '';
    showKeywords(saved);
    toast.success(saved ? 'Saved. Replies with these words now tag their contact.' : 'Saved. No reply tags its contact.');
  });

  const element = h('section', { class: 'card mb-3', id: 'settings-inbox', 'data-card': 'inbox' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-inbox me-2'), 'Inbox and tests'),
    h('div', { class: 'card-body' },
      h('label', { for: 'test-number', class: 'form-label' }, 'My number for tests'),
      h('div', { class: 'settings-country' }, numberInput, saveNumber),
      numberError,
      h('div', { id: 'test-number-help', class: 'form-text mb-3' },
        '“Send a test to me”, in a template and before a campaign starts, sends the message to this WhatsApp number. ',
        'Leave empty to use the linked phone’s own number.'),
      h('h3', { class: 'h6' }, 'Reply keywords'),
      h('p', { class: 'form-text mt-0' },
        'When a contact replies with one of these words (the whole message, or its first words, in any case and with or without accents), ',
        'Herald adds the tag to the contact, and the campaign’s report counts it.'),
      h('table', { class: 'table table-sm align-middle mb-2 reply-keywords-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Reply'), h('th', { scope: 'col' }, 'Tag to add'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
        rows),
      h('div', { class: 'd-flex gap-2' }, add, saveKeywords),
      keywordsError));

  return {
    element,
    show(key, value) {
      if (key === TEST_NUMBER_KEY) numberInput.value = value ?? '';
      if (key === KEYWORDS_KEY) showKeywords(value);
    },
  };
}
