// ActivityService: the audit log of everything done in Herald.
import * as Activity from '../../wailsjs/go/activity/Service.js';

/** One page of entries, newest first: {items: [{id, at, kind, action, summary}], total}. */
export function listActivity({ offset = 0, limit = 25, kind = '', search = '' } = {}) {
  return Activity.List({ offset, limit, kind, search });
}

/** The distinct kinds present in the log, e.g. ["contacts", "settings"]. */
export function activityKinds() {
  return Activity.Kinds();
}
