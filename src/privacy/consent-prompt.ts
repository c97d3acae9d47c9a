// What a caller agreed to, as evidence (issue 15 point 2): the consent question exactly as spoken,
// identified by its hash, so a change of the locale text is a new version without anyone noting it.
import type { Lang } from '../domain/index.ts';

export interface ConsentPromptText {
  language: Lang;
  /** SHA-256 (hex) of `text`. */
  hash: string;
  text: string;
}

/** The locale keys whose sentences make up the consent question (src/ivr/flow.ts, node `consent`). */
export const CONSENT_PROMPT_KEYS = ['consent.ask'] as const;

/** The question as the caller heard it in `lang`, with its hash (Web Crypto: the edge also runs on Deno). */
export async function consentPromptText(lang: Lang, say: (lang: Lang, key: string) => string): Promise<ConsentPromptText> {
  const text = CONSENT_PROMPT_KEYS.map((k) => say(lang, k)).join(' ');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { language: lang, hash, text };
}
