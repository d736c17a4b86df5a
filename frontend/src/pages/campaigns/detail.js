// One campaign followed live (#campaign-detail): state and actions, progress with counts,
// speed and time left, why it waits, the report with its chart, export, and every
// recipient. update(campaign) takes each `campaign:progress` event; the heavier parts
// (recipients, report) are fetched again at most once a second or two.
import Dropdown from 'bootstrap/js/dist/dropdown.js';
import { campaignReport, cancelCampaignExport, resendUnconfirmed } from '../../api/campaigns.js';
import { exportCampaign } from '../../api/files.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount, formatDateTime, plural } from '../../lib/format.js';
import { confirmDialog } from '../../lib/modal.js';
import { throttle } from '../../lib/throttle.js';
import { toast } from '../../lib/toast.js';
import { actionButtons } from './actions.js';
import { recipientsTable } from './recipients.js';
import { reportCard } from './report.js';
import { resultsCard } from './followup.js';
import { estimateElement, tickCountdowns, waitingLine } from './estimate.js';
import { counts, isActive, isFinished, percentDone, progressBar, progressText, stateBadge } from './states.js';
import { describeSchedule, formatInZone } from './when.js';

const STATS = [
  { key: 'total', label: 'Recipients' },
  { key: 'queued', label: 'Queued' },
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'read', label: 'Read' },
  { key: 'replied', label: 'Replied' },
  { key: 'failed', label: 'Failed' },
  { key: 'skipped', label: 'Skipped' },
];

function exportMenu(campaign) {
  const toggle = h('button', { type: 'button', id: 'campaign-export', class: 'btn btn-sm btn-secondary dropdown-toggle', 'data-bs-toggle': 'dropdown', 'aria-expanded': 'false' },
    icon('fa-solid fa-file-export me-1'), 'Export');
  // A big export takes a while: the user may stop it, and no file is written.
  const cancel = h('button', { type: 'button', id: 'campaign-export-cancel', class: 'btn btn-sm btn-outline-secondary', hidden: true,
    onclick: () => cancelCampaignExport().catch((err) => toast.error(err)) }, 'Cancel export');
  async function run(format) {
    // Closed before the toggle is disabled: a disabled dropdown does not close.
    Dropdown.getOrCreateInstance(toggle).hide();
    toggle.disabled = true;
    cancel.hidden = false;
    try {
      const done = await exportCampaign(campaign.id, format);
      if (done) toast.success(`Saved ${plural(done.count, 'recipient')} to ${done.where}.`);
    } catch (err) {
      toast.error(err);
    } finally {
      toggle.disabled = false;
      cancel.hidden = true;
    }
  }
  const item = (format, label, iconClass) => h('li', {},
    h('button', { type: 'button', id: `campaign-export-${format}`, class: 'dropdown-item', onclick: () => run(format) },
      icon(`${iconClass} fa-fw me-2`), label));
  return h('div', { class: 'd-flex gap-2' }, cancel, h('div', { class: 'dropdown' }, toggle,
    h('ul', { class: 'dropdown-menu dropdown-menu-end' },
      h('li', {}, h('h6', { class: 'dropdown-header' }, 'Every recipient with their state and times')),
      item('csv', 'CSV (any spreadsheet)', 'fa-solid fa-file-csv'),
      item('xlsx', 'Excel workbook (.xlsx)', 'fa-solid fa-file-excel'))));
}

/**
 * The messages WhatsApp never confirmed before Herald stopped (#campaign-unconfirmed): how
 * many, what that means, a way to list them, and "Send again" once the user accepts that a
 * message which did arrive arrives twice. onShow() filters the recipients to them;
 * onSent(campaign) takes the campaign after a send again.
 * → {element, show(campaign)}
 */
