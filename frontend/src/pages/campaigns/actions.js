// What can be done to a campaign, by state, and doing it: the same buttons in the list
// and on the campaign's own page.
import {
  cancelCampaign, deleteCampaign, duplicateCampaign, pauseCampaign, resumeCampaign, startCampaign,
} from '../../api/campaigns.js';
import { h, icon } from '../../lib/dom.js';
import { confirmDialog } from '../../lib/modal.js';
import { toast } from '../../lib/toast.js';
import { isActive, isEditable, isFinished } from './states.js';
import { formatInZone } from './when.js';

/**
 * Every action: label, icon, style, when it is offered, and what it does. run(campaign)
 * resolves to the campaign after it, null when the user changed their mind, or
 * {deleted: true}.
 */
const ACTIONS = {
  start: {
    // Nothing goes out before the sending hours open: the campaign starts, and waits.
    label: (c) => (c.hoursOpenAt ? 'Start' : 'Send now'), icon: 'fa-solid fa-paper-plane', cls: 'btn-outline-primary',
    offered: (c) => isEditable(c.state),
    async run(c) {
      const opens = c.hoursOpenAt && formatInZone(c.hoursOpenAt, c.schedule?.timeZone);
      const yes = await confirmDialog({
        title: opens ? 'Start this campaign?' : 'Send this campaign now?',
        text: [opens
          ? `“${c.name}” starts now and waits for its sending hours: the first message goes at ${opens}.`
          : `“${c.name}” starts sending now, at its pace and within its sending hours.`],
        confirmLabel: opens ? 'Start' : 'Send now',
      });
      if (yes === null) return null;
      const done = await startCampaign(c.id);
      toast.success(done?.state === 'waiting' ? `“${c.name}” started and waits for its sending hours.` : `“${c.name}” is sending.`);
      return done;
    },
  },
  pause: {
    label: 'Pause', icon: 'fa-solid fa-pause', cls: 'btn-outline-warning',
    offered: (c) => isActive(c.state),
    async run(c) {
      const done = await pauseCampaign(c.id);
      toast.success(`Paused “${c.name}”. Resume it when you are ready.`);
      return done;
    },
  },
  resume: {
    label: 'Resume', icon: 'fa-solid fa-play', cls: 'btn-outline-success',
    offered: (c) => c.state === 'paused',
    async run(c) {
      const done = await resumeCampaign(c.id);
      toast.success(`Resumed “${c.name}”.`);
      return done;
    },
  },
  edit: {
    label: 'Edit', icon: 'fa-solid fa-pen', cls: 'btn-outline-secondary',
    offered: (c) => isEditable(c.state),
  },
  duplicate: {
    label: 'Duplicate', icon: 'fa-regular fa-copy', cls: 'btn-outline-secondary',
    offered: () => true,
    async run(c) {
      const copy = await duplicateCampaign(c.id);
      toast.success(`Created the draft “${copy.name}”.`);
      return copy;
    },
  },
  cancel: {
    label: 'Cancel', icon: 'fa-solid fa-ban', cls: 'btn-outline-danger',
    offered: (c) => !isFinished(c.state) && c.state !== 'draft',
    async run(c) {
      const yes = await confirmDialog({
        title: 'Cancel this campaign?',
        text: [
          `“${c.name}” stops for good: messages not sent yet will not be sent${c.schedule?.cron ? ', and it will not repeat' : ''}.`,
          'Messages already sent stay sent. To send again, duplicate the campaign.',
        ],
        confirmLabel: 'Cancel the campaign',
        danger: true,
      });
      if (yes === null) return null;
      const done = await cancelCampaign(c.id);
      toast.success(`Cancelled “${c.name}”.`);
      return done;
    },
  },
  delete: {
    label: 'Delete', icon: 'fa-regular fa-trash-can', cls: 'btn-outline-danger',
    offered: (c) => isFinished(c.state) || c.state === 'draft',
    async run(c) {
      const yes = await confirmDialog({
        title: 'Delete this campaign?',
        text: [`“${c.name}” and its list of recipients will be deleted. This cannot be undone.`],
        confirmLabel: 'Delete',
        danger: true,
      });
      if (yes === null) return null;
      await deleteCampaign(c.id);
      toast.success(`Deleted “${c.name}”.`);
      return { deleted: true };
    },
  },
};

/**
 * The action buttons a campaign offers now, as a button group: each has the class
 * campaign-<action> and data-action. onDone(action, result) runs after an action
 * succeeded; onEdit(campaign) opens the wizard. compact shows icons only.
 */
export function actionButtons(campaign, { onDone, onEdit, compact = false, only = null }) {
  const names = Object.keys(ACTIONS).filter((name) => ACTIONS[name].offered(campaign) && (!only || only.includes(name)));
  const buttons = names.map((name) => {
    const a = ACTIONS[name];
    const label = typeof a.label === 'function' ? a.label(campaign) : a.label;
    const button = h('button', {
      type: 'button', class: `btn btn-sm ${a.cls} campaign-${name}`, dataset: { action: name },
      title: label, 'aria-label': compact ? `${label} “${campaign.name}”` : null,
    }, icon(`${a.icon}${compact ? '' : ' me-1'}`), compact ? null : label);
    button.addEventListener('click', async () => {
      if (name === 'edit') {
        onEdit(campaign);
        return;
      }
      button.disabled = true;
      try {
        const result = await a.run(campaign);
        if (result) onDone(name, result);
      } catch (err) {
        toast.error(err);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return h('div', { class: 'btn-group campaign-actions', role: 'group', 'aria-label': 'Campaign actions' }, buttons);
}
