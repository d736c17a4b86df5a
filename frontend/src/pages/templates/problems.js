// What is wrong with the body: a list under the editor (#template-problems) and the same
// ranges underlined in a mirror drawn behind the textarea. The backend counts positions in
// code points; the textarea counts UTF-16 units, so every range is converted.
import { h, icon } from '../../lib/dom.js';

/** UTF-16 offsets of code-point positions start and end in body, clamped to the body. */
export function utf16Range(body, start, end) {
  const points = Array.from(body);
  const from = Math.min(Math.max(start, 0), points.length);
  const to = Math.min(Math.max(end, from), points.length);
  const before = points.slice(0, from).join('').length;
  return [before, before + points.slice(from, to).join('').length];
}

/**
 * problemsView(textarea) → {list, mirror, show(body, problems), sync()}: `mirror` goes
 * right before the textarea inside a .template-body-wrap; `list` goes under it.
 */
export function problemsView(textarea) {
  const mirror = h('div', { class: 'template-mirror form-control', 'aria-hidden': 'true' });
  const list = h('ul', { id: 'template-problems', class: 'template-problems list-unstyled mb-0', 'aria-live': 'polite' });

  function select(from, to) {
    textarea.focus();
    textarea.setSelectionRange(from, to);
  }

  function sync() {
    mirror.scrollTop = textarea.scrollTop;
    mirror.style.height = `${textarea.offsetHeight}px`;
  }
  textarea.addEventListener('scroll', sync);

  return {
    list,
    mirror,
    sync,
    /** Shows problems of body; an empty array clears both views. */
    show(body, problems) {
      const ranges = problems.map((p) => utf16Range(body, p.start, p.end)).sort((a, b) => a[0] - b[0]);
      const parts = [];
      let last = 0;
      for (const [from, to] of ranges) {
        if (to <= last) continue;
        const start = Math.max(from, last);
        if (start > last) parts.push(body.slice(last, start));
        // An empty range (an empty body's problem) still needs something to underline.
        parts.push(h('mark', { class: 'template-mark' }, body.slice(start, to) || ' '));
        last = to;
      }
      // A trailing newline needs a character after it to take up its line in the mirror.
      parts.push(`${body.slice(last)} `);
      mirror.replaceChildren(...parts);
      sync();

      list.replaceChildren(...problems.map((p, i) => {
        const [from, to] = ranges.length ? utf16Range(body, p.start, p.end) : [0, 0];
        return h('li', { class: 'template-problem' },
          h('button', { type: 'button', class: 'btn btn-link btn-sm text-start p-0 text-danger-emphasis', dataset: { index: String(i) },
            title: 'Select this part of the message', onclick: () => select(from, to) },
          icon('fa-solid fa-triangle-exclamation me-2'), p.message));
      }));
    },
  };
}