function unconfirmedPanel({ onShow, onSent }) {
  let campaign = null;
  const count = h('strong', { id: 'campaign-unconfirmed-count' });
  const resend = h('button', { type: 'button', id: 'campaign-resend', class: 'btn btn-sm btn-warning text-nowrap' },
    icon('fa-solid fa-rotate-right me-1'), 'Send again');
  const element = h('div', { id: 'campaign-unconfirmed', class: 'alert alert-warning d-flex gap-3 align-items-start mb-3', role: 'status', hidden: true },
    icon('fa-solid fa-circle-question fs-4 mt-1'),
    h('div', { class: 'flex-grow-1' },
      h('p', { class: 'mb-1' }, count, ' not confirmed.'),
      h('p', { class: 'mb-1' }, 'WhatsApp did not confirm these messages (Herald stopped while sending them, or WhatsApp did not answer in time): they may or may not have arrived. Herald does not send them again by itself, so that nobody gets a message twice.'),
      h('button', { type: 'button', id: 'campaign-unconfirmed-show', class: 'btn btn-link btn-sm p-0 align-baseline', onclick: () => onShow() },
        'Show them in the list of recipients')),
    resend);

  resend.addEventListener('click', async () => {
    const n = campaign.stats?.unconfirmed ?? 0;
    const yes = await confirmDialog({
      title: `Send ${plural(n, 'unconfirmed message')} again?`,
      text: [
        'WhatsApp did not confirm these messages before Herald stopped: they may or may not have arrived, and Herald cannot tell which.',
        'If one did arrive, that contact will get the message twice. Send again only if a second copy is acceptable.',
        'Each message goes through the usual checks again: contacts who opted out since, or who lack a detail the message needs, are skipped.',
      ],
      confirmLabel: 'Send again, accepting doubles',
    });
    if (yes === null) return;
    resend.disabled = true;
    try {
      const done = await resendUnconfirmed(campaign.id);
      toast.success(`Sending ${plural(n, 'message')} of “${campaign.name}” again.`);
      onSent(done);
    } catch (err) {
      toast.error(err);
    } finally {
      resend.disabled = false;
    }
  });

  return {
    element,
    show(c) {
      campaign = c;
      const n = c.stats?.unconfirmed ?? 0;
      element.hidden = n === 0;
      count.textContent = plural(n, 'message');
      element.dataset.count = String(n);
      // A cancelled or failed campaign sends nothing more: the explanation stays, the button goes.
      resend.hidden = isFinished(c.state) && c.state !== 'completed';
    },
  };
}

/**
 * campaignDetail({campaign, onBack(), onEdit(campaign), onChanged(action, result),
 * onFollowUp({campaignId, result, reason, label})}) → {element, id, ready, update(campaign), destroy()}
 */
