// The dashboard's line on backups: when the last one was made, and the same warning as
// Settings → Backups when there has been none for days.
import { BACKUP_CHANGED, backupStatus } from '../../api/backup.js';
import { on } from '../../api/events.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime } from '../../lib/format.js';
import { staleWarning } from '../settings/backup.js';

/** What the browser's event stream sends when it opens (backend/web/shim.js). */
const RECONNECTED = 'herald:reconnected';

/** The panel, drawn from the backup status and kept current; stop() ends its listening. */
export function backupPanel() {
  const line = h('div', { id: 'dash-backup', class: 'small text-body-secondary mb-2' });
  const element = h('div', {}, line);
  const draw = (status) => {
    line.replaceChildren(icon('fa-solid fa-box-archive me-2'),
      status.lastBackupAt ? `Last backup: ${formatDateTime(status.lastBackupAt)}` : 'No backup yet',
      ' · ', h('a', { href: '#/settings' }, 'Backups'));
    element.replaceChildren(line, staleWarning(status, 'dash-backup-stale') ?? '');
  };
  // A status asked for before the last change arrived may answer after it: it is dropped
  // rather than drawn over the newer one.
  let changes = 0;
  const load = async () => {
    const asked = changes;
    const status = await backupStatus();
    if (asked === changes) draw(status);
  };
  const stopChanges = on(BACKUP_CHANGED, (status) => {
    changes += 1;
    draw(status);
  });
  // In a browser the event stream opens after the page asked for the status: a backup that
  // ended in between sent its change to nobody, so the status is read again once it opens.
  const stopReconnected = on(RECONNECTED, () => { load().catch(() => {}); });
  return {
    element,
    load,
    stop() {
      stopChanges();
      stopReconnected();
    },
  };
}
