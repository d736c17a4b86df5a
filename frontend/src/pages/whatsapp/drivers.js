// Which WhatsApp Herald uses: your own phone (real messages to real people) or the
// simulator (practice: nothing reaches a phone). Switching asks first, and a refusal (a
// campaign is sending) is shown here in the backend's words.
import { useDriver } from '../../api/whatsapp.js';
import { onDriver } from '../../lib/connection.js';
import { h, icon } from '../../lib/dom.js';
import { confirmDialog } from '../../lib/modal.js';

// What each driver is called on this page, and what choosing it means. Names the backend
// adds later are shown with their own label.
const CHOICES = {
  whatsapp: {
    title: 'Link your phone',
    icon: 'fa-solid fa-mobile-screen-button',
    text: 'Campaigns send real messages from your own WhatsApp number, which Herald joins as a linked device, as WhatsApp Desktop does.',
    confirm: {
      title: 'Use your phone?',
      text: [
        'From now on campaigns send real messages to real people from your own WhatsApp number. New campaigns start from a slower, safer pace than in practice.',
        'Campaigns already scheduled keep the pace they were saved with: open them and check it before they start.',
        'The simulator keeps its practice link: you can come back to it at any time.',
      ],
      label: 'Use my phone',
    },
  },
  simulator: {
    title: 'Practice with the simulator',
    icon: 'fa-solid fa-flask',
    text: 'Try campaigns without sending anything: a simulated WhatsApp takes the messages, with its delays, failures and replies.',
    confirm: {
      title: 'Switch to practice mode?',
      text: [
        'From now on campaigns go to the simulator: nothing reaches a real phone.',
        'Your phone stays linked; Herald disconnects from it until you switch back.',
      ],
      label: 'Practise',
    },
  },
};
const ORDER = ['whatsapp', 'simulator'];

/** driversCard() → {element, destroy()}. */
export function driversCard() {
  const error = h('div', { id: 'wa-driver-error', class: 'alert alert-danger py-2 mb-3', role: 'alert', hidden: true });
  const list = h('div', { id: 'wa-drivers', class: 'wa-drivers' });
  const element = h('section', { class: 'card mb-3', id: 'wa-driver-card' },
    h('div', { class: 'card-header' }, icon('fa-solid fa-right-left me-2'), 'Which WhatsApp Herald uses'),
    h('div', { class: 'card-body' }, error, list));
  let busy = false;

  async function choose(driver) {
    const words = CHOICES[driver.name]?.confirm ?? { title: `Switch to “${driver.label}”?`, text: [], label: 'Switch' };
    const yes = await confirmDialog({ title: words.title, text: words.text, confirmLabel: words.label });
    if (yes === null) return;
    busy = true;
    error.hidden = true;
    draw(current);
    try {
      await useDriver(driver.name);
    } catch (err) {
      // The refusal is part of the page, not a passing toast: it says what to do first.
      error.textContent = err?.message ?? String(err);
      error.hidden = false;
    } finally {
      busy = false;
      draw(current);
    }
  }

  function tile(driver) {
    const words = CHOICES[driver.name] ?? { title: driver.label, icon: 'fa-solid fa-plug', text: '' };
    const button = h('button', { type: 'button', id: `wa-use-${driver.name}`, class: 'btn btn-sm btn-outline-primary',
      hidden: driver.active, disabled: busy, onclick: () => choose(driver) }, 'Use this');
    return h('div', { class: 'wa-driver', dataset: { driver: driver.name, active: String(driver.active) }, 'aria-current': driver.active ? 'true' : false },
      h('div', { class: 'd-flex align-items-center gap-2 mb-1' },
        icon(`${words.icon} fa-fw`), h('h3', { class: 'h6 mb-0' }, words.title),
        driver.active ? h('span', { class: 'badge text-bg-success ms-auto' }, 'In use') : null),
      h('p', { class: 'small text-body-secondary mb-2' }, words.text),
      button);
  }

  let current = [];
  function draw(drivers) {
    current = drivers;
    const sorted = [...drivers].sort((a, b) => rank(a.name) - rank(b.name));
    list.replaceChildren(...sorted.map(tile));
    element.hidden = drivers.length === 0;
  }
  const rank = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

  const stop = onDriver((_, drivers) => draw(drivers));
  return { element, destroy: stop };
}
