import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { UiLang } from '../i18n/index.ts';
import { STAFF_TZ } from './time.ts';

const locale = (lang: UiLang) => (lang === 'de' ? 'de-DE' : 'en-GB');
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: UiLang, kind: 'datetime' | 'date' | 'time' | 'day'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'datetime' ? { dateStyle: 'medium', timeStyle: 'medium' }
      : kind === 'date' ? { dateStyle: 'medium' }
      : kind === 'time' ? { timeStyle: 'medium' }
      : { day: 'numeric', month: 'numeric' };
    f = new Intl.DateTimeFormat(locale(lang), { ...opts, timeZone: STAFF_TZ });
    cache.set(key, f);
  }
  return f;
}

/** Staff see every time in their language and on Berlin's clock, whatever the server's zone. */
export const formatDateTime = (d: Date, lang: UiLang) => fmt(lang, 'datetime').format(d);
export const formatDate = (d: Date, lang: UiLang) => fmt(lang, 'date').format(d);
export const formatTime = (d: Date, lang: UiLang) => fmt(lang, 'time').format(d);
/** `YYYY-MM-DD` → a short day label such as `20.11.` or `20/11`. */
export const formatDayLabel = (day: string, lang: UiLang) => fmt(lang, 'day').format(new Date(`${day}T12:00:00Z`));

export function formatDuration(seconds: number | null): string {
  if (seconds == null) return '–';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

// Building an Intl.NumberFormat costs ~0.1 ms, formatting with one ~1 µs: the dashboard formats a
// few hundred numbers, so each formatter is built once per language and kind.
const numberFormats = new Map<string, Intl.NumberFormat>();
export function numberFormat(loc: string, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${loc} ${key}`;
  let f = numberFormats.get(k);
  if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(loc, opts)));
  return f;
}

export const formatNumber = (n: number, lang: UiLang, digits = 0) =>
  numberFormat(locale(lang), `fixed ${digits}`, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);

export const formatPercent = (ratio: number, lang: UiLang) => numberFormat(locale(lang), 'percent', { style: 'percent', maximumFractionDigits: 0 }).format(ratio);

/** A stored E.164 number in international format (`+49 151 12345678`); anything else as given. */
export function formatPhone(full: string | null, masked: string): string {
  if (!full) return masked;
  return parsePhoneNumberFromString(full)?.formatInternational() ?? full;
}
