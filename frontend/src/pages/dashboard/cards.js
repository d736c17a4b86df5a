// The figure cards at the top of the dashboard.
import { h, icon } from '../../lib/dom.js';
import { fill } from './fill.js';
import { formatCount } from '../../lib/format.js';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

function card({ id, iconClass, title, href }) {
  const main = h('div', { class: 'dash-figure' });
  const note = h('div', { class: 'dash-figure-note text-body-secondary small' });
  const element = h('section', { class: 'card dash-card h-100', id },
    h('div', { class: 'card-body' },
      h('div', { class: 'dash-card-title' }, icon(`${iconClass} me-2`),
        href ? h('a', { href, class: 'link-body-emphasis' }, title) : title),
      main, note));
  return { element, main, note };
}

/** A figure with a stable hook: data-stat="name" holds the number itself. */
function stat(name, value, text = formatCount(value)) {
  return h('span', { dataset: { stat: name, value: String(value) } }, text);
}

/** The four cards; update(summary) fills them. */
export function figureCards() {
  const contacts = card({ id: 'dash-card-contacts', iconClass: 'fa-solid fa-address-book', title: 'Contacts', href: '#/contacts' });
  const campaigns = card({ id: 'dash-card-campaigns', iconClass: 'fa-solid fa-paper-plane', title: 'Campaigns', href: '#/campaigns' });
  const sent = card({ id: 'dash-card-sent', iconClass: 'fa-solid fa-comment-dots', title: 'Messages sent' });
  const rates = card({ id: 'dash-card-rates', iconClass: 'fa-solid fa-check-double', title: 'Delivered (30 days)' });
  const element = h('div', { class: 'row g-3 dash-cards' },
    [contacts, campaigns, sent, rates].map((c) => h('div', { class: 'col-12 col-sm-6 col-xl-3' }, c.element)));

  function update(summary) {
    const c = summary.contacts;
    fill(contacts.main, stat('contacts', c.total));
    fill(contacts.note, stat('opted-out', c.optedOut), ' opted out');

    const byState = summary.campaigns ?? {};
    // Waiting is running, held until WhatsApp is back.
    const running = (byState.running ?? 0) + (byState.waiting ?? 0);
    fill(campaigns.main, stat('running', running), h('span', { class: 'dash-figure-unit' }, ' running'));
    fill(campaigns.note, stat('scheduled', byState.scheduled ?? 0), ' scheduled',
      (byState.paused ?? 0) > 0 ? [' · ', stat('paused', byState.paused), ' paused'] : null);

    const m = summary.messages;
    fill(sent.main, stat('sent-today', m.today), h('span', { class: 'dash-figure-unit' }, ' today'));
    fill(sent.note, stat('sent-week', m.thisWeek), ' this week · ', stat('sent-30', m.sent), ' in 30 days');

    if (m.sent > 0) {
      fill(rates.main, stat('delivery-rate', m.deliveryRate, percent.format(m.deliveryRate)));
      fill(rates.note, stat('read-rate', m.readRate, percent.format(m.readRate)), ' read');
    } else {
      fill(rates.main, stat('delivery-rate', 0, '—'));
      fill(rates.note, h('span', { dataset: { stat: 'read-rate', value: '0' } }, 'Nothing sent in the last 30 days'));
    }
  }

  return { element, update };
}
