// Templates: the messages you write once and send many times.
import { emptyState } from '../lib/empty.js';

export default {
  id: 'templates',
  title: 'Templates',
  icon: 'fa-solid fa-file-lines',
  render(container) {
    container.append(emptyState({
      icon: 'fa-solid fa-pen-to-square',
      title: 'No messages yet',
      text: [
        'Here you will write the messages you send — once, with blanks such as the customer’s first name that Herald fills in for each person. Writing messages is not available in this version of Herald yet.',
      ],
    }));
  },
};
