// Step 4: how fast the campaign sends. Safe values are filled in and explained (slower on
// your own number than in practice mode: the backend says which); every number can be
// changed, and "no limits" exists for trying Herald with the simulator.
import { safePace } from '../../../api/campaigns.js';
import { drivers } from '../../../api/whatsapp.js';
import { h, icon } from '../../../lib/dom.js';
import { SHORT_WEEKDAYS } from '../when.js';
import { copyPace, NO_LIMITS, presetOf, warmupOf } from './model.js';
import { fieldProblem } from './problems.js';

const PRESETS = [
  { value: 'safe', label: 'Safe (recommended)', hint: 'Sends like a person would: slowly, with random pauses, in working hours. Keeps your WhatsApp number from being flagged as spam.' },
  { value: 'custom', label: 'Custom', hint: 'Your own numbers. Sending faster than the safe pace raises the risk that WhatsApp bans your number.' },
  { value: 'none', label: 'No limits (testing only)', hint: 'As fast as possible, at any hour. Only for trying Herald with the simulator: real WhatsApp bans numbers that send like this.' },
];
// The monday-first order people expect in a week row.
const WEEK = [1, 2, 3, 4, 5, 6, 0];

function numberField(key, label, { unit = '', min = 0 } = {}) {
  const input = h('input', { type: 'number', id: `wizard-pace-${key}`, class: 'form-control form-control-sm', min: String(min), step: '1', inputmode: 'numeric', dataset: { key } });
  return { key, input, element: h('div', { class: 'wizard-pace-field' },
    h('label', { class: 'form-label small', for: `wizard-pace-${key}` }, label),
    unit ? h('div', { class: 'input-group input-group-sm' }, input, h('span', { class: 'input-group-text' }, unit)) : input) };
}

