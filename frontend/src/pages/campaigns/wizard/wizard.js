// The campaign wizard (#campaign-wizard): name and message → audience → preview → pace →
// schedule → review and confirm. Creates a campaign, or edits a draft or scheduled one;
// "Send now" (or "Start", while the sending hours are shut) saves it and starts it.
import { createCampaign, startCampaign, updateCampaign } from '../../../api/campaigns.js';
import { h, icon } from '../../../lib/dom.js';
import { toast } from '../../../lib/toast.js';
import { guardUnsaved, mayLeave, trackChanges } from '../../../lib/unsaved.js';
import { audienceStep } from './audience.js';
import { basicsStep } from './basics.js';
import { inputOf, modelOf, newModel } from './model.js';
import { paceStep } from './pace.js';
import { previewStep } from './preview.js';
import { problemDisplay } from './problems.js';
import { reviewStep } from './review.js';
import { scheduleStep } from './schedule.js';
import '../../templates/templates.css';

const CONFIRM = { now: 'Send now', at: 'Schedule', repeat: 'Schedule the repeat' };

/**
 * campaignWizard({campaign | null, followUp, onClose(saved | null)}) → {element, ready, destroy()}.
 * followUp ({campaignId, result, reason, label}) starts a new campaign to one group of another
 * campaign's results. onClose gets the saved campaign, or null when the user left without saving.
 */
