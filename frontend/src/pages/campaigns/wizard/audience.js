// Step 2: who receives the campaign — everyone, contacts with some tags (any or all of
// them), contacts picked by hand, or (a follow-up) one group of another campaign's results —
// minus excluded tags, optionally skipping those another campaign reached lately, with a
// live count of the recipients and of the contacts left out or skipped.
import { countAudience } from '../../../api/campaigns.js';
import { listContacts, listTags } from '../../../api/contacts.js';
import { h, icon } from '../../../lib/dom.js';
import { formatCount, plural } from '../../../lib/format.js';
import { formatPhone, phoneElement } from '../../../lib/phone.js';
import { debounce } from '../../../lib/throttle.js';
import { audienceOf } from './model.js';
import { fieldProblem } from './problems.js';

const MODES = [
  { value: 'all', label: 'All contacts', hint: 'Everyone in your contacts who can receive it.' },
  { value: 'tags', label: 'Contacts with tags', hint: 'Contacts with any (or all) of the tags you tick.' },
  { value: 'picked', label: 'Contacts I pick', hint: 'Search and add contacts one by one.' },
  { value: 'search', label: 'Contacts a search finds', hint: 'Whoever a search of your contacts finds when the campaign starts, as in the search box of the Contacts page.' },
];

/** A group of tag checkboxes (class cls, value = tag name) bound to the list `chosen`. */
function tagBoxes(prefix, tags, chosen, onChange) {
  if (tags.length === 0) return h('p', { class: 'text-body-secondary small mb-0' }, 'No tags yet: add tags to contacts on the Contacts page.');
  return h('div', { class: 'wizard-tags', id: `${prefix}-list` }, tags.map((tag, i) => {
    const id = `${prefix}-${i}`;
    const box = h('input', { type: 'checkbox', class: 'form-check-input', id, value: tag.name, checked: chosen.includes(tag.name) });
    box.addEventListener('change', () => {
      const at = chosen.indexOf(tag.name);
      if (box.checked && at < 0) chosen.push(tag.name);
      if (!box.checked && at >= 0) chosen.splice(at, 1);
      onChange();
    });
    return h('div', { class: 'form-check wizard-tag' }, box,
      h('label', { class: 'form-check-label', for: id }, tag.name, ' ', h('span', { class: 'text-body-secondary small' }, `(${formatCount(tag.count)})`)));
  }));
}

