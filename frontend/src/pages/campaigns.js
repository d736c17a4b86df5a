// Campaigns: one message sent to a group of contacts, now or later.
import { emptyState } from '../lib/empty.js';

export default {
  id: 'campaigns',
  title: 'Campaigns',
  icon: 'fa-solid fa-paper-plane',
  render(container) {
    container.append(emptyState({
      icon: 'fa-solid fa-paper-plane',
      title: 'No campaigns yet',
      text: [
        'A campaign sends one of your messages to a group of your contacts, straight away or at a time you choose, and shows you who received and read it. Sending campaigns is not available in this version of Herald yet.',
      ],
      steps: [
        { text: 'Everything that has happened in Herald so far is listed on the Activity page.', href: '#/activity', linkText: 'Open Activity' },
      ],
    }));
  },
};