export function campaignDetail({ campaign: first, onBack, onEdit, onChanged, onFollowUp }) {
  let campaign = first;
  let left = false;

  const title = h('h2', { id: 'campaign-name', class: 'h4 mb-0 campaign-title' });
  const badge = h('span', { id: 'campaign-state' });
  const actions = h('div', { id: 'campaign-actions', class: 'd-flex gap-2 flex-wrap' });
  let actionsKey = '';
  const note = h('div', { id: 'campaign-note', class: 'alert alert-warning py-2 mb-3', role: 'status', hidden: true });
  const bar = h('div', { class: 'mb-2' });
  const summary = h('p', { id: 'campaign-progress-text', class: 'mb-3', 'aria-live': 'polite' });
  const tiles = new Map(STATS.map((s) => [s.key, h('div', { id: `campaign-stat-${s.key}`, class: 'campaign-tile-value', dataset: { value: '0' } }, '0')]));
  const speed = h('dd', { id: 'campaign-speed', class: 'col-sm-8' });
  const remaining = h('dd', { id: 'campaign-remaining', class: 'col-sm-8' });
  const schedule = h('dd', { id: 'campaign-schedule', class: 'col-sm-8' });
  const times = h('dd', { id: 'campaign-times', class: 'col-sm-8' });
  const left_out = h('dd', { id: 'campaign-excluded', class: 'col-sm-8' });
  const facts = h('dl', { class: 'row mb-0 small campaign-facts' },
    h('dt', { class: 'col-sm-4' }, 'Speed'), speed,
    h('dt', { class: 'col-sm-4' }, 'Time left'), remaining,
    h('dt', { class: 'col-sm-4' }, 'Schedule'), schedule,
    h('dt', { class: 'col-sm-4' }, 'Started / ended'), times,
    h('dt', { class: 'col-sm-4' }, 'Left out'), left_out);
  const report = reportCard();
  const results = resultsCard({ onFollowUp });
  const unconfirmed = unconfirmedPanel({
    onShow: () => {
      recipients.showState('unconfirmed');
      tableEl.scrollIntoView({ block: 'start' });
    },
    onSent: (c) => onChanged('resend', c),
  });
  const tableEl = h('table', { id: 'campaign-recipients', class: 'table table-sm table-hover align-middle w-100' });

  const element = h('div', { id: 'campaign-detail', class: 'campaign-detail' },
    h('div', { class: 'campaign-detail-head' },
      h('button', { type: 'button', id: 'campaign-back', class: 'btn btn-outline-secondary', onclick: onBack },
        icon('fa-solid fa-arrow-left me-2'), 'Campaigns'),
      title, badge,
      h('div', { class: 'ms-auto d-flex gap-2 flex-wrap' }, actions, exportMenu(campaign))),
    note,
    unconfirmed.element,
    h('section', { class: 'card mb-3' },
      h('div', { class: 'card-header' }, 'Progress'),
      h('div', { class: 'card-body' },
        bar, summary,
        h('div', { class: 'row g-2 mb-3' }, STATS.map((s) => h('div', { class: 'col-6 col-md-3 col-xl' },
          h('div', { class: 'campaign-tile' }, h('div', { class: 'campaign-tile-label' }, s.label), tiles.get(s.key))))),
        facts)),
    report.element,
    results.element,
    h('section', { class: 'card mb-3' },
      h('div', { class: 'card-header' }, 'Recipients'),
      h('div', { class: 'card-body' }, tableEl)));

  let perMinute = 0;

  function showSpeed() {
    const running = isActive(campaign.state);
    speed.textContent = running && perMinute > 0 ? `${perMinute.toFixed(perMinute < 10 ? 1 : 0)} messages a minute` : '—';
    const queued = counts(campaign.stats).queued;
    // The backend's one estimate, as the list and the review show it.
    if (campaign.estimate) remaining.replaceChildren(estimateElement(campaign.estimate, campaign.schedule?.timeZone, { id: 'campaign-estimate' }));
    else if (queued === 0) remaining.textContent = campaign.state === 'completed' ? 'Done' : '—';
    else if (campaign.state === 'paused') remaining.textContent = `${plural(queued, 'message')} wait until you resume`;
    else remaining.textContent = `${plural(queued, 'message')} to go`;
  }

  function show(c) {
    campaign = c;
    element.dataset.id = String(c.id);
    element.dataset.state = c.state;
    title.textContent = c.name;
    badge.replaceChildren(stateBadge(c.state));
    // Redrawn only when what the buttons offer or say changes: a button
    // replaced under the pointer between press and release loses the click,
    // and a running campaign updates every few seconds.
    const key = JSON.stringify([c.id, c.state, c.name, c.schedule?.cron ?? '', Boolean(c.hoursOpenAt)]);
    if (key !== actionsKey) {
      actionsKey = key;
      actions.replaceChildren(actionButtons(c, { onEdit, onDone: (action, result) => onChanged(action, result) }));
    }
    note.replaceChildren(waitingLine(c, { id: 'campaign-waiting' }) ?? c.note ?? '');
    note.hidden = !c.note;
    note.classList.toggle('alert-danger', c.state === 'failed');
    note.classList.toggle('alert-warning', c.state !== 'failed');
    unconfirmed.show(c);
    bar.replaceChildren(progressBar(c.stats, { id: 'campaign-progress' }));
    const n = counts(c.stats);
    summary.textContent = n.total > 0
      ? `${progressText(c.stats)} messages have an outcome (${percentDone(c.stats)}%).`
      : c.state === 'draft' || c.state === 'scheduled' ? 'The recipients are chosen when the campaign starts.' : 'This campaign has no recipients.';
    for (const s of STATS) {
      const el = tiles.get(s.key);
      el.textContent = formatCount(n[s.key]);
      el.dataset.value = String(n[s.key]);
    }
    schedule.textContent = c.state === 'scheduled' && c.nextRunAt
      ? `${describeSchedule(c.schedule)} · next run ${formatInZone(c.nextRunAt, c.schedule?.timeZone)}`
      : describeSchedule(c.schedule);
    times.textContent = [c.startedAt && `Started ${formatDateTime(c.startedAt)}`, c.finishedAt && `ended ${formatDateTime(c.finishedAt)}`]
      .filter(Boolean).join(', ') || 'Not started yet';
    left_out.textContent = c.startedAt
      ? `${plural(c.excludedOptedOut ?? 0, 'opted-out contact')}, ${plural(c.excludedNotOnWhatsApp ?? 0, 'contact')} not on WhatsApp`
      : 'Opted-out contacts and numbers not on WhatsApp are left out when it starts';
    showSpeed();
  }

  async function loadReport() {
    try {
      const r = await campaignReport(campaign.id);
      if (left) return;
      perMinute = r.perMinute ?? 0;
      report.update(r);
      if (r.campaign && r.campaign.id === campaign.id && r.campaign.updatedAt >= campaign.updatedAt) show(r.campaign);
      else showSpeed();
      results.update(campaign);
    } catch (err) {
      if (!left) toast.error(err);
    }
  }

  show(first);
  const stopCountdowns = tickCountdowns(note);
  const recipients = recipientsTable({ tableEl, campaignId: first.id });
  const reloadRecipients = throttle(() => recipients.reload(), 1000);
  const reloadReport = throttle(loadReport, 1500);

  return {
    element,
    id: first.id,
    ready: loadReport(),
    /** Takes a fresher copy of this campaign (a `campaign:progress` event or an action's answer). */
    update(c) {
      if (left || c.id !== campaign.id) return;
      show(c);
      reloadRecipients();
      reloadReport();
    },
    destroy() {
      left = true;
      stopCountdowns();
      reloadRecipients.cancel();
      reloadReport.cancel();
      recipients.destroy();
      report.destroy();
      results.destroy();
    },
  };
}
