// Dashboard: for now a welcome with the first steps; figures arrive with campaigns.
import { emptyState } from '../lib/empty.js';

export default {
  id: 'dashboard',
  title: 'Dashboard',
  icon: 'fa-solid fa-gauge',
  render(container) {
    container.append(emptyState({
      icon: 'fa-solid fa-face-smile',
      title: 'Welcome to Herald',
      text: 'Herald helps you keep in touch with your customers on WhatsApp: your contacts in one place, messages you write once, sent to many people at a pace you choose. Three steps to get going:',
      steps: [
        { text: 'Check your country in Settings, so phone numbers without a country code are read correctly.', href: '#/settings', linkText: 'Open Settings' },
        { text: 'Add your contacts on the Contacts page.', href: '#/contacts', linkText: 'Open Contacts' },
        { text: 'Write a message on the Templates page.', href: '#/templates', linkText: 'Open Templates' },
      ],
    }));
  },
};
