// WhatsApp's formatting drawn as DOM nodes: *bold*, _italic_, ~strike~, `code`, ```mono```,
// "- " or "* " bullets, "1. " numbered lists and "> " quotes. Text only ever becomes text
// nodes, so nothing a user or a contact field holds can turn into HTML.
import { h } from '../../lib/dom.js';

// Marks around a substituted value (private-use characters, never in a real message).
export const VAR_OPEN = '\uE000';
export const VAR_CLOSE = '\uE001';

const TAGS = { '*': 'strong', _: 'em', '~': 's', '`': 'code' };
// A marker opens after a non-word character, holds no space next to itself, and closes
// before a non-word character: "2*3*4" stays as it is, as in WhatsApp.
// ```mono``` within a line comes first: its backticks are not `code` markers.
const INLINE = /```(.+?)```|(?<![\p{L}\p{N}])([*_~`])(?!\s)(.+?)(?<!\s)\2(?![\p{L}\p{N}])/gu;
const VARIABLE = new RegExp(`${VAR_OPEN}([^${VAR_OPEN}${VAR_CLOSE}]*)${VAR_CLOSE}`, 'gu');

/** Text with substitution marks as nodes: marked values in <mark class="wa-var">. */
function withVariables(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(VARIABLE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h('mark', { class: 'wa-var' }, m[1]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** One line's inline formatting as nodes. */
export function inline(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(...withVariables(text.slice(last, m.index)));
    const [, mono, marker, inner] = m;
    if (mono !== undefined) out.push(h('code', { class: 'wa-mono' }, withVariables(mono)));
    else out.push(h(TAGS[marker], { class: `wa-${TAGS[marker]}` }, marker === '`' ? withVariables(inner) : inline(inner)));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(...withVariables(text.slice(last)));
  return out;
}

const BULLET = /^[*-] (.*)$/;
const NUMBERED = /^(\d+)\. (.*)$/;
const QUOTE = /^> ?(.*)$/;

/** Plain (non-mono) text as block nodes: lines, lists and quotes. */
function blocks(text) {
  const out = [];
  let list = null;
  let listKind = '';
  for (const line of text.split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = !bullet && NUMBERED.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : '';
    if (kind && kind === listKind) {
      list.append(h('li', {}, inline(bullet ? bullet[1] : numbered[2])));
      continue;
    }
    list = null;
    listKind = '';
    if (kind) {
      list = h(kind, { class: 'wa-list', start: numbered ? numbered[1] : null }, h('li', {}, inline(bullet ? bullet[1] : numbered[2])));
      listKind = kind;
      out.push(list);
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) out.push(h('blockquote', { class: 'wa-quote' }, inline(quote[1])));
    else out.push(h('div', { class: 'wa-line' }, line === '' ? h('br') : inline(line)));
  }
  return out;
}

/** The whole message as nodes: ```mono``` spanning lines becomes a block, the rest blocks. */
export function formatWhatsApp(text) {
  const parts = text.split('```');
  const out = [];
  let pending = '';
  parts.forEach((part, i) => {
    const closedMono = i % 2 === 1 && i < parts.length - 1;
    if (closedMono && part.includes('\n')) {
      if (pending !== '') out.push(...blocks(pending.replace(/\n$/, '')));
      out.push(h('pre', { class: 'wa-mono-block' }, withVariables(part.replace(/^\n/, ''))));
      pending = '';
    } else if (i % 2 === 1) {
      pending += closedMono ? `\`\`\`${part}\`\`\`` : `\`\`\`${part}`;
    } else {
      pending += part;
    }
  });
  // The line break that ends a mono block belongs to it, not to the text after it.
  const rest = out.length > 0 ? pending.replace(/^\n/, '') : pending;
  if (rest !== '' || out.length === 0) out.push(...blocks(rest));
  return out;
}

/** text without substitution marks: what is really sent. */
export function stripMarks(text) {
  return text.replaceAll(VAR_OPEN, '').replaceAll(VAR_CLOSE, '');
}

/**
 * body with a mark before and after each {{variable}}, so the rendered text shows where
 * each value went. A {{ right after a backslash is left alone: it is an escape.
 */
export function markVariables(body) {
  return body.replace(/(?<!\\)\{\{[^{}]*\}\}/g, (m) => `${VAR_OPEN}${m}${VAR_CLOSE}`);
}
