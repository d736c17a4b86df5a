// The dashboard's line on backups: when the last one was made, and the same warning as
// Settings → Backups when there has been none for days.
import { BACKUP_CHANGED, backupStatus } from '../../api/backup.js';
import { on } from '../../api/events.js';
import { h, icon } from '../../lib/dom.js';
import { formatDateTime } from '../../lib/format.js';
import { staleWarning } from '../settings/backup.js';

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
  const stop = on(BACKUP_CHANGED, draw);
  return {
    element,
    async load() {
      draw(await backupStatus());
    },
    stop,
  };
}
