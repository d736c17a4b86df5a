// Replaces an element's children the way h() builds them: strings become text, and
// null/undefined/false (an optional part left out) become nothing.
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
}
