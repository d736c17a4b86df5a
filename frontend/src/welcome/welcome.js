// The welcome step: on a fresh data folder, before the first page is used, Herald asks for
// the country (to read phone numbers written without a country code), the time zone and
// the language of dates and numbers, guessed from the computer and the browser. Asked once;
// the answers can be changed in Settings.
import { countries as listCountries, welcome } from '../api/settings.js';
import { h, icon } from '../lib/dom.js';
import { createModal } from '../lib/modal.js';
import { browserLocale, browserZone, updatePreferences } from '../lib/preferences.js';
import { regionalFields, regionOf } from '../lib/regional.js';
import { toast } from '../lib/toast.js';

/**
 * The guesses: the country the browser's language names, else the one Herald read from the
 * computer's locale; the zone and language already chosen, else the browser's.
 */
function guesses(prefs, countries) {
  const known = new Set(countries.map((c) => c.code));
  const region = regionOf(browserLocale());
  return {
    country: known.has(region) ? region : prefs.country,
    zone: prefs.timeZone || browserZone(),
    locale: prefs.locale || browserLocale(),
  };
}

/** Shows the welcome step; resolves once it is answered. */
export async function showWelcome(prefs) {
  const countries = (await listCountries()) ?? [];
  const guess = guesses(prefs, countries);
  const fields = regionalFields({ prefix: 'welcome', countries, country: guess.country, zone: guess.zone, locale: guess.locale });
  const save = h('button', { type: 'button', id: 'welcome-save', class: 'btn btn-primary' }, icon('fa-solid fa-check me-2'), 'Start using Herald');
  const dialog = createModal({
    id: 'welcome-modal',
    title: 'Welcome to Herald',
    static: true,
    body: [
      h('p', {}, 'Three things Herald cannot be sure of. We guessed them from this computer: check them, then start. You can change them later in Settings.'),
      fields.country.element, fields.zone.element, fields.locale.element,
    ],
    footer: [save],
  });
  // Answering is the only way on: the step is asked once, and an answer is what ends it.
  dialog.el.querySelector('.btn-close')?.remove();
  // Short enough not to scroll; unclipped, the open lists can reach past the dialog's body.
  dialog.el.querySelector('.modal-dialog').classList.remove('modal-dialog-scrollable');
  return new Promise((resolve) => {
    save.addEventListener('click', async () => {
      const answers = { country: fields.country.picker.value, timeZone: fields.zone.picker.value, locale: fields.locale.picker.value };
      save.disabled = true;
      try {
        await welcome(answers);
        updatePreferences({ ...answers, welcomed: true });
        dialog.el.addEventListener('hidden.bs.modal', () => { dialog.destroy(); resolve(); }, { once: true });
        dialog.hide();
      } catch (err) {
        toast.error(err);
        save.disabled = false;
      }
    });
    // 'asking' once the dialog is fully open and has taken the focus.
    dialog.el.addEventListener('shown.bs.modal', () => { document.documentElement.dataset.welcome = 'asking'; }, { once: true });
    dialog.show();
  });
}
