import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Lang } from '../domain/index.ts';

type Parsed = ReturnType<typeof parsePhoneNumberFromString>;
const parse = (from: string | undefined): Parsed => (from ? parsePhoneNumberFromString(from) : undefined);

/**
 * The caller's language from the calling number's country code: +1 → en-US, +44 → en-GB,
 * everything else, unknown and withheld numbers → de-DE. Twilio sends withheld numbers as
 * `anonymous`, `restricted`, `+266696687` and similar; they parse to no country and fall through.
 */
export function languageForNumber(from: string | undefined): Lang {
  return languageOf(parse(from));
}

function languageOf(parsed: Parsed): Lang {
  if (parsed?.countryCallingCode === '1') return 'en-US';
  if (parsed?.countryCallingCode === '44') return 'en-GB';
  return 'de-DE';
}

/**
 * A caller number safe to keep without consent: the country code and the last two digits,
 * e.g. `+49 ••• •• 78`. Withheld or malformed values become `anonymous`.
 */
export function maskNumber(from: string | undefined): string {
  return maskOf(parse(from));
}

function maskOf(parsed: Parsed): string {
  if (!parsed || !parsed.isPossible()) return 'anonymous';
  const national = parsed.nationalNumber;
  return `+${parsed.countryCallingCode} ${'•'.repeat(Math.max(0, national.length - 2))}${national.slice(-2)}`;
}

/** The E.164 form, or null when the value is not a possible phone number. */
export function normalizeNumber(from: string | undefined): string | null {
  return e164Of(parse(from));
}

const e164Of = (parsed: Parsed): string | null => (parsed && parsed.isPossible() ? parsed.number : null);

/** What a webhook needs of the caller's number, from one parse (a few µs each) per request. */
export interface CallerNumber {
  lang: Lang;
  masked: string;
  /** The E.164 form, kept only with the caller's consent. */
  e164: string | null;
}

/**
 * Every webhook of a call carries the same From, and one parse costs ~16 µs (5 % of a webhook's
 * CPU), so the last CALLERS_KEPT numbers' results are kept. They are frozen: callers share them.
 */
const CALLERS_KEPT = 512;
const recentCallers = new Map<string, CallerNumber>();

export function callerNumber(from: string | undefined): CallerNumber {
  const key = from ?? '';
  const kept = recentCallers.get(key);
  if (kept) return kept;
  const parsed = parse(from);
  const caller = Object.freeze({ lang: languageOf(parsed), masked: maskOf(parsed), e164: e164Of(parsed) });
  // A Map iterates in insertion order: the first key is the oldest.
  if (recentCallers.size >= CALLERS_KEPT) recentCallers.delete(recentCallers.keys().next().value!);
  recentCallers.set(key, caller);
  return caller;
}
