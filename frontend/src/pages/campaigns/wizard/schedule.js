// Step 5: when the campaign is sent — now, at a date and time in a chosen time zone, or
// on a repeat (daily or weekly at a time, or a cron expression of your own).
import { h } from '../../../lib/dom.js';
import { zonePicker } from '../../../lib/regional.js';
import { describeRepeat, SHORT_WEEKDAYS } from '../when.js';
import { cronOf } from './model.js';
import { fieldProblem } from './problems.js';

const MODES = [
  { value: 'now', label: 'Send now', hint: 'Starts as soon as you confirm, within the sending hours of the pace.' },
  { value: 'at', label: 'At a date and time', hint: 'Starts by itself at that moment, if Herald is running; if not, as soon as it is opened again.' },
  { value: 'repeat', label: 'Repeat', hint: 'Sends again on a schedule; each run is a campaign of its own and counts the contacts of that day.' },
];
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** scheduleStep(model) → step */
export function scheduleStep(model) {
  const w = model.when;
  const modeInputs = MODES.map((m) => h('input', { type: 'radio', class: 'form-check-input', name: 'wizard-when', id: `wizard-when-${m.value}`, value: m.value }));
  const zone = zonePicker({ id: 'wizard-zone', value: w.zone, describedBy: 'wizard-zone-help', onChange: (value) => { w.zone = value; sync(); } });
  const at = h('input', { type: 'datetime-local', id: 'wizard-at', class: 'form-control', step: '1' });
  const repeat = h('select', { id: 'wizard-repeat', class: 'form-select' },
    h('option', { value: 'daily' }, 'Every day'),
    h('option', { value: 'weekly' }, 'Every week on…'),
    h('option', { value: 'custom' }, 'Custom (cron expression)'));
  const time = h('input', { type: 'time', id: 'wizard-repeat-time', class: 'form-control' });
  const days = WEEK.map((d) => h('input', { type: 'checkbox', class: 'btn-check wizard-repeat-day', id: `wizard-repeat-day-${d}`, value: String(d), autocomplete: 'off' }));
  const cron = h('input', { type: 'text', id: 'wizard-cron', class: 'form-control font-monospace', placeholder: 'e.g. 0 9 * * 1', autocomplete: 'off', spellcheck: 'false' });
  const meaning = h('p', { id: 'wizard-repeat-meaning', class: 'small text-body-secondary mt-2 mb-0', 'aria-live': 'polite' });

  const atPart = h('div', { class: 'wizard-part', id: 'wizard-at-part' },
    h('label', { class: 'form-label', for: 'wizard-at' }, 'Date and time'), at);
  const daysRow = h('div', { class: 'btn-group btn-group-sm flex-wrap mt-2', role: 'group', 'aria-label': 'Days of the week' },
    WEEK.map((d, i) => [days[i], h('label', { class: 'btn btn-outline-secondary', for: `wizard-repeat-day-${d}` }, SHORT_WEEKDAYS[d])]));
  const timeField = h('div', { class: 'wizard-repeat-time' }, h('label', { class: 'form-label', for: 'wizard-repeat-time' }, 'At'), time);
  const cronField = h('div', {}, h('label', { class: 'form-label', for: 'wizard-cron' }, 'Cron expression'), cron,
    h('div', { class: 'form-text' }, 'Five fields: minute, hour, day of the month, month, day of the week (0 = Sunday). “0 9 * * 1-5” is 09:00 on weekdays.'));
  const repeatPart = h('div', { class: 'wizard-part', id: 'wizard-repeat-part' },
    h('div', { class: 'row g-2' },
      h('div', { class: 'col-md-6' }, h('label', { class: 'form-label', for: 'wizard-repeat' }, 'Repeat'), repeat),
      h('div', { class: 'col-md-6' }, timeField)),
    daysRow, cronField, meaning);

  const element = h('div', {},
    h('fieldset', { class: 'mb-3' }, h('legend', { class: 'visually-hidden' }, 'When'),
      MODES.map((m, i) => h('div', { class: 'form-check' }, modeInputs[i],
        h('label', { class: 'form-check-label', for: `wizard-when-${m.value}` }, h('span', { class: 'fw-semibold' }, m.label), h('div', { class: 'small text-body-secondary' }, m.hint))))),
    atPart, repeatPart,
    h('div', { class: 'wizard-part', id: 'wizard-zone-part' },
      h('label', { class: 'form-label', for: 'wizard-zone-search' }, 'Time zone'), zone.element,
      h('div', { class: 'form-text', id: 'wizard-zone-help' }, 'The date, the repeat and the sending hours are read in this zone. New campaigns start in the zone chosen in Settings.')));

  function draw() {
    modeInputs.forEach((input) => { input.checked = input.value === w.mode; });
    zone.value = w.zone;
    at.value = w.at;
    repeat.value = w.repeat;
    time.value = w.time;
    days.forEach((box) => { box.checked = w.days.includes(Number(box.value)); });
    cron.value = w.cron;
    sync();
  }

  function sync() {
    atPart.hidden = w.mode !== 'at';
    repeatPart.hidden = w.mode !== 'repeat';
    daysRow.hidden = w.repeat !== 'weekly';
    timeField.hidden = w.repeat === 'custom';
    cronField.hidden = w.repeat !== 'custom';
    const expr = cronOf(w);
    meaning.textContent = w.mode === 'repeat' && expr && !(w.repeat === 'weekly' && w.days.length === 0) ? `${describeRepeat(expr)}, in ${w.zone}.` : '';
  }

  modeInputs.forEach((input) => input.addEventListener('change', () => { w.mode = input.value; sync(); }));
  at.addEventListener('input', () => { w.at = at.value; });
  repeat.addEventListener('change', () => { w.repeat = repeat.value; sync(); });
  time.addEventListener('input', () => { w.time = time.value; sync(); });
  days.forEach((box) => box.addEventListener('change', () => {
    w.days = days.filter((b) => b.checked).map((b) => Number(b.value));
    sync();
  }));
  cron.addEventListener('input', () => { w.cron = cron.value; sync(); });

  return {
    id: 'schedule',
    title: 'Schedule',
    element,
    enter() {
      draw();
      modeInputs.find((input) => input.checked)?.focus();
    },
    check() {
      if (w.mode === 'at' && !w.at) return fieldProblem(at, 'Choose the date and time to send at.');
      if (w.mode === 'repeat') {
        if (w.repeat !== 'custom' && !w.time) return fieldProblem(time, 'Choose the time of day to send at.');
        if (w.repeat === 'weekly' && w.days.length === 0) return fieldProblem(days, 'Choose at least one day of the week.', daysRow);
        if (w.repeat === 'custom' && !w.cron.trim()) return fieldProblem(cron, 'Write the cron expression, or choose every day or every week.');
      }
      return '';
    },
  };
}
