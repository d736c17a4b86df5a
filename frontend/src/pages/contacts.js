// Contacts: the people Herald can send messages to.
import { emptyState } from '../lib/empty.js';

export default {
  id: 'contacts',
  title: 'Contacts',
  icon: 'fa-solid fa-address-book',
  render(container) {
    container.append(emptyState({
      icon: 'fa-solid fa-address-book',
      title: 'No contacts yet',
      text: [
        'This is where the names and phone numbers of your customers will be kept, so you can send them messages. Adding contacts, or bringing them in from a spreadsheet or your phone’s address book, is not available in this version of Herald yet.',
      ],
      steps: [
        { text: 'Meanwhile, check your country in Settings: Herald uses it for phone numbers written without a country code.', href: '#/settings', linkText: 'Open Settings' },
      ],
    }));
  },
};