/** audienceStep(model) → step */
export function audienceStep(model) {
  const a = model.audience;
  const count = h('div', { id: 'wizard-audience-count', class: 'wizard-audience-count', role: 'status', 'aria-live': 'polite' });
  // A follow-up's audience is fixed by the results it came from: offered as a mode of its own.
  const modes = a.followUp ? [{ value: 'followUp', label: 'Follow-up', hint: a.followUp.label }, ...MODES] : MODES;
  const modeBoxes = modes.map((m) => {
    const input = h('input', { type: 'radio', class: 'form-check-input', name: 'wizard-audience', id: `wizard-audience-${m.value}`, value: m.value, checked: a.mode === m.value });
    input.addEventListener('change', () => { a.mode = m.value; sync(); });
    return h('div', { class: 'form-check' }, input,
      h('label', { class: 'form-check-label', for: `wizard-audience-${m.value}` }, h('span', { class: 'fw-semibold' }, m.label), h('div', { class: 'small text-body-secondary' }, m.hint)));
  });

  const match = h('select', { id: 'wizard-tags-match', class: 'form-select form-select-sm wizard-tags-match', 'aria-label': 'How the tags must match' },
    h('option', { value: 'any' }, 'any of these tags'),
    h('option', { value: 'all' }, 'all of these tags'));
  match.value = a.tagsMatch;
  match.addEventListener('change', () => { a.tagsMatch = match.value; recount(); });
  const includeBox = h('div');
  const excludeBox = h('div');
  const tagsPart = h('fieldset', { class: 'wizard-part', id: 'wizard-tags-part' },
    h('legend', { class: 'h6' }, 'Send to contacts with'), match, includeBox);
  const excludePart = h('fieldset', { class: 'wizard-part', id: 'wizard-exclude-part' },
    h('legend', { class: 'h6' }, 'But not to contacts with any of these tags'), excludeBox);

  const search = h('input', { type: 'search', id: 'wizard-contact-search', class: 'form-control', placeholder: 'e.g. Maria, +52 55, or a tag', autocomplete: 'off', 'aria-label': 'Find contacts to add' });
  const results = h('ul', { id: 'wizard-contact-results', class: 'list-group wizard-contact-results' });
  const picked = h('ul', { id: 'wizard-picked', class: 'list-unstyled wizard-picked mb-0' });
  const pickedPart = h('fieldset', { class: 'wizard-part', id: 'wizard-picked-part' },
    h('legend', { class: 'h6' }, 'Contacts to send to'),
    h('div', { class: 'row g-3' },
      h('div', { class: 'col-md-6' }, h('label', { class: 'form-label small', for: 'wizard-contact-search' }, 'Find contacts'), search, results),
      h('div', { class: 'col-md-6' }, h('p', { class: 'form-label small mb-1' }, 'Picked'), picked)));

  const saved = h('input', { type: 'search', id: 'wizard-search-text', class: 'form-control', placeholder: 'e.g. Maria, Acme, or a tag', autocomplete: 'off', value: a.search });
  saved.addEventListener('input', () => { a.search = saved.value; recountSoon(); });
  const searchPart = h('div', { class: 'wizard-part', id: 'wizard-search-part' },
    h('label', { class: 'form-label h6', for: 'wizard-search-text' }, 'Send to the contacts this search finds'), saved);

  const recentBox = h('input', { type: 'checkbox', class: 'form-check-input', id: 'wizard-skip-recent', checked: a.skipRecent });
  const recentDays = h('input', { type: 'number', id: 'wizard-skip-recent-days', class: 'form-control form-control-sm d-inline-block mx-1 wizard-recent-days',
    min: '1', max: '365', step: '1', value: String(a.skipRecentDays), 'aria-label': 'Days', style: 'width: 5.5em' });
  recentBox.addEventListener('change', () => { a.skipRecent = recentBox.checked; recentDays.disabled = !a.skipRecent; recountSoon(); });
  recentDays.addEventListener('input', () => { a.skipRecentDays = Number(recentDays.value) || 0; recountSoon(); });
  recentDays.disabled = !a.skipRecent;
  const recentPart = h('div', { class: 'wizard-part form-check', id: 'wizard-recent-part' }, recentBox,
    h('label', { class: 'form-check-label', for: 'wizard-skip-recent' }, 'Skip contacts who received another campaign in the last'),
    recentDays, h('span', {}, 'days'),
    h('div', { class: 'small text-body-secondary' }, 'So that nobody gets too many messages: they are counted as skipped, with the reason.'));

  const element = h('div', {},
    h('fieldset', { class: 'mb-3' }, h('legend', { class: 'visually-hidden' }, 'Who receives it'), modeBoxes),
    tagsPart, pickedPart, searchPart, excludePart, recentPart, count);

  let left = false;
  let seq = 0;
  let lastCount = null;

  async function recount() {
    const mine = ++seq;
    const audience = audienceOf(model);
    if (!audience.followUp && !audience.all && audience.tags.length === 0 && audience.contactIds.length === 0 && !audience.search) {
      lastCount = { recipients: 0, matched: 0, optedOut: 0, notOnWhatsApp: 0 };
      count.dataset.recipients = '0';
      const hint = { tags: 'Tick at least one tag.', picked: 'Add at least one contact.', search: 'Type what to search for.' };
      count.replaceChildren(icon('fa-solid fa-users me-2'), hint[a.mode] ?? '');
      return;
    }
    count.classList.add('wizard-counting');
    try {
      const n = await countAudience(audience);
      if (left || mine !== seq) return;
      lastCount = n;
      count.dataset.recipients = String(n.recipients);
      count.dataset.optedOut = String(n.optedOut);
      count.dataset.notOnWhatsapp = String(n.notOnWhatsApp);
      count.dataset.recentlyMessaged = String(n.recentlyMessaged ?? 0);
      const out = [];
      if (n.optedOut) out.push(`${plural(n.optedOut, 'contact')} who opted out`);
      if (n.notOnWhatsApp) out.push(`${plural(n.notOnWhatsApp, 'number')} not on WhatsApp`);
      count.replaceChildren(h('span', {}, icon('fa-solid fa-users me-2'),
        h('strong', { id: 'wizard-recipients' }, plural(n.recipients, 'recipient')),
        out.length > 0 && h('span', { id: 'wizard-excluded', class: 'text-body-secondary' }, ` · left out: ${out.join(' and ')}`),
        audience.skipRecentDays > 0 && h('span', { id: 'wizard-recent', class: 'text-body-secondary' },
          ` · skipped: ${plural(n.recentlyMessaged ?? 0, 'contact')} who received another campaign in the last ${plural(audience.skipRecentDays, 'day')}`)));
    } catch (err) {
      if (left || mine !== seq) return;
      lastCount = null;
      count.replaceChildren(icon('fa-solid fa-triangle-exclamation me-2'), err?.message ?? String(err));
    } finally {
      if (mine === seq) count.classList.remove('wizard-counting');
    }
  }
  const recountSoon = debounce(recount, 200);

  function pickedItem(c) {
    return h('li', { class: 'wizard-picked-item', dataset: { contactId: String(c.id) } },
      h('span', { class: 'wizard-picked-name' }, c.name || formatPhone(c.phone) || `Contact ${c.id}`),
      c.name && c.phone ? h('span', { class: 'text-body-secondary small ms-2' }, phoneElement(c.phone)) : null,
      h('button', { type: 'button', class: 'btn btn-sm btn-link text-danger ms-auto wizard-unpick', 'aria-label': `Remove ${c.name || c.phone}`,
        onclick: () => { a.contacts = a.contacts.filter((x) => x.id !== c.id); drawPicked(); drawResults(); recountSoon(); } },
      icon('fa-solid fa-xmark')));
  }
  function drawPicked() {
    picked.replaceChildren(...(a.contacts.length ? a.contacts.map(pickedItem)
      : [h('li', { class: 'text-body-secondary small' }, 'Nobody yet: search on the left and add contacts.')]));
  }

  let found = [];
  function drawResults() {
    results.replaceChildren(...found.map((c) => {
      const chosen = a.contacts.some((x) => x.id === c.id);
      return h('li', { class: 'list-group-item d-flex align-items-center gap-2 wizard-result', dataset: { contactId: String(c.id) } },
        h('div', { class: 'me-auto' }, h('div', {}, c.name || formatPhone(c.phone)), h('div', { class: 'small text-body-secondary' }, phoneElement(c.phone)),
          c.optedOut ? h('span', { class: 'badge text-bg-warning' }, 'Opted out: will be left out') : null),
        h('button', { type: 'button', class: `btn btn-sm ${chosen ? 'btn-success' : 'btn-outline-primary'} wizard-pick`, disabled: chosen, 'aria-label': `Add ${c.name || c.phone}`,
          onclick: () => { a.contacts.push({ id: c.id, name: c.name, phone: c.phone }); drawPicked(); drawResults(); recountSoon(); } },
        chosen ? icon('fa-solid fa-check') : icon('fa-solid fa-plus'), chosen ? ' Added' : ' Add'));
    }));
  }
  async function find() {
    const term = search.value.trim();
    try {
      const page = await listContacts({ search: term, tags: [], optedOut: null, ids: [], sort: 'name', desc: false, offset: 0, limit: 20 });
      if (left || term !== search.value.trim()) return;
      found = page?.items ?? [];
      drawResults();
    } catch (err) {
      results.replaceChildren(h('li', { class: 'list-group-item text-danger' }, err?.message ?? String(err)));
    }
  }
  const findSoon = debounce(find, 250);
  search.addEventListener('input', findSoon);

  function sync() {
    tagsPart.hidden = a.mode !== 'tags';
    pickedPart.hidden = a.mode !== 'picked';
    searchPart.hidden = a.mode !== 'search';
    excludePart.hidden = a.mode === 'picked';
    recountSoon();
  }

  return {
    id: 'audience',
    title: 'Audience',
    element,
    async load() {
      const tags = (await listTags()) ?? [];
      // Tags the campaign names that no contact has any more still show, so they can be unticked.
      const names = new Set(tags.map((t) => t.name));
      const all = [...tags, ...[...a.tags, ...a.excludeTags].filter((n) => !names.has(n)).map((name) => ({ name, count: 0 }))];
      includeBox.replaceChildren(tagBoxes('wizard-tag', all, a.tags, recountSoon));
      excludeBox.replaceChildren(tagBoxes('wizard-exclude', all, a.excludeTags, recountSoon));
      if (a.contacts.some((c) => !c.phone)) {
        const page = await listContacts({ ids: a.contacts.map((c) => c.id), tags: [], optedOut: null, search: '', sort: 'name', offset: 0, limit: 1000 });
        const byId = new Map((page?.items ?? []).map((c) => [c.id, c]));
        a.contacts = a.contacts.filter((c) => byId.has(c.id)).map((c) => ({ id: c.id, name: byId.get(c.id).name, phone: byId.get(c.id).phone }));
      }
      drawPicked();
      sync();
      find();
    },
    enter: () => element.querySelector('input[name="wizard-audience"]:checked')?.focus(),
    async check() {
      recountSoon.cancel();
      await recount();
      if (a.mode === 'tags' && a.tags.length === 0) {
        const boxes = [...includeBox.querySelectorAll('input')];
        return fieldProblem(boxes.length ? boxes : match, 'Tick at least one tag, or choose another audience.', includeBox);
      }
      if (a.mode === 'picked' && a.contacts.length === 0) return fieldProblem(search, 'Add at least one contact, or choose another audience.');
      if (a.mode === 'search' && !a.search.trim()) return fieldProblem(saved, 'Type what to search for, or choose another audience.');
      if (a.skipRecent && !(Number.isInteger(Number(a.skipRecentDays)) && a.skipRecentDays >= 1 && a.skipRecentDays <= 365)) {
        return fieldProblem(recentDays, 'Type a number of days from 1 to 365, or untick the box.');
      }
      if (lastCount && lastCount.recipients === 0) return 'Nobody would receive this campaign: every contact it selects has opted out or is not on WhatsApp, or there is none.';
      return '';
    },
    destroy() {
      left = true;
      recountSoon.cancel();
      findSoon.cancel();
    },
  };
}
