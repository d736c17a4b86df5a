// The list of campaigns (#campaigns-table): name, state, progress, when, and the actions
// each state allows; search by name, filter by state, paging. Rows change in place as
// `campaign:progress` events arrive.
import { listCampaigns } from '../../api/campaigns.js';
import { h, icon } from '../../lib/dom.js';
import { emptyState } from '../../lib/empty.js';
import { formatDateTime, plural } from '../../lib/format.js';
import { debounce } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';
import { actionButtons } from './actions.js';
import { estimateElement, tickCountdowns, waitingLine } from './estimate.js';
import { progressBar, progressText, STATES, stateBadge } from './states.js';
import { describeSchedule, formatInZone } from './when.js';

const PAGE = 25;

/** When, in one line: next run for a scheduled one, else when it started or ended. */
function whenText(c) {
  if (c.state === 'scheduled' && c.nextRunAt) {
    const next = `Next: ${formatInZone(c.nextRunAt, c.schedule?.timeZone)}`;
    return c.schedule?.cron ? [next, h('div', { class: 'small text-body-secondary' }, describeSchedule(c.schedule))] : next;
  }
  if (c.finishedAt) return `Ended ${formatDateTime(c.finishedAt)}`;
  if (c.startedAt) {
    return [`Started ${formatDateTime(c.startedAt)}`,
      c.estimate && h('div', { class: 'text-body-secondary' }, estimateElement(c.estimate, c.schedule?.timeZone, { class: 'campaign-row-estimate' }))];
  }
  return h('span', { class: 'text-body-secondary' }, `Created ${formatDateTime(c.createdAt)}`);
}

/**
 * campaignsList({onNew(), onOpen(campaign), onEdit(campaign), onChanged(action, result)})
 * → {element, ready, reload(), update(campaign), destroy()}
 */
