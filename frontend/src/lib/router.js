// Hash routing: #/<page id>. Any other hash (e.g. a #token=… the serve-mode script has not
// cleared yet) or an unknown page shows the default page.
import { toast } from './toast.js';

/**
 * startRouter({pages, outlet, onPage}) renders the page named by the hash into `outlet`
 * (main#page), calls the previous page's cleanup when leaving it, and sets outlet's
 * data-page once the new page has rendered. Resolves after the first page rendered.
 * A page is {id, title, icon, render(container) -> cleanup | Promise<cleanup> | undefined}.
 */
export function startRouter({ pages, outlet, onPage }) {
  const byId = new Map(pages.map((page) => [page.id, page]));
  const fallback = pages[0];
  let cleanup = null;
  let visit = 0;

  function pageFromHash() {
    const hash = window.location.hash;
    return (hash.startsWith('#/') && byId.get(hash.slice(2))) || fallback;
  }

  async function show() {
    const page = pageFromHash();
    const thisVisit = ++visit;
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
      done = await page.render(view);
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

  window.addEventListener('hashchange', show);
  return show();
}
