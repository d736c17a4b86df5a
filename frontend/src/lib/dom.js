// A tiny element builder. String and number children become text nodes, so user data
// always reaches the DOM as text, never as HTML.

/**
 * h('a', {class: 'nav-link', href: '#/x', dataset: {page: 'x'}, onclick: fn}, 'Text', child)
 * Attributes: `class`, `dataset` (object), `style` (a string, set through el.style: herald
 * serve's Content-Security-Policy refuses style attributes but not styles set from script),
 * `on<event>` (listener), `true` (bare attribute), `false`/null/undefined (skipped), anything
 * else set with setAttribute.
 * Children: nodes, strings, numbers, arrays of those; null/undefined/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'style') el.style.cssText = String(value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An icon: icon('fa-solid fa-house'). Decorative, hidden from screen readers. */
export function icon(classes) {
  return h('i', { class: classes, 'aria-hidden': 'true' });
}
