// Phone numbers as people read them. Herald stores and exports E.164 (+4915123456789);
// screens show the international format (+49 1512 3456789) with the country on hover.
// Inputs keep what the user typed: only stored numbers go through here.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { escapeHtml } from './datatable.js';
import { h } from './dom.js';
import { countryName } from './format.js';

/**
 * describePhone('+4915123456789') → {text: '+49 1512 3456789', country: 'Germany'}.
 * A number the metadata cannot read comes back as it is, with no country.
 */
export function describePhone(e164) {
  const raw = String(e164 ?? '');
  const parsed = raw ? parsePhoneNumberFromString(raw) : undefined;
  if (!parsed) return { text: raw, country: '' };
  // A number outside every known range (a test number, say) still has a calling
  // code: its main country is the best guess there is.
  const code = parsed.country ?? parsed.getPossibleCountries()[0];
  return { text: parsed.formatInternational(), country: code ? countryName(code) : '' };
}

/** The number as people write it: '+4915123456789' → '+49 1512 3456789'. */
export function formatPhone(e164) {
  return describePhone(e164).text;
}

// A number in running text: a plus and 7 to 15 digits, as E.164 has them.
const E164_IN_TEXT = /\+\d{7,15}\b/g;

/**
 * Text with every E.164 number in it formatted: 'Added +4915123456789' → 'Added +49 1512 3456789',
 * with no-break spaces so that a line never ends inside a number.
 */
export function formatPhonesIn(text) {
  return String(text ?? '').replace(E164_IN_TEXT, (number) => formatPhone(number).replaceAll(' ', '\u00a0'));
}

// A number as people write it in a sentence: a plus, digits and single spaces.
const WRITTEN_NUMBER = /\+\d+(?: \d+)+/g;

/**
 * Text with the spaces inside each written number made no-break: 'like +1 201 555 0123.' keeps
 * the number on one line.
 */
export function keepNumbersWhole(text) {
  return String(text ?? '').replace(WRITTEN_NUMBER, (number) => number.replaceAll(' ', '\u00a0'));
}

/** A <span class="phone"> with the formatted number and its country as the tooltip. */
export function phoneElement(e164) {
  const { text, country } = describePhone(e164);
  return h('span', { class: 'phone', title: country || null, dataset: { phone: String(e164 ?? '') } }, text);
}

/** phoneElement as escaped HTML, for DataTables renderers. */
export function phoneHtml(e164) {
  const { text, country } = describePhone(e164);
  const title = country ? ` title="${escapeHtml(country)}"` : '';
  return `<span class="phone"${title} data-phone="${escapeHtml(e164)}">${escapeHtml(text)}</span>`;
}
