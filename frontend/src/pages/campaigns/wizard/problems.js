// Problems of the wizard's steps, said on the field they concern (Bootstrap's is-invalid and
// invalid-feedback), or above the step when they concern no single field.
import { h } from '../../../lib/dom.js';

const FEEDBACK_ID = 'wizard-field-error';

/**
 * A problem of one field, or of a group of them (a row of days): the fields are marked,
 * the message goes after `after` (by default the last field, or its input group).
 */
export function fieldProblem(inputs, text, after) {
  return { inputs: [].concat(inputs), text, after };
}

/**
 * problemDisplay(banner) → show(problem): shows a step's problem (a fieldProblem, a
 * string for the banner, or '' for none), replacing the one shown before. A field's
 * problem goes away as soon as the field is changed.
 */
export function problemDisplay(banner) {
  let marked = null;

  function clear() {
    banner.textContent = '';
    banner.hidden = true;
    if (!marked) return;
    for (const { input, describedBy } of marked.inputs) {
      input.classList.remove('is-invalid');
      input.removeAttribute('aria-invalid');
      if (describedBy) input.setAttribute('aria-describedby', describedBy);
      else input.removeAttribute('aria-describedby');
      input.removeEventListener('input', clear);
      input.removeEventListener('change', clear);
    }
    marked.feedback.remove();
    marked = null;
  }

  return function show(problem) {
    clear();
    if (!problem) return;
    if (typeof problem === 'string') {
      banner.textContent = problem;
      banner.hidden = false;
      return;
    }
    const last = problem.inputs.at(-1);
    const after = problem.after ?? (last.parentElement.classList.contains('input-group') ? last.parentElement : last);
    const feedback = h('div', { id: FEEDBACK_ID, class: 'invalid-feedback d-block' }, problem.text);
    after.after(feedback);
    marked = { feedback, inputs: problem.inputs.map((input) => ({ input, describedBy: input.getAttribute('aria-describedby') })) };
    for (const input of problem.inputs) {
      input.classList.add('is-invalid');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), FEEDBACK_ID].filter(Boolean).join(' '));
      input.addEventListener('input', clear);
      input.addEventListener('change', clear);
    }
    problem.inputs[0].focus();
  };
}
