// What to do next with a campaign's results (#campaign-results): its recipients in each
// group (delivered but not read, read but no reply, replied, failed, skipped for each
// reason), each with its count, "Tag these N contacts" and "Follow up with these", which
// opens the wizard with that group as the audience.
import { campaignResults, tagCampaignResults } from '../../api/campaigns.js';
import { listTags } from '../../api/contacts.js';
import { h, icon } from '../../lib/dom.js';
import { formatCount, plural } from '../../lib/format.js';
import { confirmDialog } from '../../lib/modal.js';
import { toast } from '../../lib/toast.js';

/** Asks for a tag, offering the existing ones; resolves to the name, or null. */
async function askTag(n) {
  const asked = confirmDialog({
    title: `Tag ${plural(n, 'contact')}`,
    text: 'Type a tag, new or one you have: these contacts get it, and you can find or send to them by it later.',
    confirmLabel: 'Tag them',
    field: { label: 'Tag', placeholder: 'e.g. interested' },
  });
  // The existing tags, offered as the user types.
  const input = document.getElementById('confirm-input');
  if (input) {
    const list = h('datalist', { id: 'campaign-tag-names' });
    input.setAttribute('list', list.id);
    input.setAttribute('autocomplete', 'off');
    input.after(list);
    listTags().then((tags) => list.replaceChildren(...(tags ?? []).map((t) => h('option', { value: t.name })))).catch(() => {});
  }
  const name = await asked;
  return name ? name : null;
}

/** resultsCard({onFollowUp({campaignId, result, reason, label})}) → {element, update(campaign), destroy()} */
export function resultsCard({ onFollowUp }) {
  const body = h('div', { class: 'list-group list-group-flush' });
  const element = h('section', { id: 'campaign-results', class: 'card mb-3', hidden: true },
    h('div', { class: 'card-header' }, 'Follow up'),
    h('div', { class: 'card-body pb-0' }, h('p', { class: 'text-body-secondary small' },
      'Turn what happened into a tag or a new campaign to the same people.')),
    body);
  let campaign = null;
  let left = false;
  let seq = 0;

  async function tag(group, button) {
    const name = await askTag(group.count);
    if (name === null || left) return;
    button.disabled = true;
    try {
      const done = await tagCampaignResults(campaign.id, group.result, group.reason, name);
      toast.success(`Tagged ${plural(done.contacts, 'contact')} “${done.tag}”${done.added < done.contacts ? ` (${formatCount(done.contacts - done.added)} had it already)` : ''}.`);
    } catch (err) {
      toast.error(err);
    } finally {
      button.disabled = false;
    }
  }

  function row(group, i) {
    const n = group.count;
    const tagButton = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary campaign-result-tag', disabled: n === 0 },
      icon('fa-solid fa-tag me-1'), `Tag these ${plural(n, 'contact')}`);
    tagButton.addEventListener('click', () => tag(group, tagButton));
    const follow = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary campaign-result-follow', disabled: n === 0,
      onclick: () => onFollowUp({ campaignId: campaign.id, result: group.result, reason: group.reason ?? '', label: group.label }) },
    icon('fa-solid fa-reply me-1'), 'Follow up with these');
    return h('div', { class: 'list-group-item d-flex flex-wrap align-items-center gap-2 campaign-result', id: `campaign-result-${i}`,
      dataset: { result: group.result, reason: group.reason ?? '', count: String(n) } },
    h('span', { class: 'me-auto' }, h('span', { class: 'fw-semibold campaign-result-title' }, group.title),
      ' ', h('span', { class: 'badge text-bg-secondary campaign-result-count' }, formatCount(n))),
    tagButton, follow);
  }

  async function load() {
    const mine = ++seq;
    try {
      const groups = await campaignResults(campaign.id);
      if (left || mine !== seq) return;
      body.replaceChildren(...(groups ?? []).map(row));
    } catch (err) {
      if (!left && mine === seq) body.replaceChildren(h('div', { class: 'list-group-item text-danger' }, err?.message ?? String(err)));
    }
  }

  return {
    element,
    /** Shows the groups of campaign c, once it has recipients. */
    update(c) {
      campaign = c;
      element.hidden = !(c.stats?.total > 0);
      if (!element.hidden) load();
    },
    destroy() {
      left = true;
    },
  };
}
