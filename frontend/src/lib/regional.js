// The choices of country, time zone and language of dates and numbers, in words people
// read ("Mexico (+52)", "Mexico City (UTC−06:00)", "Spanish (Mexico)"), for the welcome
// step, Settings and the campaign wizard. Zones come from the engine's own list
// (Intl.supportedValuesOf), so nothing here needs the network or a list kept by hand.
import { h } from './dom.js';
import { countryName } from './format.js';
import { searchPicker } from './picker.js';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard' });

/** A zone's offset from UTC at date, in minutes east and as "UTC−06:00". */
function offsetOf(zone, date) {
  let name = 'GMT';
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  } catch {
    return null;
  }
  const m = /^GMT([+\-−])(\d{1,2}):?(\d{2})?$/.exec(name);
  const minutes = m ? (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  const abs = Math.abs(minutes);
  const text = `UTC${minutes < 0 ? '−' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { minutes, text };
}

/** A zone for people: {value: "America/Mexico_City", label: "Mexico City (UTC−06:00)", hint: "America"}. */
export function zoneOption(zone, date = new Date()) {
  const offset = offsetOf(zone, date);
  if (!offset) return null;
  const parts = zone.split('/');
  const place = parts.length > 1 ? parts.at(-1).replaceAll('_', ' ') : zone;
  return { value: zone, label: `${place} (${offset.text})`, hint: parts.slice(0, -1).join(' / ').replaceAll('_', ' '), minutes: offset.minutes };
}

const byOffset = (a, b) => a.minutes - b.minutes || a.label.localeCompare(b.label, 'en');

// Reading every zone's offset takes a noticeable moment; offsets change only at the
// clock changes, so the list is kept for an hour.
const ZONES_KEPT_MS = 60 * 60 * 1000;
const zones = { until: 0, list: [] };

function everyZone() {
  const now = new Date();
  if (now.getTime() < zones.until) return zones.list;
  let names = [];
  try {
    names = Intl.supportedValuesOf('timeZone');
  } catch {
    names = [];
  }
  zones.list = [...new Set([...names, 'UTC'])].map((zone) => zoneOption(zone, now)).filter(Boolean).sort(byOffset);
  zones.until = now.getTime() + ZONES_KEPT_MS;
  return zones.list;
}

/** Every zone the engine knows, plus extra ones (a saved choice, the computer's), west to east. */
export function zoneOptions(extra = []) {
  const list = everyZone();
  const known = new Set(list.map((o) => o.value));
  const more = [...new Set(extra)].filter((zone) => zone && !known.has(zone)).map((zone) => zoneOption(zone)).filter(Boolean);
  return more.length ? [...list, ...more].sort(byOffset) : list;
}

/** The countries of SettingsService.Countries as {value: "MX", label: "Mexico (+52)", hint: "MX"}, by name. */
export function countryOptions(countries) {
  return countries
    .map(({ code, callingCode }) => ({ value: code, label: `${countryName(code)} (+${callingCode})`, hint: code }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en'));
}

/** A language of dates and numbers in words, e.g. "es-MX" -> "Spanish (Mexico)". */
export function localeName(tag) {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The languages of the countries' people, plus extra ones, as {value: "es-MX", label: "Spanish (Mexico)", hint: "es-MX"}. */
export function localeOptions(countries, extra = []) {
  const tags = new Set([...countries.map((c) => c.locale), ...extra].filter(Boolean).flatMap((tag) => {
    try {
      return Intl.getCanonicalLocales(tag);
    } catch {
      return [];
    }
  }));
  return [...tags].map((tag) => ({ value: tag, label: localeName(tag), hint: tag }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en'));
}

/** How a date and a number read in locale, e.g. "3 Dec 2026, 14:05 · 12,345.67". */
export function localeSample(locale, zone) {
  const date = new Date(Date.UTC(2026, 11, 3, 20, 5));
  try {
    const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(date);
    return `${when} · ${new Intl.NumberFormat(locale).format(12345.67)}`;
  } catch {
    return '';
  }
}

/** The country a browser language names ("es-MX" -> "MX"), or '' when it names none. */
export function regionOf(locale) {
  try {
    return new Intl.Locale(locale).region ?? '';
  } catch {
    return '';
  }
}

/** A searchable list of time zones (see searchPicker), with value among them. */
export function zonePicker({ id, value, onChange, describedBy }) {
  return searchPicker({ id, options: zoneOptions([value]), value, onChange, describedBy, placeholder: 'e.g. Mexico City, Madrid, UTC' });
}

/**
 * The three fields of the welcome step and Settings, each a labelled searchable list:
 * regionalFields({prefix, countries, country, zone, locale}) → {country, zone, locale}
 * (each {element, picker}); country is null when `country` is undefined. The locale
 * field shows how a date and a number read in the language chosen.
 */
export function regionalFields({ prefix, countries, country, zone, locale }) {
  const field = (name, label, picker, ...help) => ({
    picker,
    element: h('div', { class: 'mb-3' },
      h('label', { class: 'form-label', for: `${prefix}-${name}-search` }, label), picker.element,
      help.length ? h('div', { class: 'form-text', id: `${prefix}-${name}-help` }, ...help) : null),
  });
  const sample = h('span', { id: `${prefix}-locale-sample`, class: 'text-body-emphasis' });
  const zones = zonePicker({ id: `${prefix}-zone`, value: zone, describedBy: `${prefix}-zone-help`, onChange: () => showSample() });
  const locales = searchPicker({ id: `${prefix}-locale`, options: localeOptions(countries, [locale, ...(navigator.languages ?? [])]), value: locale,
    describedBy: `${prefix}-locale-help`, placeholder: 'e.g. Spanish (Mexico)', onChange: () => showSample() });
  function showSample() {
    sample.textContent = localeSample(locales.value, zones.value);
  }
  showSample();
  return {
    country: country === undefined ? null : field('country', 'Your country',
      searchPicker({ id: `${prefix}-country`, options: countryOptions(countries), value: country, describedBy: `${prefix}-country-help`, placeholder: 'e.g. Mexico' }),
      'Phone numbers written without a country code, such as 55 1234 5678, are read as numbers from this country.'),
    zone: field('zone', 'Your time zone', zones, 'Campaigns are scheduled in this zone unless you choose another, and times are shown in it.'),
    locale: field('locale', 'Dates and numbers', locales, 'Written like this: ', sample),
    showSample,
  };
}
