// The banner that says Herald is preparing the contacts after an import was cut short by a
// crash or a power cut: until then every contact, campaign and import waits for the book,
// and without a word the app would look frozen.
import { on } from '../api/events.js';
import { contactsPreparing } from '../api/contacts.js';
import { h } from './dom.js';

/** The banner, shown while ContactService.Preparing() holds and until `contacts:preparing` says false. */
export function preparingBanner() {
  const banner = h('div', { id: 'preparing-alert', class: 'app-alert alert alert-info d-flex align-items-center', role: 'status', hidden: true },
    h('span', { class: 'spinner-border spinner-border-sm me-2', 'aria-hidden': 'true' }),
    h('span', {}, h('strong', {}, 'Preparing your contacts…'),
      ' An import was interrupted when Herald last closed. Herald is finishing it; your contacts and campaigns appear in a moment.'));
  let heard = false;
  on('contacts:preparing', (preparing) => {
    heard = true;
    banner.hidden = !preparing;
  });
  // An event that arrived while the answer was on its way is newer than the answer.
  contactsPreparing().then(
    (preparing) => heard || (banner.hidden = !preparing),
    (err) => console.warn('contact book state unavailable', err),
  );
  return banner;
}