/** paceStep(model) → step */
export function paceStep(model) {
  const p = model.pace;
  const presetInputs = PRESETS.map((x) => h('input', { type: 'radio', class: 'btn-check', name: 'wizard-pace', id: `wizard-pace-${x.value}`, value: x.value, autocomplete: 'off' }));
  const presetHint = h('p', { id: 'wizard-pace-hint', class: 'small mt-2 mb-3' });
  const realNote = h('div', { id: 'wizard-pace-real', class: 'alert alert-info small py-2', hidden: true });
  const fields = {
    perMinute: numberField('perMinute', 'At most', { unit: 'messages a minute' }),
    minDelaySec: numberField('minDelaySec', 'Wait at least', { unit: 's' }),
    maxDelaySec: numberField('maxDelaySec', 'and at most', { unit: 's' }),
    batchSize: numberField('batchSize', 'After every', { unit: 'messages' }),
    batchPauseMinSec: numberField('batchPauseMinSec', 'pause at least', { unit: 's' }),
    batchPauseMaxSec: numberField('batchPauseMaxSec', 'and at most', { unit: 's' }),
    dailyCap: numberField('dailyCap', 'At most', { unit: 'messages a day' }),
    warmupCap: numberField('warmupCap', 'First day', { unit: 'messages' }),
    warmupStep: numberField('warmupStep', 'Each day after, add', { unit: 'messages' }),
  };
  const hoursFrom = h('input', { type: 'time', id: 'wizard-pace-hoursFrom', class: 'form-control form-control-sm' });
  const hoursTo = h('input', { type: 'time', id: 'wizard-pace-hoursTo', class: 'form-control form-control-sm' });
  const anyHour = h('input', { type: 'checkbox', class: 'form-check-input', id: 'wizard-pace-anyhour' });
  const days = WEEK.map((d) => h('input', { type: 'checkbox', class: 'btn-check wizard-pace-day', id: `wizard-pace-day-${d}`, value: String(d), autocomplete: 'off' }));
  const warmup = h('input', { type: 'checkbox', class: 'form-check-input', id: 'wizard-warmup' });
  const warmupFields = h('div', { class: 'wizard-pace-row', id: 'wizard-warmup-fields' }, fields.warmupCap.element, fields.warmupStep.element);
  const zoneNote = h('span', { id: 'wizard-pace-zone' });

  const group = (title, text, ...content) => h('fieldset', { class: 'wizard-part' },
    h('legend', { class: 'h6 mb-1' }, title), h('p', { class: 'small text-body-secondary mb-2' }, text), ...content);

  const element = h('div', {},
    h('div', { class: 'btn-group flex-wrap', role: 'group', 'aria-label': 'Pace' },
      PRESETS.map((x, i) => [presetInputs[i], h('label', { class: `btn btn-outline-${x.value === 'none' ? 'danger' : 'primary'}`, for: `wizard-pace-${x.value}` }, x.label)])),
    presetHint,
    realNote,
    h('div', { id: 'wizard-pace-fields' },
      group('Speed', 'A random wait between two messages looks human; a steady rhythm looks like a robot.',
        h('div', { class: 'wizard-pace-row' }, fields.perMinute.element, fields.minDelaySec.element, fields.maxDelaySec.element)),
      group('Breaks', 'A longer pause now and then, as a person sending by hand would take.',
        h('div', { class: 'wizard-pace-row' }, fields.batchSize.element, fields.batchPauseMinSec.element, fields.batchPauseMaxSec.element)),
      group('Daily cap', 'What is left waits for the next sending day.', h('div', { class: 'wizard-pace-row' }, fields.dailyCap.element)),
      group('Sending hours', ['Messages go out only in these hours and on these days, in ', zoneNote, ' (the time zone chosen under Schedule).'],
        h('div', { class: 'wizard-pace-row align-items-end' },
          h('div', { class: 'wizard-pace-field' }, h('label', { class: 'form-label small', for: 'wizard-pace-hoursFrom' }, 'From'), hoursFrom),
          h('div', { class: 'wizard-pace-field' }, h('label', { class: 'form-label small', for: 'wizard-pace-hoursTo' }, 'To'), hoursTo),
          h('div', { class: 'form-check mb-1' }, anyHour, h('label', { class: 'form-check-label small', for: 'wizard-pace-anyhour' }, 'Any hour'))),
        h('div', { class: 'btn-group btn-group-sm mt-2 flex-wrap', role: 'group', 'aria-label': 'Sending days' },
          WEEK.map((d, i) => [days[i], h('label', { class: 'btn btn-outline-secondary', for: `wizard-pace-day-${d}` }, SHORT_WEEKDAYS[d])]))),
      group('Warm-up', 'For a number that has not sent many messages yet: start small and grow every day, up to the daily cap.',
        h('div', { class: 'form-check mb-2' }, warmup, h('label', { class: 'form-check-label', for: 'wizard-warmup' }, 'Warm up this number')),
        warmupFields)));

  /** Shows the model's pace in the fields. */
  function draw() {
    const preset = presetOf(p, model.safe);
    presetInputs.forEach((input) => { input.checked = input.value === preset; });
    presetHint.textContent = PRESETS.find((x) => x.value === preset).hint;
    presetHint.className = `small mt-2 mb-3 ${preset === 'none' ? 'text-danger-emphasis' : 'text-body-secondary'}`;
    for (const f of Object.values(fields)) f.input.value = String(p[f.key] ?? 0);
    anyHour.checked = !p.hoursFrom;
    hoursFrom.value = p.hoursFrom;
    hoursTo.value = p.hoursTo;
    hoursFrom.disabled = anyHour.checked;
    hoursTo.disabled = anyHour.checked;
    const every = p.weekdays.length === 0;
    days.forEach((box) => { box.checked = every || p.weekdays.includes(Number(box.value)); });
    warmup.checked = p.warmupCap > 0;
    warmupFields.hidden = !warmup.checked;
    zoneNote.textContent = model.when.zone;
    const safe = model.safe;
    realNote.hidden = !model.real || !safe;
    if (model.real && safe) {
      realNote.replaceChildren(icon('fa-solid fa-mobile-screen-button me-2'),
        `This campaign goes out from your own WhatsApp number, so the safe pace is slower than in practice: a random ${safe.minDelaySec}–${safe.maxDelaySec} s between messages, `
        + `a ${Math.round(safe.batchPauseMinSec / 60)}–${Math.round(safe.batchPauseMaxSec / 60)} minute break every ${safe.batchSize}, and at most ${safe.dailyCap} a day`
        + (safe.warmupCap ? `, starting at ${safe.warmupCap} on the first day` : '')
        + '. WhatsApp bans numbers that send fast, above all to people who never wrote to them.');
    }
  }

  /** The safe pace, a fresh copy; the model's own until the backend's is known. */
  const safeCopy = () => copyPace(model.safe ?? p);

  presetInputs.forEach((input) => input.addEventListener('change', () => {
    model.paceChosen = true;
    if (input.value === 'safe') Object.assign(p, safeCopy());
    if (input.value === 'none') Object.assign(p, { ...NO_LIMITS, weekdays: [] });
    if (input.value === 'custom' && presetOf(p, model.safe) === 'none') Object.assign(p, safeCopy());
    draw();
    // Custom is the safe values to change from: show it as chosen even while equal.
    if (input.value === 'custom') { input.checked = true; presetHint.textContent = PRESETS[1].hint; }
  }));
  for (const f of Object.values(fields)) {
    f.input.addEventListener('input', () => {
      const n = Number(f.input.value);
      p[f.key] = Number.isFinite(n) && f.input.value !== '' ? Math.trunc(n) : 0;
      markCustom();
    });
  }
  hoursFrom.addEventListener('input', () => { p.hoursFrom = hoursFrom.value; markCustom(); });
  hoursTo.addEventListener('input', () => { p.hoursTo = hoursTo.value; markCustom(); });
  anyHour.addEventListener('change', () => {
    model.paceChosen = true;
    p.hoursFrom = anyHour.checked ? '' : model.safe?.hoursFrom || '09:00';
    p.hoursTo = anyHour.checked ? '' : model.safe?.hoursTo || '20:00';
    draw();
  });
  days.forEach((box) => box.addEventListener('change', () => {
    const checked = days.filter((b) => b.checked).map((b) => Number(b.value));
    p.weekdays = checked.length === 7 ? [] : checked;
    markCustom();
  }));
  warmup.addEventListener('change', () => {
    model.paceChosen = true;
    Object.assign(p, warmup.checked ? warmupOf(model.safe) : { warmupCap: 0, warmupStep: 0 });
    draw();
  });

  function markCustom() {
    model.paceChosen = true;
    const preset = presetOf(p, model.safe);
    presetInputs.forEach((input) => { input.checked = input.value === preset; });
    presetHint.textContent = PRESETS.find((x) => x.value === preset).hint;
  }

  return {
    id: 'pace',
    title: 'Pace',
    element,
    /** The safe pace for the WhatsApp in use, which a new campaign starts from. */
    async load() {
      const [safe, list] = await Promise.all([safePace(), drivers()]);
      model.safe = copyPace(safe);
      model.real = !(list ?? []).some((d) => d.active && d.name === 'simulator');
      if (!model.paceChosen) Object.assign(p, copyPace(safe));
    },
    enter() {
      draw();
      presetInputs.find((input) => input.checked)?.focus();
    },
    check() {
      for (const f of Object.values(fields)) {
        if (p[f.key] < 0) return fieldProblem(f.input, 'The numbers of the pace cannot be negative.');
      }
      if (p.maxDelaySec < p.minDelaySec) return fieldProblem(fields.maxDelaySec.input, 'The longest wait between messages is shorter than the shortest.');
      if (p.batchPauseMaxSec < p.batchPauseMinSec) return fieldProblem(fields.batchPauseMaxSec.input, 'The longest break is shorter than the shortest.');
      const hours = [hoursFrom, hoursTo];
      if (!anyHour.checked && (!p.hoursFrom || !p.hoursTo)) return fieldProblem(hours.filter((x) => !x.value), 'Give both ends of the sending hours, or tick Any hour.', hoursTo.closest('.wizard-pace-row'));
      if (p.hoursFrom && p.hoursFrom === p.hoursTo) return fieldProblem(hours, 'The sending hours start and end at the same time.', hoursTo.closest('.wizard-pace-row'));
      if (days.every((b) => !b.checked)) return fieldProblem(days, 'Choose at least one sending day.', days[0].parentElement);
      return '';
    },
  };
}
