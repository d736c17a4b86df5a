// Settings: the default country for phone numbers, the time zone and language of dates and
// numbers, the replies that opt a contact out, the number tests go to and the reply keywords
// that tag contacts, notices, backups and restores, the WhatsApp simulator (in practice mode
// only), where Herald keeps its data, and About (version and licences).
import { appInfo, countries, getSetting, setSetting } from '../api/settings.js';
import { on } from '../api/events.js';
import { drivers } from '../api/whatsapp.js';
import { onDriver } from '../lib/connection.js';
import { h, icon } from '../lib/dom.js';
import { countryName } from '../lib/format.js';
import { countryOptions } from '../lib/regional.js';
import { toast } from '../lib/toast.js';
import { aboutCard } from './settings/about.js';
import { regionalCard } from './settings/regional.js';
import { simulationCard } from './settings/simulation.js';
import { OPT_OUT_KEY, optOutCard } from './settings/optout.js';
import { inboxCard } from './settings/inbox.js';
import { notificationsCard } from './settings/notifications.js';
import { backupCard } from './settings/backup.js';
import { restoreCard } from './settings/restore.js';

const COUNTRY_KEY = 'defaultCountry';

function card(title, iconClass, ...body) {
  return h('section', { class: 'card mb-3' },
    h('div', { class: 'card-header' }, icon(`${iconClass} me-2`), title),
    h('div', { class: 'card-body' }, ...body));
}

function countryCard(list, current) {
  const select = h('select', { id: 'default-country', class: 'form-select' },
    !current && h('option', { value: '', disabled: true }, 'Choose your country'),
    countryOptions(list).map(({ value, label }) => h('option', { value }, label)));
  select.value = current ?? '';

  const save = h('button', { id: 'save-settings', type: 'button', class: 'btn btn-primary' }, 'Save');
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await setSetting(COUNTRY_KEY, select.value);
      toast.success(`Saved. Your country is now ${countryName(select.value)}.`);
    } catch (err) {
      toast.error(err);
    } finally {
      save.disabled = false;
    }
  });

  const element = card('Phone numbers', 'fa-solid fa-phone',
    h('label', { for: 'default-country', class: 'form-label' }, 'Your country'),
    h('div', { class: 'settings-country' }, select, save),
    h('div', { class: 'form-text' },
      'When a phone number is written without a country code (for example 07700 900123), Herald reads it as a number from this country.'));
  return { element, select };
}

function copyButton(value) {
  if (!navigator.clipboard) return null;
  return h('button', {
    type: 'button',
    class: 'btn btn-sm btn-outline-secondary',
    title: 'Copy',
    'aria-label': 'Copy',
    onclick: () => navigator.clipboard.writeText(value).then(() => toast.success('Copied.'), toast.error),
  }, icon('fa-solid fa-copy'));
}

function dataCard(info) {
  const row = (label, value) => [
    h('dt', { class: 'col-sm-3' }, label),
    h('dd', { class: 'col-sm-9 d-flex align-items-center gap-2' },
      h('code', { class: 'settings-path' }, value), copyButton(value)),
  ];
  return card('Your data', 'fa-solid fa-folder-open',
    h('p', {}, 'Herald keeps everything in this folder. Backups of it are made under Backups, while Herald runs.'),
    h('dl', { class: 'row mb-0 align-items-center' },
      row('Data folder', info.dataDir),
      row('Database file', info.database),
      row('Log file', info.logFile)));
}

export default {
  id: 'settings',
  title: 'Settings',
  icon: 'fa-solid fa-gear',
  async render(container) {
    // One card failing to load should not hide the other. The simulator's settings mean
    // something only in practice mode.
    const practice = (list) => (list ?? []).some((d) => d.active && d.name === 'simulator');
    const [choice, regional, info, simulation, optOut, inbox, notifications, backups, restore] = await Promise.allSettled([
      Promise.all([countries(), getSetting(COUNTRY_KEY)]),
      regionalCard(),
      appInfo(),
      drivers().then((list) => (practice(list) ? simulationCard() : null)),
      optOutCard(),
      inboxCard(),
      notificationsCard(),
      backupCard(),
      restoreCard(),
    ]);
    let country = null;
    if (choice.status === 'fulfilled') {
      const [list, current] = choice.value;
      country = countryCard(list ?? [], current);
      container.append(country.element);
    } else {
      toast.error(choice.reason);
    }
    if (regional.status === 'fulfilled') container.append(regional.value.element);
    else toast.error(regional.reason);
    if (optOut.status === 'fulfilled') container.append(optOut.value.element);
    else toast.error(optOut.reason);
    if (inbox.status === 'fulfilled') container.append(inbox.value.element);
    else toast.error(inbox.reason);
    if (notifications.status === 'fulfilled') container.append(notifications.value.element);
    else toast.error(notifications.reason);
    if (backups.status === 'fulfilled') container.append(backups.value.element);
    else toast.error(backups.reason);
    if (restore.status === 'fulfilled') container.append(restore.value.element);
    else toast.error(restore.reason);
    // The simulation card keeps its place, and follows a switch made in another window.
    const simulationSlot = h('div', { id: 'simulation-slot' });
    container.append(simulationSlot);
    if (simulation.status === 'fulfilled') simulationSlot.replaceChildren(simulation.value ?? '');
    else toast.error(simulation.reason);
    let left = false;
    const stopDriver = onDriver(async (name) => {
      if (!name) return;
      simulationSlot.hidden = name !== 'simulator';
      if (name !== 'simulator' || simulationSlot.querySelector('#simulation')) return;
      try {
        const card = await simulationCard();
        if (!left && !simulationSlot.querySelector('#simulation')) simulationSlot.replaceChildren(card);
      } catch (err) {
        if (!left) toast.error(err);
      }
    });
    if (info.status === 'fulfilled') container.append(dataCard(info.value), aboutCard(info.value));
    else toast.error(info.reason);

    // Keep the choice in step when it changes elsewhere (another window, a browser tab).
    const stopSettings = on('settings:changed', ({ key, value } = {}) => {
      if (key === COUNTRY_KEY && country) country.select.value = value;
      if (key === OPT_OUT_KEY && optOut.status === 'fulfilled') optOut.value.input.value = value;
      if (regional.status === 'fulfilled') regional.value.show(key, value);
      if (inbox.status === 'fulfilled') inbox.value.show(key, value);
    });
    return () => {
      left = true;
      stopSettings();
      stopDriver();
    };
  },
};