export function campaignWizard({ campaign, followUp = null, onClose }) {
  const model = campaign ? modelOf(campaign) : newModel({ followUp });
  const steps = [basicsStep(model), audienceStep(model), previewStep(model), paceStep(model), scheduleStep(model), reviewStep(model)];
  const review = steps.at(-1);
  let current = 0;
  let busy = false;

  const error = h('div', { id: 'wizard-error', class: 'alert alert-danger py-2', role: 'alert', hidden: true });
  const nav = h('ol', { class: 'wizard-steps', 'aria-label': 'Steps' }, steps.map((s, i) => h('li', {},
    h('button', { type: 'button', class: 'wizard-step-link', dataset: { step: s.id }, onclick: () => go(i) },
      h('span', { class: 'wizard-step-number' }, String(i + 1)), h('span', {}, s.title)))));
  const heading = h('h3', { id: 'wizard-step-title', class: 'h5 mb-3 wizard-step-title', tabindex: '-1' });
  const sections = steps.map((s) => h('section', { class: 'wizard-step', dataset: { step: s.id }, hidden: true, 'aria-labelledby': 'wizard-step-title' }, s.element));
  const back = h('button', { type: 'button', id: 'wizard-back', class: 'btn btn-outline-secondary' }, icon('fa-solid fa-arrow-left me-2'), 'Back');
  const next = h('button', { type: 'button', id: 'wizard-next', class: 'btn btn-primary' }, 'Next', icon('fa-solid fa-arrow-right ms-2'));
  const draft = h('button', { type: 'button', id: 'wizard-save-draft', class: 'btn btn-outline-secondary' }, icon('fa-regular fa-floppy-disk me-2'), 'Save as draft');
  const confirm = h('button', { type: 'button', id: 'wizard-confirm', class: 'btn btn-success' });
  // What the user chose is compared once every step has loaded (a new campaign's pace
  // comes from the backend then); leaving with changes asks first.
  let unsaved = null;
  const isDirty = () => unsaved?.isDirty() ?? false;
  const release = guardUnsaved(isDirty);
  const leave = h('button', { type: 'button', id: 'wizard-cancel', class: 'btn btn-outline-secondary', onclick: async () => { if (await mayLeave(isDirty)) onClose(null); } },
    icon('fa-solid fa-xmark me-2'), 'Close');

  const element = h('div', { id: 'campaign-wizard', class: 'campaign-wizard' },
    h('div', { class: 'd-flex align-items-center gap-2 mb-3' },
      h('h2', { class: 'h4 mb-0 me-auto campaign-title' }, campaign ? `Edit “${campaign.name}”` : 'New campaign'), leave),
    h('div', { class: 'row g-3' },
      h('div', { class: 'col-lg-3' }, h('nav', { 'aria-label': 'Campaign wizard' }, nav)),
      h('div', { class: 'col-lg-9' },
        h('section', { class: 'card' },
          h('div', { class: 'card-body' }, heading, error, sections),
          h('div', { class: 'card-footer d-flex gap-2' }, back, h('div', { class: 'ms-auto d-flex gap-2' }, next, draft, confirm))))));

  // A problem of one field is said on that field; the banner is for the others.
  const showError = problemDisplay(error);

  function draw() {
    const step = steps[current];
    element.dataset.step = step.id;
    sections.forEach((s, i) => { s.hidden = i !== current; });
    nav.querySelectorAll('.wizard-step-link').forEach((link, i) => {
      link.classList.toggle('active', i === current);
      link.classList.toggle('done', i < current);
      if (i === current) link.setAttribute('aria-current', 'step');
      else link.removeAttribute('aria-current');
    });
    heading.textContent = `${current + 1}. ${step.title}`;
    back.hidden = current === 0;
    const last = current === steps.length - 1;
    next.hidden = last;
    draft.hidden = !last;
    confirm.hidden = !last;
    confirm.replaceChildren(icon(`${model.when.mode === 'now' ? 'fa-solid fa-paper-plane' : 'fa-regular fa-calendar-check'} me-2`),
      campaign && model.when.mode !== 'now' ? 'Save and schedule'
        : model.when.mode === 'now' && review.waits ? 'Start' : CONFIRM[model.when.mode]);
  }

  /** Goes to step i; forward only through steps whose choices are complete. */
  async function go(i) {
    if (busy || i === current) return;
    busy = true;
    try {
      for (let k = current; k < i; k++) {
        const problem = await steps[k].check();
        if (problem) {
          if (k !== current) {
            current = k;
            draw();
            await steps[k].enter?.();
          }
          showError(problem);
          return;
        }
      }
      showError('');
      current = i;
      draw();
      heading.focus();
      await steps[i].enter?.();
      if (steps[i] === review) {
        confirm.disabled = !review.ok;
        draw();
      }
    } finally {
      busy = false;
    }
  }

  async function save({ asDraft }) {
    if (busy) return;
    busy = true;
    confirm.disabled = true;
    draft.disabled = true;
    showError('');
    try {
      const input = inputOf(model, { draft: asDraft || model.when.mode === 'now' });
      let saved = model.id ? await updateCampaign(input) : await createCampaign(input);
      model.id = saved.id;
      unsaved?.markSaved();
      if (!asDraft && model.when.mode === 'now') {
        saved = await startCampaign(saved.id);
        toast.success(`“${saved.name}” is sending.`);
      } else if (saved.state === 'scheduled') toast.success(`Scheduled “${saved.name}”.`);
      else toast.success(`Saved “${saved.name}” as a draft.`);
      onClose(saved);
    } catch (err) {
      // Said where the user is looking; the wizard stays open to fix it.
      showError(err?.message ?? String(err));
    } finally {
      busy = false;
      confirm.disabled = !review.ok;
      draft.disabled = false;
    }
  }

  back.addEventListener('click', () => go(current - 1));
  next.addEventListener('click', () => go(current + 1));
  confirm.addEventListener('click', () => save({ asDraft: false }));
  draft.addEventListener('click', () => save({ asDraft: true }));
  element.addEventListener('keydown', (event) => {
    // Enter in a text field moves on, as in a form; not in a list of results or a button.
    if (event.key === 'Enter' && event.target.matches('input[type="text"], input[type="number"], input[type="time"], input[type="datetime-local"]')) {
      event.preventDefault();
      if (current < steps.length - 1) next.click();
    }
  });

  draw();
  const ready = (async () => {
    try {
      await Promise.all(steps.map((s) => s.load?.()));
    } catch (err) {
      toast.error(err);
    }
    unsaved = trackChanges(() => ({ input: inputOf(model), mode: model.when.mode }));
    draw();
    steps[0].enter();
  })();

  return {
    element,
    ready,
    destroy() {
      release();
      steps.forEach((s) => s.destroy?.());
    },
  };
}
