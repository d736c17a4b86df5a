// The list of conversations, newest first, with its filters and search over message text.
import { listCampaigns } from '../../api/campaigns.js';
import { listConversations } from '../../api/inbox.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount, formatDateTime, plural } from '../../lib/format.js';
import { formatPhone } from '../../lib/phone.js';
import { debounce } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';

const PAGE = 50;

/** conversationList({onOpen(conversation)}) -> {element, reload(), select(conversationId), ready} */
export function conversationList({ onOpen }) {
  const search = h('input', { id: 'inbox-search', type: 'search', class: 'form-control form-control-sm',
    placeholder: 'Words in the messages', 'aria-label': 'Search the messages' });
  const show = h('select', { id: 'inbox-filter', class: 'form-select form-select-sm', 'aria-label': 'Show' },
    h('option', { value: '' }, 'All conversations'),
    h('option', { value: 'unread' }, 'Unread'),
    h('option', { value: 'needsAnswer' }, 'Needs an answer'),
    h('option', { value: 'optedOut' }, 'Opted out'));
  const campaign = h('select', { id: 'inbox-campaign', class: 'form-select form-select-sm', 'aria-label': 'Replies to a campaign' },
    h('option', { value: '0' }, 'Replies to any campaign or none'));
  const items = h('div', { id: 'inbox-conversations', class: 'list-group list-group-flush inbox-list', role: 'list' });
  const info = h('div', { id: 'inbox-count', class: 'small text-body-secondary px-2 py-1' });
  const more = h('button', { type: 'button', id: 'inbox-more', class: 'btn btn-link btn-sm', hidden: true }, 'Show more');
  const element = h('section', { class: 'card inbox-conversations' },
    h('div', { class: 'card-body p-2 d-flex flex-column gap-2' },
      search, h('div', { class: 'd-flex gap-2' }, show, campaign)),
    info, items, more);

  let selected = 0;
  let shown = [];
  let asked = 0;

  function query(offset, limit) {
    return { search: search.value, unread: show.value === 'unread', needsAnswer: show.value === 'needsAnswer',
      optedOut: show.value === 'optedOut', campaignId: Number(campaign.value) || 0, offset, limit };
  }

  function row(c) {
    const name = c.name || formatPhone(c.phone);
    const button = h('button', { type: 'button', role: 'listitem',
      class: `list-group-item list-group-item-action inbox-conversation${c.conversationId === selected ? ' active' : ''}`,
      dataset: { conversation: String(c.conversationId), contact: String(c.contactId), unread: String(c.unread) } },
    h('div', { class: 'd-flex align-items-baseline gap-2' },
      h('span', { class: `inbox-name text-truncate${c.unread > 0 ? ' fw-bold' : ''}` }, name),
      c.optedOut && h('span', { class: 'badge text-bg-secondary', title: 'Opted out of campaigns' }, 'Opted out'),
      h('small', { class: 'ms-auto text-nowrap inbox-when' }, formatDateTime(c.lastAt))),
    h('div', { class: 'd-flex align-items-center gap-2' },
      !c.lastFromThem && icon('fa-solid fa-reply fa-flip-horizontal small'),
      h('span', { class: 'inbox-last text-truncate small' }, c.lastText),
      c.unread > 0 && h('span', { class: 'badge rounded-pill text-bg-primary ms-auto inbox-unread-count' }, String(c.unread))));
    button.addEventListener('click', () => {
      select(c.conversationId);
      onOpen(c);
    });
    return button;
  }

  function draw(total, capped) {
    items.replaceChildren(...shown.map(row));
    if (total === 0) info.textContent = 'No conversations match.';
    else if (capped) info.textContent = `${formatCount(total)} or more conversations match: add a word to narrow the search.`;
    else info.textContent = plural(total, 'conversation');
    more.hidden = shown.length >= total;
  }

  let total = 0;
  async function load(offset, limit = PAGE) {
    const ask = ++asked;
    try {
      const page = await listConversations(query(offset, limit));
      if (ask !== asked) return;
      shown = offset === 0 ? page.items ?? [] : shown.concat(page.items ?? []);
      total = page.total ?? 0;
      draw(total, page.totalCapped);
    } catch (err) {
      toast.error(err);
    }
  }

  function select(conversationId) {
    selected = conversationId;
    for (const el of items.children) el.classList.toggle('active', Number(el.dataset.conversation) === selected);
  }

  const reload = () => load(0);
  search.addEventListener('input', debounce(reload, 200));
  show.addEventListener('change', reload);
  campaign.addEventListener('change', reload);
  more.addEventListener('click', () => load(shown.length));

  listCampaigns({ limit: 100 }).then((page) => {
    for (const c of page?.items ?? []) campaign.append(h('option', { value: String(c.id) }, `Replies to “${c.name}”`));
  }).catch(() => {});

  // A live change keeps as many conversations shown as there were.
  const refresh = () => load(0, Math.min(Math.max(PAGE, shown.length), 200));
  return { element, reload, refresh, select, ready: load(0) };
}
