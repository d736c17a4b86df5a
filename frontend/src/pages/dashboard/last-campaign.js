// "Last campaign": how the campaign started last is doing, or did, with a link to its page.
import { h, icon } from '../../lib/dom.js';
import { formatCount, formatDateTime, plural } from '../../lib/format.js';
import { counts, stateBadge } from '../campaigns/states.js';
import { fill } from './fill.js';

const figures = [
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'read', label: 'Read' },
  { key: 'replied', label: 'Replied' },
  { key: 'failed', label: 'Failed' },
];

/** The card (#dash-last); update(lastCampaign | null) fills it. */
export function lastCampaignCard() {
  const body = h('div', { class: 'dash-panel-body' });
  const element = h('section', { class: 'card', id: 'dash-last' },
    h('div', { class: 'card-body' },
      h('h2', { class: 'h6 dash-card-title' }, icon('fa-solid fa-flag-checkered me-2'), 'Last campaign'),
      body));

  function update(c) {
    if (!c) {
      fill(body, h('p', { class: 'text-body-secondary mb-0', dataset: { empty: 'last-campaign' } },
        'No campaign has been sent yet. ', h('a', { href: '#/campaigns' }, 'Plan a campaign')));
      return;
    }
    const n = counts(c.stats);
    const when = c.finishedAt
      ? `Started ${formatDateTime(c.startedAt)}, finished ${formatDateTime(c.finishedAt)}.`
      : `Started ${formatDateTime(c.startedAt)}.`;
    fill(body,
      h('div', { class: 'd-flex align-items-center gap-2 mb-1', dataset: { campaignId: String(c.id) } },
        h('a', { href: `#/campaigns/${c.id}`, class: 'dash-list-name fw-semibold link-body-emphasis', id: 'dash-last-name', title: c.name }, c.name),
        stateBadge(c.state, 'ms-auto')),
      h('p', { class: 'text-body-secondary small mb-2' }, when, ` ${plural(n.total, 'recipient')}.`),
      h('dl', { class: 'dash-last-figures mb-0' }, figures.map((f) => h('div', {},
        h('dt', {}, f.label),
        h('dd', { dataset: { stat: `last-${f.key}`, value: String(n[f.key]) } }, formatCount(n[f.key]))))));
  }
  return { element, update };
}
