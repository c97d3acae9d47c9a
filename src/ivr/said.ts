import { isLang, type Lang } from '../domain/index.ts';
import type { Verb } from './types.ts';

/**
 * What a turn said, as kept in its call event (`detail.said`) for the staff timeline: enough to
 * show the caller's words again, never the words themselves (a locale key is a few bytes, and
 * the page renders it in the language it was spoken in).
 *
 * Stored entries: a locale key in the turn's language (`"consent.ask"`), a key in another
 * language (`{key, lang}`), digits read back (`{digits}`), or a verb without speech (`{verb}`).
 * The order status is stored as the key that was spoken (`"status.shipped"`). A sentence that
 * read a number back keeps it (`{key: "order.not_found", digits: "1234"}`).
 */
export type SaidEntry = string | { key: string; lang?: Lang; digits?: string } | { digits: string } | { verb: string };

/** A stored entry as the page shows it. */
export type SaidItem =
  | { kind: 'prompt'; key: string; lang: Lang | null; digits?: string }
  | { kind: 'digits'; digits: string }
  /** Events written before the spoken status was kept: which status was said is not known. */
  | { kind: 'order_status' }
  | { kind: 'verb'; verb: string };

/**
 * The turn's verbs → what to keep; `statusKey` is the locale key the order status was said with,
 * `statusReadsNumber` whether that sentence read the number back (so it is kept with it).
 */
export function formatSaid(verbs: Verb[], statusKey: string, statusReadsNumber = false): SaidEntry[] {
  const out: SaidEntry[] = [];
  for (const v of verbs) {
    if (v.type === 'say' || v.type === 'gather') {
      for (const s of v.speech) {
        if (s.type === 'text') out.push(s.lang || s.digits ? { key: s.key, ...(s.lang && { lang: s.lang }), ...(s.digits && { digits: s.digits }) } : s.key);
        else if (s.type === 'digits') out.push({ digits: s.value });
        else out.push(s.digits && statusReadsNumber ? { key: statusKey, digits: s.digits } : statusKey);
      }
    } else out.push({ verb: v.type });
  }
  return out;
}

const LEGACY_DIGITS = /^<digits:(\d*)>$/;
const LEGACY_VERB = /^<([a-z_]+)>$/;
/** The verbs without speech a turn can end in (Verb types other than say and gather). */
const VERBS = new Set(['hangup', 'connect_ai', 'dial', 'record']);
const KEY = /^[a-z_]+(\.[a-z_]+)*$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * A stored `detail.said` → items to show. Also reads the tokens older events carry
 * (`<digits:4711>`, `<order_status>`, `<hangup>`); anything unrecognised is left out.
 */
export function parseSaid(value: unknown): SaidItem[] {
  if (!Array.isArray(value)) return [];
  const out: SaidItem[] = [];
  for (const e of value) {
    if (typeof e === 'string') {
      const digits = LEGACY_DIGITS.exec(e);
      const verb = LEGACY_VERB.exec(e);
      if (digits) out.push({ kind: 'digits', digits: digits[1]! });
      else if (e === '<order_status>') out.push({ kind: 'order_status' });
      else if (verb && VERBS.has(verb[1]!)) out.push({ kind: 'verb', verb: verb[1]! });
      else if (KEY.test(e)) out.push({ kind: 'prompt', key: e, lang: null });
    } else if (isRecord(e)) {
      const digits = typeof e.digits === 'string' && /^\d*$/.test(e.digits) ? e.digits : undefined;
      if (typeof e.key === 'string' && KEY.test(e.key)) out.push({ kind: 'prompt', key: e.key, lang: isLang(e.lang) ? e.lang : null, ...(digits !== undefined && { digits }) });
      else if (digits !== undefined) out.push({ kind: 'digits', digits });
      else if (typeof e.verb === 'string' && VERBS.has(e.verb)) out.push({ kind: 'verb', verb: e.verb });
    }
  }
  return out;
}

/** A said item as the staff page shows it: the sentence in the language it was spoken in. */
export type HeardLine =
  | { kind: 'speech'; text: string; lang: Lang }
  | { kind: 'digits'; digits: string }
  | { kind: 'order_status' }
  | { kind: 'verb'; verb: string };

/** What the caller heard in one turn; `lang` is the turn's language (older events: the call's). */
export function heardLines(said: unknown, lang: Lang, text: (lang: Lang, key: string) => string): HeardLine[] {
  return parseSaid(said).map((s): HeardLine => {
    if (s.kind !== 'prompt') return s;
    const l = s.lang ?? lang;
    // The number as it was heard: digit by digit.
    const sentence = text(l, s.key);
    return { kind: 'speech', text: s.digits ? sentence.replace('{{number}}', s.digits.split('').join(' ')) : sentence, lang: l };
  });
}
