// CampaignService: campaigns, their recipients, live progress and reports.
import * as Campaigns from '../../wailsjs/go/campaigns/Service.js';

/**
 * A campaign input is {id, name, templateId, audience, pace, schedule}:
 * audience {all, tags, tagsMatch: 'any'|'all', excludeTags, contactIds, search};
 * pace {perMinute, minDelaySec, maxDelaySec, batchSize, batchPauseMinSec, batchPauseMaxSec,
 * dailyCap, hoursFrom 'HH:MM', hoursTo, weekdays [0-6, Sunday = 0], warmupCap, warmupStep}
 * (0 and '' mean no limit); schedule {at, timeZone, cron}.
 * A Campaign adds state, stats {total, queued, sending, sent, delivered, read, failed,
 * skipped, cancelled, unconfirmed, replied}, nextRunAt, excludedOptedOut, excludedNotOnWhatsApp, note,
 * createdAt, updatedAt, startedAt, finishedAt. Changes arrive as `campaign:progress` events.
 */

/** Saves a new campaign: scheduled when the schedule has a time or a repeat, else a draft. */
export function createCampaign(input) {
  return Campaigns.Create(input);
}

/** Changes a draft or scheduled campaign (input.id). */
export function updateCampaign(input) {
  return Campaigns.Update(input);
}

export function getCampaign(id) {
  return Campaigns.Get(id);
}

/** One page of campaigns, newest first: query {search, state, offset, limit} → {items, total}. */
export function listCampaigns({ search = '', state = '', offset = 0, limit = 50 } = {}) {
  return Campaigns.List({ search, state, offset, limit });
}

/** Sends a draft or scheduled campaign now. */
export function startCampaign(id) {
  return Campaigns.Start(id);
}

export function pauseCampaign(id) {
  return Campaigns.Pause(id);
}

export function resumeCampaign(id) {
  return Campaigns.Resume(id);
}

/** Stops a campaign for good; its queued messages are not sent. */
export function cancelCampaign(id) {
  return Campaigns.Cancel(id);
}

/** Copies a campaign's settings into a new draft. */
export function duplicateCampaign(id) {
  return Campaigns.Duplicate(id);
}

/** Deletes a campaign that is not sending, with its recipients. */
export function deleteCampaign(id) {
  return Campaigns.Delete(id);
}

/**
 * One page of a campaign's recipients in queue order: query {search, state, offset, limit ≤ 1000}
 * → {items: [{id, contactId, phone, name, state, messageId, error, attempts, sentAt, deliveredAt,
 * readAt, repliedAt, reply}], total}.
 */
export function campaignRecipients(id, { search = '', state = '', offset = 0, limit = 25 } = {}) {
  return Campaigns.Recipients(id, { search, state, offset, limit });
}

/**
 * Sends unconfirmed messages again (WhatsApp never confirmed them before Herald stopped):
 * each gets a new message ID and goes through every check again, so one that did arrive
 * arrives twice. recipientIds are Recipient ids; none means all of the campaign's.
 * Resolves to the campaign.
 */
export function resendUnconfirmed(id, recipientIds = []) {
  return Campaigns.ResendUnconfirmed(id, recipientIds);
}

/** The pace Herald suggests for a new campaign: slower on your own number than in practice. */
export function safePace() {
  return Campaigns.SafePace();
}

/** Who an audience reaches: {recipients, matched, optedOut, notOnWhatsApp}. */
export function countAudience(audience) {
  return Campaigns.Audience(audience);
}

/**
 * Checks and plans a campaign before it is saved: {audience, messages: [{contactId, name,
 * phone, text, problem}], estimate {messages, now, startsAt, finishesAt, sec, waitSec},
 * skipped {total, reasons: [{variable, count, sometimes, message}]} (over the whole
 * audience), problems: [string],
 * warnings: [string]}. Problems stop it; warnings (on a real number only) say what may get
 * the number banned.
 */
export function previewCampaign(input, n = 10) {
  return Campaigns.Preview(input, n);
}

/**
 * Totals, rates and sends over time: {campaign, rates {delivery, read, reply, failure} (0..1),
 * bucketSec, timeline: [{at, sent, delivered, read, replied}] (cumulative), perMinute,
 * durationSec, avgPerMinute}. How long the rest takes is campaign.estimate.
 */
export function campaignReport(id) {
  return Campaigns.Report(id);
}

/** Writes every recipient to path (.csv or .xlsx; a bare name goes to the exports folder). */
export function exportCampaignTo(id, path) {
  return Campaigns.Export(id, path);
}

/** Stops the exports of campaigns in progress; each writes no file. */
export function cancelCampaignExport() {
  return Campaigns.CancelExport();
}

/**
 * A campaign's recipients in each group of its results, for follow-ups: [{result
 * ('delivered' | 'read' | 'replied' | 'failed' | 'skipped'), reason (why, for the skipped),
 * title, label (who they are, as a follow-up names its audience), count}]. The skipped come
 * one group per reason.
 */
export function campaignResults(id) {
  return Campaigns.Results(id);
}

/**
 * Tags the contacts of one group of a campaign's results with tag (existing or new):
 * → {tag, contacts, added}.
 */
export function tagCampaignResults(id, result, reason, tag) {
  return Campaigns.TagResults(id, result, reason ?? '', tag);
}
