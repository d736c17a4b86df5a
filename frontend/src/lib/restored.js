// A restored backup replaces everything every page shows: the page starts again from the
// restored data, in every window and tab, whichever of them asked for the restore.
import { BACKUP_RESTORED } from '../api/backup.js';
import { on } from '../api/events.js';

export function watchRestore() {
  on(BACKUP_RESTORED, () => window.location.reload());
}