export function campaignsList({ onNew, onOpen, onEdit, onChanged }) {
  const search = h('input', { type: 'search', id: 'campaigns-search', class: 'form-control', placeholder: 'Search by name', 'aria-label': 'Search campaigns', autocomplete: 'off' });
  const stateFilter = h('select', { id: 'campaigns-state-filter', class: 'form-select', 'aria-label': 'Show only campaigns in this state' },
    h('option', { value: '' }, 'Every state'),
    Object.entries(STATES).map(([value, s]) => h('option', { value }, s.label)));
  const count = h('p', { id: 'campaigns-count', class: 'campaigns-count mb-0', 'aria-live': 'polite' });
  const rows = h('tbody');
  const prev = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', id: 'campaigns-prev' }, 'Previous');
  const next = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', id: 'campaigns-next' }, 'Next');
  const pager = h('div', { class: 'd-flex gap-2 justify-content-end' }, prev, next);
  const card = h('section', { class: 'card' }, h('div', { class: 'card-body table-fit-box' },
    h('table', { id: 'campaigns-table', class: 'table table-sm table-hover align-middle mb-2 table-fit' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col', class: 'col-state' }, 'State'),
        h('th', { scope: 'col', class: 'col-progress' }, 'Progress'),
        h('th', { scope: 'col', class: 'col-when col-optional' }, 'When'),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      rows),
    pager));
  const newButton = (id, label) => h('button', { type: 'button', id, class: 'btn btn-primary', onclick: onNew }, icon('fa-solid fa-plus me-2'), label);
  const empty = emptyState({
    icon: 'fa-solid fa-paper-plane',
    title: 'No campaigns yet',
    text: [
      'A campaign sends one of your templates to a group of your contacts, straight away or at a time you choose, at a safe pace, and shows you who received, read and answered it.',
    ],
    steps: [
      { text: 'Write the message as a template.', href: '#/templates', linkText: 'Open Templates' },
      { text: 'Link your phone to WhatsApp.', href: '#/whatsapp', linkText: 'Open WhatsApp' },
      { text: 'Create the campaign: choose who receives it, how fast and when it is sent.' },
    ],
    extra: h('div', { class: 'mt-3' }, newButton('campaigns-empty-new', 'Create a campaign')),
  });
  empty.hidden = true;
  const toolbar = h('div', { class: 'campaigns-toolbar' },
    count,
    h('div', { class: 'campaigns-filters' }, h('div', { class: 'campaigns-search' }, search), stateFilter, newButton('campaigns-new', 'New campaign')));
  const element = h('div', { id: 'campaigns-list' }, toolbar, empty, card);

  let offset = 0;
  let left = false;
  let seq = 0;
  const shown = new Map(); // id → the campaign its row shows

  function row(c) {
    // The row's latest campaign: a cell that did not change keeps the
    // handlers it was drawn with (update).
    const open = (event) => {
      event.preventDefault();
      onOpen(shown.get(c.id) ?? c);
    };
    return h('tr', { id: `campaign-row-${c.id}`, dataset: { id: String(c.id), state: c.state } },
      h('td', { class: 'campaigns-name' },
        h('a', { href: '#/campaigns', class: 'campaign-open cell-clip', title: c.name, onclick: open }, c.name)),
      h('td', {}, stateBadge(c.state),
        c.note && h('div', { class: 'small text-body-secondary campaign-row-note' }, waitingLine(c) ?? c.note)),
      h('td', {},
        c.stats?.total > 0
          ? [progressBar(c.stats, { thin: true }), h('div', { class: 'small text-body-secondary campaign-row-progress' }, progressText(c.stats))]
          : h('span', { class: 'small text-body-secondary campaign-row-progress' }, '—')),
      h('td', { class: 'small col-optional' }, whenText(c)),
      h('td', { class: 'text-end text-nowrap' },
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary me-1 campaign-view', title: 'Open', 'aria-label': `Open “${c.name}”`, onclick: open }, icon('fa-solid fa-chart-line')),
        actionButtons(c, { compact: true, onEdit, onDone: (action, result) => onChanged(action, result) })));
  }

  async function reload() {
    const mine = ++seq;
    const term = search.value.trim();
    const state = stateFilter.value;
    let page;
    try {
      page = await listCampaigns({ search: term, state, offset, limit: PAGE });
    } catch (err) {
      if (!left) toast.error(err);
      return;
    }
    if (left || mine !== seq) return;
    const items = page?.items ?? [];
    const total = page?.total ?? 0;
    if (items.length === 0 && offset > 0) {
      offset = Math.max(0, offset - PAGE);
      await reload();
      return;
    }
    const filtered = term !== '' || state !== '';
    const nothingAtAll = total === 0 && !filtered;
    empty.hidden = !nothingAtAll;
    card.hidden = nothingAtAll;
    toolbar.hidden = nothingAtAll;
    shown.clear();
    items.forEach((c) => shown.set(c.id, c));
    rows.replaceChildren(...(items.length ? items.map(row)
      : [h('tr', {}, h('td', { colspan: '5', class: 'text-body-secondary' }, 'No campaign matches what you are looking for.'))]));
    count.textContent = filtered ? `${plural(total, 'campaign')} ${total === 1 ? 'matches' : 'match'}` : plural(total, 'campaign');
    pager.hidden = total <= PAGE;
    prev.disabled = offset === 0;
    next.disabled = offset + PAGE >= total;
  }

  /** Redraws the row of campaign c in place; false when it is not on this page. */
  function update(c) {
    const old = rows.querySelector(`#campaign-row-${Number(c.id)}`);
    if (!old || !shown.has(c.id)) return false;
    // The state filter may no longer hold for it: the next reload sorts that out.
    if (stateFilter.value && c.state !== stateFilter.value) return false;
    // Keep focus on the same action when the row is redrawn under the user's keyboard.
    const focused = old.contains(document.activeElement) ? document.activeElement.dataset.action ?? document.activeElement.className : null;
    shown.set(c.id, c);
    // Only the cells that changed are replaced: a link or button replaced
    // under the pointer between press and release loses the click, and a
    // running campaign's row updates every few seconds.
    const fresh = row(c);
    old.dataset.state = c.state;
    [...fresh.children].forEach((cell, i) => {
      const was = old.children[i];
      if (!was) old.append(cell);
      else if (was.outerHTML !== cell.outerHTML) was.replaceWith(cell);
    });
    if (focused && !old.contains(document.activeElement)) {
      (old.querySelector(`[data-action="${focused}"]`) ?? old.querySelector('.campaign-open'))?.focus();
    }
    return true;
  }

  const stopCountdowns = tickCountdowns(rows);
  const searchSoon = debounce(() => { offset = 0; reload(); }, 300);
  search.addEventListener('input', searchSoon);
  stateFilter.addEventListener('change', () => { offset = 0; reload(); });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); reload(); });
  next.addEventListener('click', () => { offset += PAGE; reload(); });

  return {
    element,
    ready: reload(),
    reload,
    update,
    destroy() {
      left = true;
      searchSoon.cancel();
      stopCountdowns();
    },
  };
}
