import 'bootstrap/dist/css/bootstrap.min.css';
import '@fortawesome/fontawesome-free/css/fontawesome.min.css';
import '@fortawesome/fontawesome-free/css/solid.min.css';
import '@fortawesome/fontawesome-free/css/brands.min.css';
import 'datatables.net-bs5/css/dataTables.bootstrap5.min.css';
import './styles.css';

import { emit } from './api/events.js';
import { watchBackupMenu } from './lib/backup-menu.js';
import { watchConnection } from './lib/connection.js';
import { mountLayout } from './lib/layout.js';
import { watchNotices } from './lib/notices.js';
import { loadPreferences } from './lib/preferences.js';
import { watchRestore } from './lib/restored.js';
import { startRouter } from './lib/router.js';
import { mountToasts, toast } from './lib/toast.js';
import { mayLeave, watchUnsaved } from './lib/unsaved.js';
import { pages } from './pages/index.js';
import { showWelcome } from './welcome/welcome.js';

watchConnection();
watchUnsaved();
watchNotices();
watchBackupMenu();
watchRestore();
const { outlet, setPage } = mountLayout(document.getElementById('app'), pages);
mountToasts();

// The first page already shows dates in the user's language and zone; without the
// preferences it still opens, in the computer's.
const preferences = loadPreferences().catch((err) => {
  toast.error(err);
  return null;
});
preferences
  .then(() => startRouter({ pages, outlet, onPage: setPage, mayLeave: () => mayLeave() }))
  // Icons are a font: the first screen is complete only once it has loaded.
  .then(() => document.fonts.ready)
  .then(async () => {
    // The desktop app measures start-up until the first page is on screen.
    requestAnimationFrame(() => requestAnimationFrame(() => emit('ui:painted')));
    const prefs = await preferences;
    // data-welcome is 'answered' once no welcome step is open (welcome.js sets 'asking').
    if (prefs && !prefs.welcomed) {
      await showWelcome(prefs);
      // The page behind the step was drawn before the answers: the router draws it again.
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
    document.documentElement.dataset.welcome = 'answered';
  })
  .catch(toast.error);
