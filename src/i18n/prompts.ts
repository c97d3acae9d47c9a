import type { Lang } from '../domain/index.ts';
import { ivrT } from './index.ts';

export interface PromptConfig {
  companyName: string;
  /** GREETING_DE / GREETING_EN with `{company}`; null: the locale's own greeting. */
  greetings: { de: string | null; en: string | null };
}

/**
 * What a caller hears for a prompt key: the locale's sentence with the company name, or the
 * configured greeting. Both depend only on language and key, so each is translated once.
 */
export function createPromptText(cfg: PromptConfig): (lang: Lang, key: string) => string {
  const cache = new Map<string, string>();
  const translate = (lang: Lang, key: string) => {
    const custom = key === 'greeting' ? cfg.greetings[lang === 'de-DE' ? 'de' : 'en'] : null;
    // `{{number}}` stays in the sentence: the renderer reads the number there digit by digit.
    return custom !== null ? custom.replaceAll('{company}', cfg.companyName) : ivrT(lang)(key, { company: cfg.companyName, number: '{{number}}' });
  };
  return (lang, key) => {
    const id = `${lang}|${key}`;
    let text = cache.get(id);
    if (text === undefined) cache.set(id, (text = translate(lang, key)));
    return text;
  };
}
