// The pages in navigation order; the first is the default.
import dashboard from './dashboard.js';
import contacts from './contacts.js';
import templates from './templates.js';
import campaigns from './campaigns.js';
import inbox from './inbox.js';
import activity from './activity.js';
import whatsapp from './whatsapp.js';
import settings from './settings.js';

export const pages = [dashboard, contacts, templates, campaigns, inbox, activity, whatsapp, settings];
