import i18next, { type i18n, type TFunction } from 'i18next';
// Imported statically (not read from disk) so Deno and bundlers see the files.
import deAdmin from '../../locales/de/admin.json' with { type: 'json' };
import deIvr from '../../locales/de/ivr.json' with { type: 'json' };
import enAdmin from '../../locales/en/admin.json' with { type: 'json' };
import enIvr from '../../locales/en/ivr.json' with { type: 'json' };
import type { Lang } from '../store/types.ts';

export const resources = {
  de: { ivr: deIvr, admin: deAdmin },
  en: { ivr: enIvr, admin: enAdmin },
} as const;

export type UiLang = keyof typeof resources;
export const UI_LANGS = Object.keys(resources) as UiLang[];

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

/** de-DE → de, en-GB / en-US → en: English prompts serve both English locales. */
export const uiLangOf = (lang: Lang): UiLang => (lang === 'de-DE' ? 'de' : 'en');

export function ivrT(lang: Lang): TFunction<'ivr'> {
  return getI18n().getFixedT(uiLangOf(lang), 'ivr');
}
