import type { Lang } from '../domain/index.ts';
import type { IvrContext } from './types.ts';

/**
 * The language the switch key (8 at the consent question) leads to: German ⇄ English. English
 * is the caller's own variant when their number has one (+1 → en-US), else British English.
 */
export function otherLanguage(lang: Lang, ctx: Pick<IvrContext, 'english'>): Lang {
  return lang === 'de-DE' ? (ctx.english ?? 'en-GB') : 'de-DE';
}
