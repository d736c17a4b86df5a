import 'bootstrap/dist/css/bootstrap.min.css';
import '@fortawesome/fontawesome-free/css/fontawesome.min.css';
import '@fortawesome/fontawesome-free/css/solid.min.css';
import '@fortawesome/fontawesome-free/css/brands.min.css';
import 'datatables.net-bs5/css/dataTables.bootstrap5.min.css';
import './styles.css';

import { emit } from './api/events.js';
import { watchConnection } from './lib/connection.js';
import { mountLayout } from './lib/layout.js';
import { startRouter } from './lib/router.js';
import { mountToasts } from './lib/toast.js';
import { mayLeave, watchUnsaved } from './lib/unsaved.js';
import { pages } from './pages/index.js';

watchConnection();
watchUnsaved();
const { outlet, setPage } = mountLayout(document.getElementById('app'), pages);
mountToasts();

startRouter({ pages, outlet, onPage: setPage, mayLeave: () => mayLeave() })
  // Icons are a font: the first screen is complete only once it has loaded.
  .then(() => document.fonts.ready)
  .then(() => {
    // The desktop app measures start-up until the first page is on screen.
    requestAnimationFrame(() => requestAnimationFrame(() => emit('ui:painted')));
  });
