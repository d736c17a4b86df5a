// InboxService: what people write to the linked number, and the answers sent to them.
import * as Inbox from '../../wailsjs/go/inbox/Service.js';

/**
 * A page of conversations, newest first: {items: [{contactId, conversationId, phone, name,
 * inContacts, optedOut, lastText, lastAt, unread, lastFromThem}], total}. contactId is
 * negative for a number that is no contact; totalCapped says a search stopped counting.
 */
export function listConversations({ search = '', unread = false, needsAnswer = false, optedOut = false, campaignId = 0, offset = 0, limit = 50 } = {}) {
  return Inbox.Conversations({ search, unread, needsAnswer, optedOut, campaignId, offset, limit });
}

/** One conversation as the list shows it, by its contactId. */
export function getConversation(contactId) {
  return Inbox.Conversation(contactId);
}

/**
 * A page of a conversation, oldest first within the page, offset counted from the newest:
 * {items: [{id, direction, text, at, state, error, campaignId, campaignName}], total}.
 */
export function conversationMessages(contactId, { offset = 0, limit = 50 } = {}) {
  return Inbox.Messages(contactId, { offset, limit });
}

/** Answers the conversation; returns the answer with its state. */
export function sendAnswer(contactId, text) {
  return Inbox.Send(contactId, text);
}

export function markRead(contactId) {
  return Inbox.MarkRead(contactId);
}

export function markUnread(contactId) {
  return Inbox.MarkUnread(contactId);
}

/** How many conversations are unread. */
export function unreadConversations() {
  return Inbox.Unread();
}

/**
 * Where "Send a test to me" sends: {phone, source ('settings' | 'whatsapp')}; phone is ''
 * when Herald knows no number of the user's.
 */
export function testNumber() {
  return Inbox.TestNumber();
}

/** Sends body, rendered for contactId, to the user's own number, as a test; returns the message. */
export function sendTest(body, contactId) {
  return Inbox.SendTest(body, contactId);
}
