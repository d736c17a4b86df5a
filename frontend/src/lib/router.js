// Hash routing: #/<page id>, or #/<page id>/<what> to open one thing on that page (a
// campaign, a contact). Any other hash (e.g. a #token=… the serve-mode script has not
// cleared yet) or an unknown page shows the default page.
import { toast } from './toast.js';

/**
 * startRouter({pages, outlet, onPage, mayLeave}) renders the page named by the hash into
 * `outlet` (main#page), calls the previous page's cleanup when leaving it, and sets outlet's
 * data-page once the new page has rendered. Resolves after the first page rendered.
 * A page is {id, title, icon, render(container, {param}) -> cleanup | Promise<cleanup> | undefined},
 * param being the <what> of the address ('' when there is none).
 * mayLeave() -> boolean | Promise<boolean> is asked before leaving a page: on false the
 * address goes back to the page shown and nothing else happens.
 */
export function startRouter({ pages, outlet, onPage, mayLeave = () => true }) {
  const byId = new Map(pages.map((page) => [page.id, page]));
  const fallback = pages[0];
  let cleanup = null;
  let visit = 0;
  let shownHash = window.location.hash;

  function routeFromHash() {
    const hash = window.location.hash;
    const [id, ...rest] = hash.startsWith('#/') ? hash.slice(2).split('/') : [];
    const page = byId.get(id);
    return page ? { page, param: rest.join('/') } : { page: fallback, param: '' };
  }

  async function show() {
    const { page, param } = routeFromHash();
    const thisVisit = ++visit;
    shownHash = window.location.hash;
    leave();
    delete outlet.dataset.page;
    // Each visit renders into its own element, so a slow render that finishes after the
    // user moved on writes only into a detached node.
    const view = document.createElement('div');
    view.className = 'page-view';
    outlet.replaceChildren(view);
    onPage(page);
    let done = null;
    try {
      done = await page.render(view, { param });
    } catch (err) {
      toast.error(err);
    }
    if (thisVisit !== visit) {
      if (typeof done === 'function') done();
      return;
    }
    cleanup = typeof done === 'function' ? done : null;
    outlet.dataset.page = page.id;
  }

  function leave() {
    if (!cleanup) return;
    try {
      cleanup();
    } catch (err) {
      console.error(err);
    }
    cleanup = null;
  }

  async function onHashChange() {
    if (await mayLeave()) {
      show();
      return;
    }
    // Replacing the entry fires no hashchange, and Back still leads where it led before.
    window.history.replaceState(window.history.state, '', shownHash || window.location.pathname);
  }

  window.addEventListener('hashchange', onHashChange);
  return show();
}

/** The id an address names (#/campaigns/7 → 7), or 0 when its param is not one. */
export function idParam(param) {
  return /^[1-9]\d{0,15}$/.test(param ?? '') ? Number(param) : 0;
}
