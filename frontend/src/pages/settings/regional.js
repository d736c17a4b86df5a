// The time zone and the language of dates and numbers, first asked in the welcome step.
import { countries, setSetting } from '../../api/settings.js';
import { h, icon } from '../../lib/dom.js';
import { browserLocale, browserZone, preferences } from '../../lib/preferences.js';
import { regionalFields } from '../../lib/regional.js';
import { toast } from '../../lib/toast.js';

export const ZONE_KEY = 'timeZone';
export const LOCALE_KEY = 'locale';

/** regionalCard() → {element, show(key, value)}: show follows a change made elsewhere. */
export async function regionalCard() {
  const list = (await countries()) ?? [];
  const prefs = preferences();
  const fields = regionalFields({ prefix: 'settings', countries: list, zone: prefs.timeZone || browserZone(), locale: prefs.locale || browserLocale() });
  const save = h('button', { id: 'save-regional', type: 'button', class: 'btn btn-primary' }, 'Save');
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await setSetting(ZONE_KEY, fields.zone.picker.value);
      await setSetting(LOCALE_KEY, fields.locale.picker.value);
      toast.success('Saved. Times and numbers now follow your choice.');
    } catch (err) {
      toast.error(err);
    } finally {
      save.disabled = false;
    }
  });
  const element = h('section', { class: 'card mb-3', 'data-card': 'regional' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-earth-americas me-2'), 'Time and language'),
    h('div', { class: 'card-body' }, fields.zone.element, fields.locale.element, save));
  return {
    element,
    show(key, value) {
      if (key === ZONE_KEY) fields.zone.picker.value = value || browserZone();
      else if (key === LOCALE_KEY) fields.locale.picker.value = value || browserLocale();
      else return;
      fields.showSample();
    },
  };
}
