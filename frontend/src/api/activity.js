// ActivityService: the audit log of everything done in Herald.
import * as Activity from '../../wailsjs/go/activity/Service.js';

/**
 * One page of entries, newest first: {items: [{id, at, kind, action, summary, kindWords,
 * title, step, ref: {kind, id, path}}], total}. hideSteps leaves out the steps of the
 * WhatsApp connection.
 */
export function listActivity({ offset = 0, limit = 25, kind = '', search = '', hideSteps = false } = {}) {
  return Activity.List({ offset, limit, kind, search, hideSteps });
}

/** The kinds present in the log, by name: [{kind: "contacts", words: "Contacts"}, …]. */
export function activityKinds() {
  return Activity.Kinds();
}
