// Dashboard: Herald's first page. How many contacts and campaigns there are, what was sent
// and how it fared, how the last campaign did, what is scheduled next, the WhatsApp link and
// the latest activity; until the first campaign, the steps to get going. The pieces live in ./dashboard/.
import { dashboardSummary } from '../api/dashboard.js';
import { on } from '../api/events.js';
import { onConnection } from '../lib/connection.js';
import { h } from '../lib/dom.js';
import { throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';
import { figureCards } from './dashboard/cards.js';
import { messagesChart } from './dashboard/chart.js';
import { backupPanel } from './dashboard/backup.js';
import { lastCampaignCard } from './dashboard/last-campaign.js';
import { connectionPanel, nextScheduled, recentActivity } from './dashboard/panels.js';
import { setupPanel } from './dashboard/setup.js';
import './dashboard/dashboard.css';

// Live events arrive many times a second while a campaign sends; the figures follow at most this often.
const REFRESH_MS = 2000;

export default {
  id: 'dashboard',
  title: 'Dashboard',
  icon: 'fa-solid fa-gauge',
  async render(container) {
    const setup = setupPanel();
    const cards = figureCards();
    const chart = messagesChart();
    const last = lastCampaignCard();
    const next = nextScheduled();
    const connection = connectionPanel();
    const activity = recentActivity();
    const backups = backupPanel();
    // Hidden for a brand-new install, where the welcome says all there is to say.
    const figures = h('div', { class: 'dash-page', id: 'dash-figures', hidden: true },
      cards.element,
      chart.element,
      // Each panel as tall as what it holds: no stretching to the tallest one's height.
      h('div', { class: 'row g-3 align-items-start' },
        [last, next, connection, activity].map((panel) => h('div', { class: 'col-12 col-lg-6' }, panel.element))));
    const page = h('div', { class: 'dash-page', id: 'dashboard' }, setup.element, backups.element, figures);
    container.append(page);

    let left = false;
    let summary = null;
    let status = { state: 'disconnected', phone: '' };
    let failed = false;

    function showSetup() {
      if (!summary) return;
      setup.update({
        contacts: summary.contacts.total > 0,
        template: summary.templates > 0,
        // Paired counts: a linked phone that is offline right now needs no new setup.
        whatsapp: status.state === 'connected' || Boolean(status.phone),
        campaign: Boolean(summary.lastCampaign),
      });
    }

    // The connection follows the app-wide status (as the top bar does), so both always agree.
    const stopConnection = onConnection((_, s) => {
      status = s;
      connection.update(s);
      showSetup();
    });

    let loading = null;
    let again = false;
    async function load() {
      if (loading) {
        again = true;
        return loading;
      }
      loading = (async () => {
        try {
          const fresh = await dashboardSummary();
          if (left) return;
          summary = fresh;
          failed = false;
          draw();
        } catch (err) {
          // One message, not one every refresh while the backend is unwell.
          if (!left && !failed) toast.error(err);
          failed = true;
        }
      })();
      await loading;
      loading = null;
      if (again && !left) {
        again = false;
        await load();
      }
    }

    function draw() {
      const anyCampaign = Object.values(summary.campaigns ?? {}).some((n) => n > 0);
      const brandNew = summary.contacts.total === 0 && !anyCampaign;
      page.dataset.state = brandNew ? 'new' : 'ready';
      showSetup();
      figures.hidden = brandNew;
      cards.update(summary);
      last.update(summary.lastCampaign ?? null);
      next.update(summary.nextScheduled ?? []);
      activity.update(summary.activity ?? []);
      // Chart.js measures its box: draw it only once it is on screen.
      if (!brandNew) chart.update(summary.messages.perDay ?? []);
      page.dataset.generatedAt = summary.generatedAt;
    }

    const refreshSoon = throttle(() => { if (!left) load(); }, REFRESH_MS);
    const stops = ['campaign:progress', 'activity:new', 'whatsapp:status'].map((name) => on(name, refreshSoon));

    backups.load().catch(toast.error);
    await load();

    return () => {
      left = true;
      backups.stop();
      refreshSoon.cancel();
      stops.forEach((stop) => stop());
      stopConnection();
      chart.destroy();
    };
  },
};
