// Step 6: everything at a glance before it is saved — the message, who receives it and
// who is left out, the pace, when it starts and how long sending takes — with whatever
// would stop it.
import { previewCampaign } from '../../../api/campaigns.js';
import { h, icon } from '../../../lib/dom.js';
import { formatCount, plural } from '../../../lib/format.js';
import { formatPhone } from '../../../lib/phone.js';
import { testSendButton } from '../../templates/testsend.js';
import { estimateElement } from '../estimate.js';
import { describeSchedule, SHORT_WEEKDAYS } from '../when.js';
import { inputOf, presetOf } from './model.js';

/** The pace in one or two sentences; safe is the safe pace for the WhatsApp in use. */
function describePace(p, safe) {
  const preset = presetOf(p, safe);
  if (preset === 'none') return 'No limits: as fast as possible, at any hour (testing only).';
  const parts = [];
  if (p.perMinute) parts.push(`at most ${p.perMinute} a minute`);
  if (p.maxDelaySec) parts.push(`${p.minDelaySec}–${p.maxDelaySec} s between messages`);
  if (p.batchSize) parts.push(`a ${p.batchPauseMinSec}–${p.batchPauseMaxSec} s break every ${p.batchSize}`);
  if (p.dailyCap) parts.push(`at most ${p.dailyCap} a day`);
  if (p.warmupCap) parts.push(`warm-up from ${p.warmupCap} a day, +${p.warmupStep} a day`);
  if (p.hoursFrom) parts.push(`${p.hoursFrom}–${p.hoursTo}`);
  if (p.weekdays.length) parts.push([...p.weekdays].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)).map((d) => SHORT_WEEKDAYS[d]).join(' '));
  const text = parts.join(', ');
  return `${preset === 'safe' ? 'Safe' : 'Custom'}: ${text}.`;
}

/**
 * Who would be skipped (#wizard-review-skipped) over the whole audience, for want of a value
 * the message needs, and the ways to fix it: back to the message step, or the template's
 * editor to add a fallback.
 */
function skippedSummary(model, skipped, recipients, element) {
  const total = skipped?.total ?? 0;
  const reasons = skipped?.reasons ?? [];
  const count = h('strong', { id: 'wizard-review-skipped-count', dataset: { value: String(total) } },
    total > 0 ? `${formatCount(total)} of ${plural(recipients, 'recipient')} would be skipped:`
      : reasons.length ? 'Some recipients may be skipped:' : 'Nobody: every recipient has what the message needs.');
  if (reasons.length === 0) return count;
  const list = h('ul', { class: 'mb-2 wizard-skip-reasons' }, reasons.map((r) => h('li', { class: 'wizard-skip-reason',
    dataset: { variable: r.variable, count: String(r.count), recent: String(Boolean(r.recent)) } }, r.message)));
  // The frequency cap skips by the user's choice: no fallback fixes it.
  if (reasons.every((r) => r.recent)) return [count, list];
  // The wizard's own link to the step: going back keeps every choice made.
  const backToMessage = () => element.closest('#campaign-wizard')?.querySelector('.wizard-step-link[data-step="basics"]')?.click();
  return [count, list,
    h('div', { class: 'd-flex flex-wrap gap-2 align-items-center' },
      h('button', { type: 'button', id: 'wizard-review-fix', class: 'btn btn-sm btn-outline-primary', onclick: backToMessage },
        icon('fa-solid fa-arrow-left me-1'), 'Back to the message'),
      model.templateId ? h('a', { id: 'wizard-review-edit-template', class: 'small', href: `#/templates/${Number(model.templateId)}` },
        'Add a fallback in the template, such as {{first_name|there}}') : null)];
}

/** How many of the audience the test's contact picker offers. */
const TEST_CONTACTS = 10;

/**
 * "Send a test to me" (#wizard-test-send) for a contact of the audience picked in
 * #wizard-test-contact, the first by default: → {element, show(messages)} with the Preview's
 * messages.
 */
function testSendRow(model) {
  const contact = h('select', { id: 'wizard-test-contact', class: 'form-select form-select-sm wizard-test-contact', 'aria-label': 'Render the test for this contact' });
  const test = testSendButton({ id: 'wizard-test-send', body: () => model.templateBody ?? '', contactId: () => Number(contact.value) || 0 });
  const element = h('div', {}, h('div', { class: 'd-flex flex-wrap gap-2 align-items-start' },
    h('span', { class: 'text-body-secondary small pt-1' }, 'The message as'), contact, test.element));
  return {
    element,
    show(messages) {
      const people = (messages ?? []).filter((m) => m.contactId > 0);
      contact.replaceChildren(...people.map((m) => h('option', { value: String(m.contactId) }, m.name ? `${m.name} (${formatPhone(m.phone)})` : formatPhone(m.phone))));
      contact.disabled = people.length === 0;
    },
  };
}

