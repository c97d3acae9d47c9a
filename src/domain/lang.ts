// The languages a call runs in: chosen from the caller's number, switchable at the consent
// question. Every layer speaks of them (IVR prompts, TwiML voices, config, pages, the AI leg).

export const LANGS = ['de-DE', 'en-GB', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}
