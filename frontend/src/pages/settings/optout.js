// The replies that opt a contact out of every future campaign.
import { getSetting, setSetting } from '../../api/settings.js';
import { h, icon } from '../../lib/dom.js';
import { toast } from '../../lib/toast.js';

export const OPT_OUT_KEY = 'optOutWords';

// Herald's own list (backend/campaigns.DefaultOptOutWords), used while the setting is empty.
const DEFAULT_WORDS = 'STOP, UNSUBSCRIBE, STOP ALL, CANCEL, END, QUIT, OPT OUT, BAJA, PARAR, SAIR, ARRÊT, STOPP, ABMELDEN';

export async function optOutCard() {
  const current = await getSetting(OPT_OUT_KEY);
  const input = h('input', {
    id: 'opt-out-words', class: 'form-control', type: 'text', maxlength: 2000,
    placeholder: DEFAULT_WORDS, 'aria-describedby': 'opt-out-help',
  });
  input.value = current ?? '';
  const save = h('button', { id: 'save-opt-out', type: 'button', class: 'btn btn-primary' }, 'Save');
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await setSetting(OPT_OUT_KEY, input.value);
      toast.success(input.value.trim() ? 'Saved. These replies now opt a contact out.' : "Saved. Herald's own list is used.");
    } catch (err) {
      toast.error(err);
    } finally {
      save.disabled = false;
    }
  });
  const element = h('section', { class: 'card mb-3', 'data-card': 'opt-out' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-hand me-2'), 'Opt-out replies'),
    h('div', { class: 'card-body' },
      h('label', { for: 'opt-out-words', class: 'form-label' }, 'Replies that opt a contact out'),
      h('div', { class: 'settings-country' }, input, save),
      h('div', { id: 'opt-out-help', class: 'form-text' },
        'Words or phrases separated by commas. When a contact replies with one of them (the whole message, or its first words, in any case), ',
        'Herald opts the contact out of every future campaign and notes why. Leave empty to use Herald’s own list: ', DEFAULT_WORDS, '.')));
  return { element, input };
}
