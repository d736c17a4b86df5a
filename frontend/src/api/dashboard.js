// DashboardService: the figures of the first page, in one call.
import * as Dashboard from '../../wailsjs/go/dashboard/Service.js';

/**
 * Everything the dashboard shows:
 * {contacts: {total, optedOut}, templates, campaigns: {draft, scheduled, running, …: count},
 *  messages: {today, thisWeek, sent, delivered, read, deliveryRate, readRate,
 *             perDay: [{date: 'YYYY-MM-DD', sent, delivered, read}] (30 local days, oldest first)},
 *  nextScheduled: [{id, name, nextRunAt}], whatsapp: {state, phone, …},
 *  activity: [{id, at, kind, action, summary}],
 *  lastCampaign: {id, name, state, startedAt, finishedAt, stats} | null (the one started last),
 *  timeZone, generatedAt}.
 */
export function dashboardSummary() {
  return Dashboard.Summary();
}