/** reviewStep(model) → step with plan (the last Preview) and ok (nothing stops it). */
export function reviewStep(model) {
  const testRow = testSendRow(model);
  const list = h('dl', { id: 'wizard-review', class: 'row mb-3 wizard-review' });
  const problems = h('div', { id: 'wizard-problems', class: 'alert alert-danger', role: 'alert', hidden: true });
  const warnings = h('div', { id: 'wizard-warnings', class: 'alert alert-warning', role: 'status', hidden: true });
  const estimate = h('div', { id: 'wizard-estimate', class: 'alert alert-info mb-0', role: 'status' });
  const element = h('div', {}, problems, warnings, list, estimate);
  let seq = 0;

  const step = {
    id: 'review',
    title: 'Review',
    element,
    plan: null,
    ok: false,
    waits: false,
    async enter() {
      const mine = ++seq;
      step.ok = false;
      estimate.textContent = 'Working out the plan…';
      const input = inputOf(model);
      let plan;
      try {
        plan = await previewCampaign(input, TEST_CONTACTS);
      } catch (err) {
        if (mine !== seq) return;
        problems.replaceChildren(err?.message ?? String(err));
        problems.hidden = false;
        warnings.hidden = true;
        return;
      }
      if (mine !== seq) return;
      step.plan = plan;
      const a = plan.audience ?? {};
      const out = [];
      if (a.optedOut) out.push(`${plural(a.optedOut, 'contact')} who opted out`);
      if (a.notOnWhatsApp) out.push(`${plural(a.notOnWhatsApp, 'number')} not on WhatsApp`);
      const row = (label, value, id) => [h('dt', { class: 'col-sm-3' }, label), h('dd', { class: 'col-sm-9', id }, value)];
      const audienceText = {
        all: 'All contacts',
        picked: `${plural(model.audience.contacts.length, 'contact')} picked by hand`,
        search: `Contacts the search “${model.audience.search.trim()}” finds`,
        tags: `Contacts with ${model.audience.tagsMatch === 'all' ? 'all' : 'any'} of: ${model.audience.tags.join(', ')}`,
        followUp: model.audience.followUp?.label ?? '',
      }[model.audience.mode];
      const exclude = model.audience.mode !== 'picked' && model.audience.excludeTags.length ? `, except those tagged ${model.audience.excludeTags.join(', ')}` : '';
      list.replaceChildren(...[
        row('Name', input.name, 'wizard-review-name'),
        row('Message', model.templateName || `Template ${input.templateId}`, 'wizard-review-template'),
        row('Audience', `${audienceText}${exclude}`, 'wizard-review-audience'),
        row('Recipients', [h('strong', { id: 'wizard-review-recipients', dataset: { value: String(a.recipients ?? 0) } }, plural(a.recipients ?? 0, 'recipient')),
          out.length ? h('span', { class: 'text-body-secondary' }, ` (left out: ${out.join(' and ')})`) : null]),
        row('Skipped', skippedSummary(model, plan.skipped, a.recipients ?? 0, element), 'wizard-review-skipped'),
        row('Pace', describePace(input.pace, model.safe), 'wizard-review-pace'),
        row('When', model.when.mode === 'now' ? 'Now' : describeSchedule(input.schedule), 'wizard-review-when'),
        row('Test', testRow.element, 'wizard-review-test'),
      ].flat());
      testRow.show(plan.messages);
      const found = plan.problems ?? [];
      problems.replaceChildren(h('p', { class: 'mb-1 fw-semibold' }, icon('fa-solid fa-triangle-exclamation me-2'), 'Before it can go:'),
        h('ul', { class: 'mb-0' }, found.map((p) => h('li', {}, p))));
      problems.hidden = found.length === 0;
      // What may get a real number banned: said plainly, but the user may go ahead.
      const careful = plan.warnings ?? [];
      warnings.replaceChildren(h('p', { class: 'mb-1 fw-semibold' }, icon('fa-solid fa-shield-halved me-2'), 'Your number could be banned:'),
        h('ul', { class: 'mb-0' }, careful.map((w) => h('li', {}, w))));
      warnings.hidden = careful.length === 0;
      const zone = input.schedule.timeZone;
      if ((a.recipients ?? 0) === 0) estimate.textContent = 'Nobody would receive this campaign right now.';
      else {
        // The backend's one estimate, in the words the list and the campaign's page use.
        estimate.replaceChildren(icon('fa-regular fa-clock me-2'), 'Sending ',
          h('strong', {}, estimateElement(plan.estimate, zone, { id: 'wizard-estimate-duration' })), '.',
          model.when.mode === 'repeat' ? ' Each run counts its recipients again when it starts.' : '');
      }
      step.ok = found.length === 0;
      // Nothing goes out before the sending hours open: the button says Start.
      step.waits = (plan.estimate?.waitSec ?? 0) > 0;
    },
    check: () => (step.ok ? '' : 'Fix what is listed above first.'),
  };
  return step;
}
