// The dashboard's side panels: what is scheduled next, the WhatsApp connection, recent activity.
import { statusLabel, stopNotice } from '../../lib/connection.js';
import { h, icon } from '../../lib/dom.js';
import { fill } from './fill.js';
import { formatDateTime } from '../../lib/format.js';
import { formatPhonesIn, phoneElement } from '../../lib/phone.js';

function panel(id, iconClass, title, link) {
  const body = h('div', { class: 'dash-panel-body' });
  const element = h('section', { class: 'card', id },
    h('div', { class: 'card-body' },
      h('div', { class: 'd-flex align-items-baseline justify-content-between gap-2' },
        h('h2', { class: 'h6 dash-card-title' }, icon(`${iconClass} me-2`), title),
        link && h('a', { href: link.href, class: 'small' }, link.text)),
      body));
  return { element, body };
}

/** "Next scheduled": up to five campaigns, soonest first, each linking to the campaigns page. */
export function nextScheduled() {
  const { element, body } = panel('dash-next', 'fa-solid fa-calendar-days', 'Next scheduled', { href: '#/campaigns', text: 'All campaigns' });
  function update(items) {
    if (!items.length) {
      fill(body, h('p', { class: 'text-body-secondary mb-0', dataset: { empty: 'next' } },
        'Nothing scheduled. ', h('a', { href: '#/campaigns' }, 'Plan a campaign')));
      return;
    }
    fill(body, h('ul', { class: 'list-unstyled dash-list mb-0' },
      items.map((c) => h('li', { dataset: { campaignId: String(c.id) } },
        h('a', { href: '#/campaigns', class: 'dash-list-name', title: c.name }, c.name),
        h('time', { class: 'text-body-secondary small', datetime: c.nextRunAt }, formatDateTime(c.nextRunAt))))));
  }
  return { element, update };
}

/** The WhatsApp connection, following the app-wide status; links to the WhatsApp page. */
export function connectionPanel() {
  const { element, body } = panel('dash-connection', 'fa-brands fa-whatsapp', 'WhatsApp', { href: '#/whatsapp', text: 'Open WhatsApp' });
  const badge = h('span', { class: 'connection-badge', id: 'dash-connection-state' });
  const detail = h('p', { class: 'text-body-secondary small mt-2 mb-0' });
  // A ban or a logout has paused every campaign: the dashboard says so first.
  const stopped = h('div', { id: 'dash-connection-alert', class: 'alert alert-danger small py-2 mt-2 mb-0', role: 'alert', hidden: true });
  fill(body, badge, stopped, detail);
  function update(status) {
    badge.dataset.state = status.state;
    badge.textContent = statusLabel(status);
    const notice = stopNotice(status);
    stopped.textContent = notice;
    stopped.hidden = !notice;
    if (status.state === 'connected') {
      fill(detail, 'Linked to ', h('span', { class: 'text-body' }, status.phone ? phoneElement(status.phone) : 'your phone'),
        status.pushName ? ` (${status.pushName})` : null, '.');
    } else if (status.phone) {
      fill(detail, status.lastError || 'Campaigns wait until WhatsApp is connected again.', ' ',
        h('a', { href: '#/whatsapp' }, 'Reconnect'));
    } else {
      fill(detail, 'No phone linked yet. ', h('a', { href: '#/whatsapp' }, 'Connect WhatsApp'));
    }
  }
  return { element, update };
}

/** The latest entries of the activity log. */
export function recentActivity() {
  const { element, body } = panel('dash-activity', 'fa-solid fa-clock-rotate-left', 'Recent activity', { href: '#/activity', text: 'All activity' });
  function update(entries) {
    if (!entries.length) {
      fill(body, h('p', { class: 'text-body-secondary mb-0', dataset: { empty: 'activity' } }, 'Nothing has happened yet.'));
      return;
    }
    fill(body, h('ul', { class: 'list-unstyled dash-list mb-0' },
      entries.map((e) => h('li', { dataset: { activityId: String(e.id), kind: e.kind } },
        h('span', { class: 'dash-list-name' }, formatPhonesIn(e.summary)),
        h('time', { class: 'text-body-secondary small', datetime: e.at }, formatDateTime(e.at))))));
  }
  return { element, update };
}
