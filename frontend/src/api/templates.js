// TemplateService: the messages campaigns send, their validation and previews.
import * as Templates from '../../wailsjs/go/templates/Service.js';

/**
 * One page of templates by name and the total matching: query {search, kind, offset, limit}
 * → {items: [Template], total}. kind '' lists the messages campaigns send, 'quick_reply' the
 * inbox's quick replies, 'all' both. A Template is {id, name, body, category ('marketing' |
 * 'utility'), kind ('message' | 'quick_reply'), mediaPath, mediaType ('' | 'image' | 'video' |
 * 'audio' | 'document'), createdAt, updatedAt, problems: [{start, end, message}], usable}.
 */
export function listTemplates({ search = '', kind = '', offset = 0, limit = 50 } = {}) {
  return Templates.List({ search, kind, offset, limit });
}

export function getTemplate(id) {
  return Templates.Get(id);
}

/** Saves a new template; a body with problems is saved as a draft (usable: false). */
export function createTemplate(template) {
  return Templates.Create(template);
}

/** Saves name, body and category of template.id; media changes go through attachMedia. */
export function updateTemplate(template) {
  return Templates.Update(template);
}

/** Copies a template as "<name> (copy)". */
export function duplicateTemplate(id) {
  return Templates.Duplicate(id);
}

export function deleteTemplate(id) {
  return Templates.Delete(id);
}

/** The body's problems, [{start, end, message}], positions in code points (Array.from(body)). */
export function validateBody(body) {
  return Templates.Validate(body);
}

/** What the contact would receive: {text, problems}; text is '' when they cannot be sent it. */
export function previewBody(body, contactId) {
  return Templates.Preview(body, contactId);
}

/** What someone who is no contact would receive, only their number known: {text, problems}. */
export function previewNumber(body, phone) {
  return Templates.PreviewNumber(body, phone);
}

/** The first n reachable contacts by name with their texts: [{contactId, name, phone, text, problems}]. */
export function previewAudience(body, n) {
  return Templates.PreviewAudience(body, n);
}

/** The variable names the editor offers: name, first_name, …, custom.<key> for each custom field. */
export function templateVariables() {
  return Templates.Variables();
}

/** Copies the file at path (a local path, or what an upload returned) into Herald and attaches it. */
export function attachMedia(id, path) {
  return Templates.AttachMedia(id, path);
}

export function removeMedia(id) {
  return Templates.RemoveMedia(id);
}
