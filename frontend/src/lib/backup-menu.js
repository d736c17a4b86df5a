// The desktop app menu's "Back up now": the backend sends an event, this makes the backup and
// says how it went, on whatever page is open.
import { BACKUP_MENU, backupNow } from '../api/backup.js';
import { on } from '../api/events.js';
import { formatSize } from './format.js';
import { toast } from './toast.js';

export function watchBackupMenu() {
  on(BACKUP_MENU, async () => {
    toast.success('Backing up…');
    try {
      const b = await backupNow();
      toast.success(`Backed up: ${b.name} (${formatSize(b.size)}).`);
    } catch (err) {
      toast.error(err);
    }
  });
}
