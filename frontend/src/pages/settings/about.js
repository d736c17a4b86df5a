// Settings → About: which Herald this is, where it keeps its data, and the licence notices
// of the libraries it is built with, which their licences ask to travel with Herald.
import { licenses } from '../../api/settings.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';

const SOURCES = { go: 'Go', npm: 'npm' };

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// One library: its name, version and licence; the text opens on click. Texts are long,
// so each enters the page only when first opened.
function libraryItem(notice) {
  const item = h('details', { class: 'list-group-item about-library', dataset: { name: notice.name } },
    h('summary', { class: 'about-library-summary' },
      icon('fa-solid fa-chevron-right about-chevron'),
      h('span', { class: 'about-library-name' }, notice.name),
      notice.version && h('span', { class: 'text-body-secondary small' }, notice.version),
      h('span', { class: 'about-library-badges' },
        h('span', { class: 'badge text-bg-secondary about-licence-id' }, notice.license),
        h('span', { class: 'badge border text-body-secondary' }, SOURCES[notice.source] ?? notice.source))));
  item.addEventListener('toggle', () => {
    if (item.open && !item.querySelector('pre')) {
      item.append(h('pre', { class: 'about-licence-text', tabindex: 0, 'aria-label': `Licence of ${notice.name}` }, notice.text));
    }
  });
  return { item, haystack: [notice.name, notice.version, notice.license, SOURCES[notice.source]].join(' ').toLowerCase() };
}

function libraries(list) {
  const items = list.map(libraryItem);
  const search = h('input', {
    type: 'search', id: 'about-search', class: 'form-control', placeholder: 'Search by name or licence',
    'aria-label': 'Search the libraries', 'aria-controls': 'about-libraries', autocomplete: 'off',
  });
  const goCount = list.filter((n) => n.source === 'go').length;
  const total = `${plural(list.length, 'library', 'libraries')}: ${goCount} Go, ${list.length - goCount} npm.`;
  const count = h('div', { id: 'about-count', class: 'form-text mb-2', 'aria-live': 'polite' }, total);
  const none = h('div', { class: 'list-group-item text-body-secondary', hidden: true }, 'No library matches your search.');
  search.addEventListener('input', () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const { item, haystack } of items) {
      item.hidden = !words.every((w) => haystack.includes(w));
      if (!item.hidden) shown += 1;
    }
    none.hidden = shown > 0;
    count.textContent = words.length ? `${shown} of ${plural(list.length, 'library', 'libraries')} match.` : total;
  });
  return [
    h('div', { class: 'input-group mb-1 about-search' },
      h('span', { class: 'input-group-text' }, icon('fa-solid fa-magnifying-glass')), search),
    count,
    h('div', { id: 'about-libraries', class: 'list-group about-libraries' }, items.map((i) => i.item), none),
  ];
}

/** The About card for the app info from appInfo(); the libraries fill in when they arrive. */
export function aboutCard(info) {
  const row = (label, value) => [
    h('dt', { class: 'col-sm-3' }, label),
    h('dd', { class: 'col-sm-9' }, value),
  ];
  const list = h('div', { class: 'text-body-secondary' }, 'Loading the libraries…');
  licenses().then(
    (notices) => list.replaceChildren(...libraries(notices ?? [])),
    (err) => {
      list.textContent = 'The licences of the libraries could not be read.';
      toast.error(err);
    });
  return h('section', { id: 'about', class: 'card mb-3', 'data-card': 'about' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-circle-info me-2'), 'About Herald'),
    h('div', { class: 'card-body' },
      h('dl', { class: 'row mb-3' },
        row('Version', h('span', { id: 'about-version' }, info.version)),
        row('Running as', info.mode === 'browser' ? 'Herald in your web browser (herald serve)' : 'Desktop app'),
        row('Data folder', h('code', { class: 'settings-path' }, info.dataDir))),
      h('h2', { class: 'h6' }, 'Open-source libraries'),
      h('p', { class: 'text-body-secondary' },
        'Herald is built with these libraries. Their licences ask that their notices travel with Herald: open one to read its licence in full.'),
      list));
}
