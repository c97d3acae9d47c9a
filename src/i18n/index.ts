import i18next, { type i18n, type TFunction } from 'i18next';
// Imported statically (not read from disk) so Deno and bundlers see the files.
import deAdmin from '../../locales/de/admin.json' with { type: 'json' };
import deIvr from '../../locales/de/ivr.json' with { type: 'json' };
import enAdmin from '../../locales/en/admin.json' with { type: 'json' };
import enGbIvr from '../../locales/en-GB/ivr.json' with { type: 'json' };
import enUsIvr from '../../locales/en-US/ivr.json' with { type: 'json' };
import type { Lang } from '../domain/index.ts';

/**
 * Staff pages come in `de` and `en`; callers hear `de` (i18next resolves `de-DE` to it), `en-GB`
 * and `en-US`, each a complete prompt file of its own (the pound key, American wording).
 */
export const resources = {
  de: { ivr: deIvr, admin: deAdmin },
  en: { admin: enAdmin },
  'en-GB': { ivr: enGbIvr },
  'en-US': { ivr: enUsIvr },
} as const;

/** The prompt file of each caller language (the static test checks every key in each). */
export const IVR_PROMPTS: Record<Lang, unknown> = { 'de-DE': deIvr, 'en-GB': enGbIvr, 'en-US': enUsIvr };

/** The staff pages' languages: the resources with an `admin` namespace. */
export const UI_LANGS = ['de', 'en'] as const satisfies ReadonlyArray<{ [K in keyof typeof resources]: (typeof resources)[K] extends { admin: unknown } ? K : never }[keyof typeof resources]>;
export type UiLang = (typeof UI_LANGS)[number];

let instance: i18n | undefined;

/** One shared, synchronously initialised i18next instance (resources are inline). */
export function getI18n(): i18n {
  if (instance) return instance;
  instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'de',
    fallbackLng: 'en',
    ns: ['ivr', 'admin'],
    defaultNS: 'ivr',
    initAsync: false,
    // Prompts are spoken (TwiML escapes them) and pages are rendered by JSX (which escapes), so
    // escaping here would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** The caller prompts of one language (locales/<lang>/ivr.json). */
export function ivrT(lang: Lang): TFunction<'ivr'> {
  return getI18n().getFixedT(lang, 'ivr');
}
