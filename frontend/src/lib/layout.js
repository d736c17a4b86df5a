// The app's frame: sidebar with navigation, top bar with title, connection badge and the
// "Practice" badge while the simulator is in use, a banner when a ban or a logout has stopped
// sending, one while the contacts are prepared after an interrupted import, and main#page
// where the router renders pages.
import { h, icon } from './dom.js';
import { connectionBadge, onConnection, onDriver, stopNotice } from './connection.js';
import { preparingBanner } from './preparing.js';

/** Builds the frame into `root`; returns {outlet, setPage(page)}. */
export function mountLayout(root, pages) {
  const links = pages.map((page) =>
    h('a', { class: 'nav-link', href: `#/${page.id}`, dataset: { page: page.id } },
      icon(`${page.icon} fa-fw`), h('span', {}, page.title)));
  // A page may show a count on its link (the inbox's unread conversations).
  pages.forEach((page, i) => page.badge?.(links[i]));

  const title = h('h1', { id: 'page-title', class: 'h4 mb-0' });
  const { badge } = connectionBadge({ id: 'connection-state', title: 'WhatsApp connection' });
  const practice = h('a', { id: 'practice-badge', class: 'badge practice-badge', href: '#/whatsapp', hidden: true,
    title: 'Practice mode: messages go to the simulator, never to a real phone.' },
  icon('fa-solid fa-flask me-1'), 'Practice');
  const alertText = h('span', { id: 'connection-alert-text' });
  const alert = h('div', { id: 'connection-alert', class: 'app-alert alert alert-danger', role: 'alert', hidden: true },
    icon('fa-solid fa-ban me-2'), alertText, ' ', h('a', { href: '#/whatsapp', class: 'alert-link' }, 'Open WhatsApp'));
  const outlet = h('main', { id: 'page', class: 'app-content' });

  root.replaceChildren(
    h('div', { class: 'app-shell' },
      h('nav', { class: 'app-sidebar', 'aria-label': 'Main' },
        h('a', { class: 'app-brand', href: `#/${pages[0].id}` },
          icon('fa-solid fa-bullhorn'), h('span', {}, 'Herald')),
        h('div', { class: 'nav nav-pills flex-column' }, links)),
      h('div', { class: 'app-main' },
        h('header', { class: 'app-topbar' },
          title,
          h('div', { class: 'app-topbar-status' },
            practice,
            h('span', { class: 'text-body-secondary small' }, icon('fa-brands fa-whatsapp me-1'), 'WhatsApp'),
            badge)),
        preparingBanner(),
        alert,
        outlet)));

  onDriver((name) => {
    practice.hidden = name !== 'simulator';
  });
  onConnection((_, status) => {
    const text = stopNotice(status);
    alertText.textContent = text;
    alert.hidden = !text;
  });

  function setPage(page) {
    title.textContent = page.title;
    document.title = `${page.title} · Herald`;
    for (const link of links) {
      const active = link.dataset.page === page.id;
      link.classList.toggle('active', active);
      if (active) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  return { outlet, setPage };
}
