// Campaigns: one template sent to a group of contacts, now, later or on a repeat, at a
// safe pace. The list, a campaign followed live, and the wizard live in ./campaigns/;
// this module switches between them and feeds them `campaign:progress` events.
import { getCampaign } from '../api/campaigns.js';
import { on } from '../api/events.js';
import { idParam } from '../lib/router.js';
import { throttle } from '../lib/throttle.js';
import { toast } from '../lib/toast.js';
import { campaignDetail } from './campaigns/detail.js';
import { campaignsList } from './campaigns/list.js';
import { campaignWizard } from './campaigns/wizard/wizard.js';
import './campaigns/campaigns.css';

export default {
  id: 'campaigns',
  title: 'Campaigns',
  icon: 'fa-solid fa-paper-plane',
  async render(container, { param } = {}) {
    let view = null; // the detail or the wizard, shown instead of the list
    const list = campaignsList({
      onNew: () => openWizard(null),
      onOpen: (c) => openDetail(c),
      onEdit: (c) => openWizard(c),
      onChanged: changed,
    });
    container.append(list.element);

    function close() {
      view?.destroy();
      view?.element.remove();
      view = null;
    }

    function showList() {
      close();
      list.element.hidden = false;
      list.reload();
    }

    async function openDetail(c) {
      let fresh;
      try {
        fresh = await getCampaign(c.id);
      } catch (err) {
        toast.error(err);
        list.reload();
        return;
      }
      close();
      view = campaignDetail({ campaign: fresh, onBack: showList, onEdit: openWizard, onChanged: changed,
        onFollowUp: (followUp) => openWizard(null, followUp) });
      view.kind = 'detail';
      list.element.hidden = true;
      container.append(view.element);
      view.element.querySelector('#campaign-back').focus();
      await view.ready;
    }

    /** Opens the wizard on campaign c, or on a new one; followUp makes its audience one group of another's results. */
    async function openWizard(c, followUp = null) {
      let fresh = null;
      if (c) {
        try {
          fresh = await getCampaign(c.id);
        } catch (err) {
          toast.error(err);
          return;
        }
      }
      close();
      view = campaignWizard({ campaign: fresh, followUp, onClose: (saved) => (saved ? openDetail(saved) : showList()) });
      view.kind = 'wizard';
      list.element.hidden = true;
      container.append(view.element);
      await view.ready;
    }

    /** After an action on a campaign (from the list or its page). */
    function changed(action, result) {
      if (action === 'delete') {
        showList();
        return;
      }
      if (action === 'duplicate') {
        openWizard(result);
        return;
      }
      if (view?.kind === 'detail') view.update(result);
      else if (!list.update(result)) list.reload();
    }

    // Live: each change of a campaign redraws its row or its page; a campaign the list
    // does not show yet (a new run of a repeat, one created elsewhere) reloads the list.
    const reloadList = throttle(() => {
      if (!view) list.reload();
    }, 1000);
    const stopProgress = on('campaign:progress', (c) => {
      if (!c?.id) return;
      if (view?.kind === 'detail') view.update(c);
      else if (!view && !list.update(c)) reloadList();
    });
    const stopActivity = on('activity:new', (entry) => {
      if (entry?.kind === 'campaigns' && /created|deleted|updated/.test(entry.action ?? '')) reloadList();
    });

    await list.ready;
    // An address naming a campaign (a link from the activity log) opens its page.
    const linked = idParam(param);
    if (linked) await openDetail({ id: linked });
    return () => {
      stopProgress();
      stopActivity();
      reloadList.cancel();
      close();
      list.destroy();
    };
  },
};
